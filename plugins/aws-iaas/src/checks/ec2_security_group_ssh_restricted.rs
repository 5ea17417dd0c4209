//! EC2 security groups do not admit SSH from the whole internet.

use splitline_plugin_sdk::kinds::aws::Ec2SecurityGroup;
use splitline_plugin_sdk::prelude::*;

use crate::ingress;

const SSH_PORT: i64 = 22;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EC2-001",
        long_id: "aws-ec2-security-group-ssh-restricted",
        title: "Security group does not allow SSH (port 22) from 0.0.0.0/0 or ::/0",
        severity: Severity::High,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[Ec2SecurityGroup::KIND_NAME],
        risk: "SSH reachable from the whole internet is found by scanners within minutes and then brute-forced and credential-stuffed around the clock; a weak password, a leaked key or a pre-authentication flaw in the daemon (such as CVE-2024-6387, regreSSHion) then gives a shell on every instance in the group. Rated high rather than critical because an attacker still needs a credential or an unpatched daemon.",
        remediation: Remediation {
            text: "Remove the rule or narrow its source to known administrative ranges, for IPv4 (0.0.0.0/0) and IPv6 (::/0) alike. Prefer AWS Systems Manager Session Manager or EC2 Instance Connect Endpoint, which need no inbound port at all.",
            cli: Some("aws ec2 revoke-security-group-ingress --group-id SG_ID --protocol tcp --port 22 --cidr 0.0.0.0/0"),
            terraform: Some("resource \"aws_vpc_security_group_ingress_rule\" \"ssh\" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol       = \"tcp\"\n  from_port         = 22\n  to_port           = 22\n  cidr_ipv4         = \"203.0.113.0/24\" # administrative range, never 0.0.0.0/0\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13",
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
        ],
        compliance: &[
            compliance("cis-aws-3.0.0", "5.2"),
            compliance("cis-aws-3.0.0", "5.3"),
            compliance("nist-csf-2.0", "PR.IR-01"),
            compliance("iso27001-2022", "A.8.20"),
            compliance("soc2", "CC6.6"),
        ],
    },
    run,
};

fn run(e: &mut Eval) {
    ingress::check_admin_port(e, SSH_PORT, "SSH");
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{KIND, sg};

    #[test]
    fn world_open_ssh_fails_in_every_form() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "sg-v4", sg("sg-v4", json!([{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])))
            .resource(KIND, "sg-v6", sg("sg-v6", json!([{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])))
            .resource(KIND, "sg-all", sg("sg-all", json!([{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])))
            .resource(KIND, "sg-range", sg("sg-range", json!([{"IpProtocol": "tcp", "FromPort": 0, "ToPort": 1024, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])))
            .resource(KIND, "sg-udp", sg("sg-udp", json!([{"IpProtocol": "udp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])))
            .run(&super::CHECK);
        let f = out.assert_status("sg-v4", Status::Fail);
        assert_eq!(f.message, "Security group sg-v4-name (sg-v4) allows SSH (port 22) from 0.0.0.0/0.");
        assert_eq!(f.evidence[0].property, "IpPermissions[0]");
        assert_eq!(f.evidence[0].value, "IpProtocol=tcp FromPort=22 ToPort=22 from 0.0.0.0/0");
        let f = out.assert_status("sg-v6", Status::Fail);
        assert!(f.message.ends_with("from ::/0."), "{}", f.message);
        out.assert_status("sg-all", Status::Fail);
        out.assert_status("sg-range", Status::Fail);
        out.assert_status("sg-udp", Status::Fail);
    }

    #[test]
    fn restricted_sources_other_ports_and_egress_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource(
                KIND,
                "sg-office",
                sg("sg-office", json!([{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.0/24"}], "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32"}]}])),
            )
            .resource(KIND, "sg-web", sg("sg-web", json!([{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])))
            .resource(
                KIND,
                "sg-egress",
                json!({"GroupId": "sg-egress", "GroupName": "egress", "IpPermissions": [], "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}),
            )
            .resource(KIND, "sg-empty", json!({"GroupId": "sg-empty", "GroupName": "empty"}))
            .run(&super::CHECK);
        out.assert_status("sg-office", Status::Pass);
        out.assert_status("sg-web", Status::Pass);
        out.assert_status("sg-egress", Status::Pass);
        out.assert_status("sg-empty", Status::Pass);
    }

    #[test]
    fn malformed_rules_are_an_error_not_a_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "sg-odd", json!({"GroupId": "sg-odd", "GroupName": "odd", "IpPermissions": "all"}))
            .run(&super::CHECK);
        out.assert_status("sg-odd", Status::Error);
    }
}
