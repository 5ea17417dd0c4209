//! EC2 security groups do not admit RDP from the whole internet.

use splitline_plugin_sdk::kinds::aws::Ec2SecurityGroup;
use splitline_plugin_sdk::prelude::*;

use crate::ingress;

const RDP_PORT: i64 = 3389;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EC2-002",
        long_id: "aws-ec2-security-group-rdp-restricted",
        title: "Security group does not allow RDP (port 3389) from 0.0.0.0/0 or ::/0",
        severity: Severity::High,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[Ec2SecurityGroup::KIND_NAME],
        risk: "Internet-facing RDP is one of the most common initial-access vectors for ransomware: it is password-sprayed continuously, usually authenticates against Windows or domain passwords rather than keys, and has had pre-authentication remote code execution flaws (such as CVE-2019-0708, BlueKeep). Rated high rather than critical because an attacker still needs a credential or an unpatched host.",
        remediation: Remediation {
            text: "Remove the rule or narrow its source to known administrative ranges, for IPv4 (0.0.0.0/0) and IPv6 (::/0), TCP and UDP alike. Prefer Fleet Manager Remote Desktop (Systems Manager) or a VPN, which need no internet-facing port.",
            cli: Some("aws ec2 revoke-security-group-ingress --group-id SG_ID --protocol tcp --port 3389 --cidr 0.0.0.0/0"),
            terraform: Some("resource \"aws_vpc_security_group_ingress_rule\" \"rdp\" {\n  security_group_id = aws_security_group.this.id\n  ip_protocol       = \"tcp\"\n  from_port         = 3389\n  to_port           = 3389\n  cidr_ipv4         = \"203.0.113.0/24\" # administrative range, never 0.0.0.0/0\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-14",
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/fleet-manager-remote-desktop-connections.html",
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
    ingress::check_admin_port(e, RDP_PORT, "RDP");
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{KIND, sg};

    #[test]
    fn world_open_rdp_fails_over_tcp_udp_and_ipv6() {
        let out = Fixture::new("aws", "111122223333")
            .resource(
                KIND,
                "sg-both",
                sg("sg-both", json!([{"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])),
            )
            .resource(KIND, "sg-udp", sg("sg-udp", json!([{"IpProtocol": "udp", "FromPort": 3389, "ToPort": 3389, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])))
            .resource(KIND, "sg-wide", sg("sg-wide", json!([{"IpProtocol": "6", "FromPort": 1024, "ToPort": 65535, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])))
            .run(&super::CHECK);
        let f = out.assert_status("sg-both", Status::Fail);
        assert_eq!(f.message, "Security group sg-both-name (sg-both) allows RDP (port 3389) from 0.0.0.0/0 and ::/0.");
        assert_eq!(f.evidence.len(), 1);
        out.assert_status("sg-udp", Status::Fail);
        out.assert_status("sg-wide", Status::Fail);
    }

    #[test]
    fn ssh_only_and_private_rdp_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "sg-ssh", sg("sg-ssh", json!([{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])))
            .resource(KIND, "sg-vpn", sg("sg-vpn", json!([{"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "IpRanges": [{"CidrIp": "10.8.0.0/16"}]}])))
            .resource(KIND, "sg-icmp", sg("sg-icmp", json!([{"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])))
            .run(&super::CHECK);
        out.assert_status("sg-ssh", Status::Pass);
        out.assert_status("sg-vpn", Status::Pass);
        out.assert_status("sg-icmp", Status::Pass);
    }

    #[test]
    fn malformed_rules_are_an_error_not_a_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "sg-odd", sg("sg-odd", json!([{"IpProtocol": "tcp", "FromPort": "3389"}])))
            .run(&super::CHECK);
        out.assert_status("sg-odd", Status::Error);
    }
}
