//! Cloud SQL instances accept only encrypted connections.

use splitline_plugin_sdk::kinds::gcp::SqlInstance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-SQL-003",
        long_id: "gcp-sql-ssl-required",
        title: "Cloud SQL instance requires SSL/TLS for all incoming connections",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[SqlInstance::KIND_NAME],
        risk: "An instance that accepts unencrypted connections lets clients send credentials and query results in clear text: anyone on the path (a compromised host in the VPC, a peered network, the internet for a public IP) can read or alter them.",
        remediation: Remediation {
            text: "Set the SSL mode to ENCRYPTED_ONLY (or TRUSTED_CLIENT_CERTIFICATE_REQUIRED to also require client certificates). Connections through the Cloud SQL Auth Proxy and connectors are encrypted either way.",
            cli: Some("gcloud sql instances patch INSTANCE --ssl-mode=ENCRYPTED_ONLY"),
            terraform: Some("resource \"google_sql_database_instance\" \"this\" {\n  # ...\n  settings {\n    ip_configuration {\n      ssl_mode = \"ENCRYPTED_ONLY\"\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/sql/docs/mysql/configure-ssl-instance", "https://cloud.google.com/sql/docs/mysql/admin-api/rest/v1/instances#sslmode"],
        compliance: &[compliance("cis-gcp-3.0.0", "6.4"), compliance("nist-csf-2.0", "PR.DS-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, db) in e.each::<SqlInstance>() {
        let ip = db.settings.ip_configuration.clone().unwrap_or_default();
        match (ip.ssl_mode.as_deref(), ip.require_ssl) {
            (Some(mode @ ("ENCRYPTED_ONLY" | "TRUSTED_CLIENT_CERTIFICATE_REQUIRED")), _) => {
                e.pass(r, format!("Cloud SQL instance {} accepts only encrypted connections (SSL mode {mode}).", db.name)).evidence("settings.ipConfiguration.sslMode", mode);
            }
            (Some(mode), _) => {
                e.fail(r, format!("Cloud SQL instance {} accepts unencrypted connections (SSL mode {mode}).", db.name)).evidence("settings.ipConfiguration.sslMode", mode);
            }
            (None, Some(true)) => {
                e.pass(r, format!("Cloud SQL instance {} requires SSL for all connections.", db.name)).evidence("settings.ipConfiguration.requireSsl", true);
            }
            (None, require) => {
                e.fail(r, format!("Cloud SQL instance {} accepts unencrypted connections.", db.name))
                    .evidence("settings.ipConfiguration.requireSsl", require.map_or("absent".to_string(), |b| b.to_string()));
            }
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
        json!({"name": name, "settings": {"ipConfiguration": ip}})
    }

    #[test]
    fn ssl_mode_takes_precedence_over_require_ssl() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/encrypted", db("encrypted", json!({"sslMode": "ENCRYPTED_ONLY"})))
            .resource(KIND, "db/mtls", db("mtls", json!({"sslMode": "TRUSTED_CLIENT_CERTIFICATE_REQUIRED", "requireSsl": true})))
            .resource(KIND, "db/allow", db("allow", json!({"sslMode": "ALLOW_UNENCRYPTED_AND_ENCRYPTED", "requireSsl": true})))
            .resource(KIND, "db/legacy", db("legacy", json!({"requireSsl": true})))
            .resource(KIND, "db/legacy-off", db("legacy-off", json!({"requireSsl": false})))
            .resource(KIND, "db/none", json!({"name": "none"}))
            .run(&super::CHECK);
        out.assert_status("db/encrypted", Status::Pass);
        out.assert_status("db/mtls", Status::Pass);
        let f = out.assert_status("db/allow", Status::Fail);
        assert_eq!(f.message, "Cloud SQL instance allow accepts unencrypted connections (SSL mode ALLOW_UNENCRYPTED_AND_ENCRYPTED).");
        out.assert_status("db/legacy", Status::Pass);
        out.assert_status("db/legacy-off", Status::Fail);
        let f = out.assert_status("db/none", Status::Fail);
        assert_eq!(f.evidence[0].value, "absent");
    }
}
