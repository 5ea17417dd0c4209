//! Cloud SQL instances have no public IP address.

use splitline_plugin_sdk::kinds::gcp::SqlInstance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-SQL-002",
        long_id: "gcp-sql-no-public-ip",
        title: "Cloud SQL instance has no public IP address",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[SqlInstance::KIND_NAME],
        risk: "A public IP puts the database one configuration change away from the internet: an authorized network added for a quick test, or a connector misused with a leaked credential, exposes it, and the instance is visible to anyone enumerating Google Cloud addresses.",
        remediation: Remediation {
            text: "Configure private IP (private services access or Private Service Connect), move clients to it, then disable the public IPv4 address. Enforce with constraints/sql.restrictPublicIp.",
            cli: Some("gcloud sql instances patch INSTANCE --network=projects/PROJECT/global/networks/VPC --no-assign-ip"),
            terraform: Some("resource \"google_sql_database_instance\" \"this\" {\n  # ...\n  settings {\n    ip_configuration {\n      ipv4_enabled    = false\n      private_network = google_compute_network.vpc.id\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/sql/docs/mysql/configure-private-ip", "https://cloud.google.com/sql/docs/mysql/connection-org-policy"],
        compliance: &[compliance("cis-gcp-3.0.0", "6.6"), compliance("nist-csf-2.0", "PR.IR-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, db) in e.each::<SqlInstance>() {
        let primary: Vec<String> = db.ip_addresses.iter().filter(|a| a.kind.as_deref() == Some("PRIMARY")).filter_map(|a| a.ip_address.clone()).collect();
        let enabled = db.settings.ip_configuration.as_ref().and_then(|c| c.ipv4_enabled);
        if !primary.is_empty() {
            e.fail(r, format!("Cloud SQL instance {} has the public IP address {}.", db.name, primary.join(", ")))
                .evidence("ipAddresses[type=PRIMARY]", primary.join(", "));
        } else if enabled == Some(true) {
            e.fail(r, format!("Cloud SQL instance {} has a public IPv4 address enabled.", db.name)).evidence("settings.ipConfiguration.ipv4Enabled", true);
        } else {
            e.pass(r, format!("Cloud SQL instance {} has no public IP address.", db.name));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.sql.instance";

    #[test]
    fn primary_address_or_ipv4_enabled_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/public", json!({"name": "public", "ipAddresses": [{"type": "PRIMARY", "ipAddress": "34.76.1.2"}, {"type": "OUTGOING", "ipAddress": "34.76.9.9"}], "settings": {"ipConfiguration": {"ipv4Enabled": true}}}))
            .resource(KIND, "db/enabled", json!({"name": "enabled", "settings": {"ipConfiguration": {"ipv4Enabled": true}}}))
            .resource(KIND, "db/private", json!({"name": "private", "ipAddresses": [{"type": "PRIVATE", "ipAddress": "10.20.0.3"}], "settings": {"ipConfiguration": {"ipv4Enabled": false, "privateNetwork": "projects/p/global/networks/vpc"}}}))
            .run(&super::CHECK);
        let f = out.assert_status("db/public", Status::Fail);
        assert_eq!(f.message, "Cloud SQL instance public has the public IP address 34.76.1.2.");
        out.assert_status("db/enabled", Status::Fail);
        out.assert_status("db/private", Status::Pass);
    }
}
