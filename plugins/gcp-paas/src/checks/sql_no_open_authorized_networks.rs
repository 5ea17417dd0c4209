//! Cloud SQL instances do not authorize the whole internet on their public IP.

use splitline_plugin_sdk::kinds::gcp::SqlInstance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-SQL-001",
        long_id: "gcp-sql-no-open-authorized-networks",
        title: "Cloud SQL instance does not authorize 0.0.0.0/0 to connect to its public IP",
        severity: Severity::Critical,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[SqlInstance::KIND_NAME],
        risk: "An authorized network of 0.0.0.0/0 lets anyone on the internet reach the database listener: the built-in accounts are brute-forced continuously, and any weak or leaked password (or an engine vulnerability) exposes the data directly.",
        remediation: Remediation {
            text: "Remove the 0.0.0.0/0 authorized network; connect through private IP, the Cloud SQL Auth Proxy or connectors (which need no authorized network), or authorize only specific client ranges. Enforce with constraints/sql.restrictAuthorizedNetworks.",
            cli: Some("gcloud sql instances patch INSTANCE --clear-authorized-networks"),
            terraform: Some("resource \"google_sql_database_instance\" \"this\" {\n  # ...\n  settings {\n    ip_configuration {\n      ipv4_enabled    = false\n      private_network = google_compute_network.vpc.id\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/sql/docs/mysql/authorize-networks", "https://cloud.google.com/sql/docs/mysql/sql-proxy"],
        compliance: &[compliance("cis-gcp-3.0.0", "6.5"), compliance("nist-csf-2.0", "PR.IR-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, db) in e.each::<SqlInstance>() {
        let ip = db.settings.ip_configuration.clone().unwrap_or_default();
        let open: Vec<String> = ip.authorized_networks.iter().filter(|n| matches!(n.value.as_str(), "0.0.0.0/0" | "::/0")).map(|n| n.value.clone()).collect();
        if open.is_empty() {
            e.pass(r, format!("Cloud SQL instance {} does not authorize the whole internet.", db.name));
        } else if ip.ipv4_enabled == Some(false) {
            e.pass(r, format!("Cloud SQL instance {} lists {} as an authorized network but has no public IP.", db.name, open.join(", ")))
                .evidence("settings.ipConfiguration.ipv4Enabled", false);
        } else {
            e.fail(r, format!("Cloud SQL instance {} authorizes {} to connect to its public IP.", db.name, open.join(" and ")))
                .evidence("settings.ipConfiguration.authorizedNetworks[].value", open.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.sql.instance";

    fn db(name: &str, ip: serde_json::Value) -> serde_json::Value {
        json!({"name": name, "databaseVersion": "POSTGRES_15", "settings": {"ipConfiguration": ip}})
    }

    #[test]
    fn world_network_fails_specific_passes() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/open", db("open", json!({"ipv4Enabled": true, "authorizedNetworks": [{"name": "anyone", "value": "0.0.0.0/0"}]})))
            .resource(KIND, "db/office", db("office", json!({"ipv4Enabled": true, "authorizedNetworks": [{"value": "203.0.113.0/24"}]})))
            .resource(KIND, "db/private", db("private", json!({"ipv4Enabled": false, "authorizedNetworks": [{"value": "0.0.0.0/0"}]})))
            .resource(KIND, "db/none", json!({"name": "none"}))
            .run(&super::CHECK);
        let f = out.assert_status("db/open", Status::Fail);
        assert_eq!(f.message, "Cloud SQL instance open authorizes 0.0.0.0/0 to connect to its public IP.");
        out.assert_status("db/office", Status::Pass);
        out.assert_status("db/private", Status::Pass);
        out.assert_status("db/none", Status::Pass);
    }
}
