//! What the checks' tests share: kinds and a security group document.

use serde_json::json;

pub const KIND: &str = "aws.ec2.security-group";
pub const INSTANCE: &str = "aws.ec2.instance";
pub const MANAGED: &str = "aws.ssm.managed-instance";

/// The id of instance `id`'s `aws.ssm.managed-instance` in the fixture's account.
pub fn managed_id(id: &str) -> String {
    format!("arn:aws:ssm:global:111122223333:managed-instance/{id}")
}

/// A security group config in the DescribeSecurityGroups shape, named `<id>-name`.
pub fn sg(id: &str, ingress: serde_json::Value) -> serde_json::Value {
    json!({"GroupId": id, "GroupName": format!("{id}-name"), "VpcId": "vpc-1", "IpPermissions": ingress})
}
