//! The default security group of every VPC restricts all traffic.

use splitline_plugin_sdk::kinds::aws::Ec2SecurityGroup;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EC2-004",
        long_id: "aws-ec2-security-group-default-closed",
        title: "Default security group of a VPC has no inbound or outbound rules",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[Ec2SecurityGroup::KIND_NAME],
        risk: "Instances, endpoints and other interfaces launched without an explicit security group land in the VPC's default group, whose out-of-the-box rules allow all traffic between its members and all outbound traffic: unrelated workloads can reach each other (lateral movement) and send data anywhere, through paths nobody designed or reviewed.",
        remediation: Remediation {
            text: "Move any resources that rely on the default group to purpose-built security groups, then remove every inbound and outbound rule from the default group so it acts as deny-all. Manage it in code so added rules show up as drift.",
            cli: Some("aws ec2 revoke-security-group-ingress --group-id SG_ID --ip-permissions \"$(aws ec2 describe-security-groups --group-ids SG_ID --query 'SecurityGroups[0].IpPermissions')\" && aws ec2 revoke-security-group-egress --group-id SG_ID --ip-permissions \"$(aws ec2 describe-security-groups --group-ids SG_ID --query 'SecurityGroups[0].IpPermissionsEgress')\""),
            terraform: Some("# With no ingress or egress blocks, Terraform removes every rule of the default group.\nresource \"aws_default_security_group\" \"default\" {\n  vpc_id = aws_vpc.this.id\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2",
        ],
        compliance: &[
            compliance("cis-aws-3.0.0", "5.4"),
            compliance("nist-csf-2.0", "PR.IR-01"),
            compliance("iso27001-2022", "A.8.22"),
            compliance("soc2", "CC6.6"),
        ],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, sg) in e.each::<Ec2SecurityGroup>() {
        if sg.group_name != "default" {
            e.not_applicable(r, format!("Security group {} ({}) is not a VPC default security group.", sg.group_name, sg.group_id));
            continue;
        }
        let vpc = sg.vpc_id.as_deref().map(|v| format!(" of VPC {v}")).unwrap_or_default();
        let (inbound, outbound) = (sg.ip_permissions.len(), sg.ip_permissions_egress.len());
        if inbound == 0 && outbound == 0 {
            e.pass(r, format!("Default security group {}{vpc} has no inbound or outbound rules.", sg.group_id))
                .evidence("IpPermissions", "[] (no rules)")
                .evidence("IpPermissionsEgress", "[] (no rules)");
        } else {
            e.fail(
                r,
                format!("Default security group {}{vpc} has {inbound} inbound and {outbound} outbound rules instead of none.", sg.group_id),
            )
            .evidence("IpPermissions", format!("{inbound} rules"))
            .evidence("IpPermissionsEgress", format!("{outbound} rules"));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.ec2.security-group";

    #[test]
    fn default_group_with_aws_initial_rules_fails() {
        // What AWS creates: all traffic from members, all traffic out.
        let out = Fixture::new("aws", "111122223333")
            .resource(
                KIND,
                "sg-default",
                json!({
                    "GroupId": "sg-default", "GroupName": "default", "VpcId": "vpc-1",
                    "IpPermissions": [{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-default"}]}],
                    "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
                }),
            )
            .resource(
                KIND,
                "sg-egress-only",
                json!({"GroupId": "sg-egress-only", "GroupName": "default", "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
            )
            .run(&super::CHECK);
        let f = out.assert_status("sg-default", Status::Fail);
        assert_eq!(f.message, "Default security group sg-default of VPC vpc-1 has 1 inbound and 1 outbound rules instead of none.");
        let f = out.assert_status("sg-egress-only", Status::Fail);
        assert!(f.message.contains("0 inbound and 1 outbound"), "{}", f.message);
    }

    #[test]
    fn closed_default_passes_and_other_groups_do_not_apply() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "sg-closed", json!({"GroupId": "sg-closed", "GroupName": "default", "VpcId": "vpc-2", "IpPermissions": [], "IpPermissionsEgress": []}))
            .resource(
                KIND,
                "sg-web",
                json!({"GroupId": "sg-web", "GroupName": "web", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
            )
            .run(&super::CHECK);
        out.assert_status("sg-closed", Status::Pass);
        out.assert_status("sg-web", Status::NotApplicable);
    }

    #[test]
    fn malformed_rules_are_an_error_not_a_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "sg-odd", json!({"GroupId": "sg-odd", "GroupName": "default", "IpPermissionsEgress": {"IpProtocol": "-1"}}))
            .run(&super::CHECK);
        out.assert_status("sg-odd", Status::Error);
    }
}
