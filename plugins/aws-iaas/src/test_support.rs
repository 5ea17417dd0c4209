//! What the checks' tests share: the kind and a security group document.

use serde_json::json;

pub const KIND: &str = "aws.ec2.security-group";

/// A security group config in the DescribeSecurityGroups shape, named `<id>-name`.
pub fn sg(id: &str, ingress: serde_json::Value) -> serde_json::Value {
    json!({"GroupId": id, "GroupName": format!("{id}-name"), "VpcId": "vpc-1", "IpPermissions": ingress})
}
