//! EC2 security groups do not admit common database ports from the whole internet.

use splitline_plugin_sdk::kinds::aws::Ec2SecurityGroup;
use splitline_plugin_sdk::prelude::*;

use crate::ingress;

/// Default ports of the database engines most often found exposed.
const DATABASE_PORTS: &[(i64, &str)] = &[
    (3306, "MySQL/MariaDB"),
    (5432, "PostgreSQL"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (27017, "MongoDB"),
    (6379, "Redis"),
    (9200, "Elasticsearch/OpenSearch"),
];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EC2-003",
        long_id: "aws-ec2-security-group-database-ports-restricted",
        title: "Security group does not allow database ports (3306, 5432, 1433, 1521, 27017, 6379, 9200) from 0.0.0.0/0 or ::/0",
        severity: Severity::Critical,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[Ec2SecurityGroup::KIND_NAME],
        risk: "A database port open to the internet puts the data itself one connection away: Redis, Elasticsearch and older MongoDB installations accept connections without authentication by default, and automated campaigns find, dump, wipe and ransom such databases within hours of exposure; the other engines are brute-forced against their built-in accounts. Rated critical, like a public bucket, because exposure is often a breach without any further step.",
        remediation: Remediation {
            text: "Remove the rule. Allow database ports only from the application tier's security group (a security group reference rather than a CIDR) or from private ranges, and reach databases for administration through a bastion, Session Manager port forwarding or a VPN.",
            cli: Some("aws ec2 revoke-security-group-ingress --group-id SG_ID --protocol tcp --port 5432 --cidr 0.0.0.0/0"),
            terraform: Some("resource \"aws_vpc_security_group_ingress_rule\" \"db_from_app\" {\n  security_group_id            = aws_security_group.db.id\n  referenced_security_group_id = aws_security_group.app.id\n  ip_protocol                  = \"tcp\"\n  from_port                    = 5432\n  to_port                      = 5432\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.RDSSecurityGroups.html",
        ],
        compliance: &[
            compliance("nist-csf-2.0", "PR.IR-01"),
            compliance("iso27001-2022", "A.8.20"),
            compliance("iso27001-2022", "A.8.22"),
            compliance("soc2", "CC6.6"),
        ],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, sg) in e.each::<Ec2SecurityGroup>() {
        let exposed: Vec<String> = DATABASE_PORTS
            .iter()
            .filter(|(port, _)| !ingress::open_rules(&sg.ip_permissions, |rule| rule.covers_tcp_port(*port)).is_empty())
            .map(|(port, engine)| format!("{port} ({engine})"))
            .collect();
        if exposed.is_empty() {
            e.pass(r, format!("Security group {} ({}) does not allow database ports from the internet.", sg.group_name, sg.group_id));
            continue;
        }
        let open = ingress::open_rules(&sg.ip_permissions, |rule| DATABASE_PORTS.iter().any(|(port, _)| rule.covers_tcp_port(*port)));
        let f = e.fail(
            r,
            format!(
                "Security group {} ({}) allows database ports {} from {}.",
                sg.group_name,
                sg.group_id,
                exposed.join(", "),
                ingress::sources_of(&open)
            ),
        );
        ingress::add_evidence(f, &open);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{KIND, sg};

    #[test]
    fn world_open_database_ports_fail_and_are_named() {
        let out = Fixture::new("aws", "111122223333")
            .resource(
                KIND,
                "sg-pg",
                sg(
                    "sg-pg",
                    json!([
                        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
                        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
                    ]),
                ),
            )
            .resource(KIND, "sg-redis", sg("sg-redis", json!([{"IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6379, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])))
            .resource(KIND, "sg-all", sg("sg-all", json!([{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])))
            .run(&super::CHECK);
        let f = out.assert_status("sg-pg", Status::Fail);
        assert_eq!(f.message, "Security group sg-pg-name (sg-pg) allows database ports 5432 (PostgreSQL) from 0.0.0.0/0.");
        assert_eq!(f.evidence.len(), 1, "only the 5432 rule is evidence: {:?}", f.evidence);
        assert_eq!(f.evidence[0].property, "IpPermissions[1]");
        let f = out.assert_status("sg-redis", Status::Fail);
        assert!(f.message.contains("6379 (Redis)") && f.message.ends_with("from ::/0."), "{}", f.message);
        let f = out.assert_status("sg-all", Status::Fail);
        for port in ["3306", "5432", "1433", "1521", "27017", "6379", "9200"] {
            assert!(f.message.contains(port), "{port} missing from {}", f.message);
        }
    }

    #[test]
    fn private_database_access_and_udp_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "sg-app", sg("sg-app", json!([{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}])))
            .resource(KIND, "sg-dns", sg("sg-dns", json!([{"IpProtocol": "udp", "FromPort": 0, "ToPort": 65535, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])))
            .resource(KIND, "sg-none", json!({"GroupId": "sg-none", "GroupName": "none", "IpPermissions": []}))
            .run(&super::CHECK);
        out.assert_status("sg-app", Status::Pass);
        out.assert_status("sg-dns", Status::Pass);
        out.assert_status("sg-none", Status::Pass);
    }

    #[test]
    fn malformed_rules_are_an_error_not_a_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "sg-odd", sg("sg-odd", json!([{"IpProtocol": "tcp", "IpRanges": "0.0.0.0/0"}])))
            .run(&super::CHECK);
        out.assert_status("sg-odd", Status::Error);
    }
}
