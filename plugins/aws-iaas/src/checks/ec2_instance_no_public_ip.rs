//! EC2 instances have no public IPv4 address.

use splitline_plugin_sdk::kinds::aws::Ec2Instance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EC2-006",
        long_id: "aws-ec2-instance-no-public-ip",
        title: "EC2 instance has no public IPv4 address",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[Ec2Instance::KIND_NAME],
        risk: "An instance with a public address is directly reachable from the internet: one permissive security group rule or a service listening on the wrong interface is then enough to expose it, and it is scanned continuously. Rated medium because the security groups (AWS-EC2-001 to 004) still decide what gets through.",
        remediation: Remediation {
            text: "Place instances in private subnets without auto-assigned public addresses and publish services through a load balancer, API Gateway or CloudFront; reach instances for administration with Session Manager. Release Elastic IPs that are not needed.",
            cli: Some("aws ec2 modify-subnet-attribute --subnet-id SUBNET_ID --no-map-public-ip-on-launch"),
            terraform: Some("resource \"aws_instance\" \"this\" {\n  # ...\n  associate_public_ip_address = false\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-9",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.IR-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, i) in e.each::<Ec2Instance>() {
        match i.public_ip_address.as_deref().filter(|ip| !ip.is_empty()) {
            Some(ip) => {
                e.fail(r, format!("EC2 instance {} has the public IPv4 address {ip}.", i.instance_id))
                    .evidence("PublicIpAddress", ip);
            }
            None => {
                e.pass(r, format!("EC2 instance {} has no public IPv4 address.", i.instance_id))
                    .evidence("PublicIpAddress", "absent");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::INSTANCE;

    #[test]
    fn public_address_fails_private_passes() {
        let out = Fixture::new("aws", "111122223333")
            .resource(INSTANCE, "i-pub", json!({"InstanceId": "i-pub", "PublicIpAddress": "203.0.113.7", "PrivateIpAddress": "10.0.0.5"}))
            .resource(INSTANCE, "i-priv", json!({"InstanceId": "i-priv", "PrivateIpAddress": "10.0.0.6"}))
            .resource(INSTANCE, "i-empty", json!({"InstanceId": "i-empty", "PublicIpAddress": ""}))
            .resource(INSTANCE, "i-odd", json!({"InstanceId": "i-odd", "PublicIpAddress": 7}))
            .run(&super::CHECK);
        let f = out.assert_status("i-pub", Status::Fail);
        assert_eq!(f.message, "EC2 instance i-pub has the public IPv4 address 203.0.113.7.");
        out.assert_status("i-priv", Status::Pass);
        out.assert_status("i-empty", Status::Pass);
        out.assert_status("i-odd", Status::Error);
    }
}
