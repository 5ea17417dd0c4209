//! VPC firewall rules do not admit common database ports from the whole internet.

use splitline_plugin_sdk::kinds::gcp::ComputeFirewall;
use splitline_plugin_sdk::prelude::*;

use crate::firewall;

/// Default ports of the database engines most often found exposed.
const PORTS: &[(u32, &str)] = &[
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (27017, "MongoDB"),
    (6379, "Redis"),
    (9200, "Elasticsearch"),
    (9042, "Cassandra"),
    (11211, "Memcached"),
];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-VPC-003",
        long_id: "gcp-vpc-firewall-database-ports-restricted",
        title: "Firewall rule does not allow database ports (3306, 5432, 1433, 1521, 27017, 6379, 9200, 9042, 11211) from 0.0.0.0/0 or ::/0",
        severity: Severity::Critical,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[ComputeFirewall::KIND_NAME],
        risk: "A database port open to the internet puts the data one connection away: Redis, Memcached, Elasticsearch and older MongoDB installations accept connections without authentication by default and are found, dumped, wiped and ransomed within hours; the other engines are brute-forced against their built-in accounts.",
        remediation: Remediation {
            text: "Delete the rule. Allow database ports only from the application tier (source tags or source service accounts) or private ranges, and use Cloud SQL private IP or the Cloud SQL Auth Proxy for managed databases.",
            cli: Some("gcloud compute firewall-rules delete RULE"),
            terraform: Some("resource \"google_compute_firewall\" \"db_from_app\" {\n  name                    = \"allow-postgres-from-app\"\n  network                 = google_compute_network.vpc.id\n  source_service_accounts = [google_service_account.app.email]\n  target_service_accounts = [google_service_account.db.email]\n  allow {\n    protocol = \"tcp\"\n    ports    = [\"5432\"]\n  }\n}"),
        },
        references: &["https://cloud.google.com/firewall/docs/firewalls", "https://cloud.google.com/firewall/docs/using-firewalls"],
        compliance: &[compliance("nist-csf-2.0", "PR.IR-01"), compliance("soc2", "CC6.6")],
    },
    run,
};

fn run(e: &mut Eval) {
    firewall::check_ports(e, PORTS, "database access");
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.compute.firewall";

    #[test]
    fn world_open_database_ports_fail() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "fw/pg", json!({"name": "pg", "sourceRanges": ["0.0.0.0/0"], "allowed": [{"IPProtocol": "tcp", "ports": ["5432", "443"]}]}))
            .resource(KIND, "fw/all", json!({"name": "all", "sourceRanges": ["0.0.0.0/0"], "allowed": [{"IPProtocol": "tcp"}]}))
            .resource(KIND, "fw/private", json!({"name": "private", "sourceRanges": ["10.0.0.0/8"], "allowed": [{"IPProtocol": "tcp", "ports": ["5432"]}]}))
            .resource(KIND, "fw/web", json!({"name": "web", "sourceRanges": ["0.0.0.0/0"], "allowed": [{"IPProtocol": "tcp", "ports": ["80", "443"]}]}))
            .run(&super::CHECK);
        let f = out.assert_status("fw/pg", Status::Fail);
        assert_eq!(f.message, "Firewall rule pg allows database access (port 5432 (PostgreSQL)) from 0.0.0.0/0 to every instance of its network.");
        let f = out.assert_status("fw/all", Status::Fail);
        assert!(f.message.contains("3306 (MySQL)") && f.message.contains("11211 (Memcached)"), "{}", f.message);
        out.assert_status("fw/private", Status::Pass);
        out.assert_status("fw/web", Status::Pass);
    }
}
