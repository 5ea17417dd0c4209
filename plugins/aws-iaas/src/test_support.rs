//! What the checks' tests share: kinds and a security group document.

use serde_json::json;

pub const KIND: &str = "aws.ec2.security-group";
pub const INSTANCE: &str = "aws.ec2.instance";

/// A security group config in the DescribeSecurityGroups shape, named `<id>-name`.
pub fn sg(id: &str, ingress: serde_json::Value) -> serde_json::Value {
    json!({"GroupId": id, "GroupName": format!("{id}-name"), "VpcId": "vpc-1", "IpPermissions": ingress})
}
