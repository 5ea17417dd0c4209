//! Cloud SQL for MySQL: the `local_infile` database flag is `off`.

use splitline_plugin_sdk::kinds::gcp::SqlInstance;
use splitline_plugin_sdk::prelude::*;

use crate::sql_flags::{self, FlagSpec};

const SPEC: FlagSpec = FlagSpec { engine: "MYSQL", engine_name: "MySQL", flag: "local_infile", want: "off", default: |v| if v.starts_with("MYSQL_5") { "on" } else { "off" } };

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-SQL-005",
        long_id: "gcp-sql-mysql-local-infile-off",
        title: "Cloud SQL for MySQL instance sets the local_infile flag to off",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[SqlInstance::KIND_NAME],
        risk: "With local_infile on, LOAD DATA LOCAL lets the server ask the client for any file the client process can read: a malicious or compromised server, or SQL injection in an application, can exfiltrate files from the application host.",
        remediation: Remediation {
            text: "Set the local_infile flag to off. Note that gcloud --database-flags replaces the whole flag list: repeat the flags already set.",
            cli: Some("gcloud sql instances patch INSTANCE --database-flags=local_infile=off"),
            terraform: Some("resource \"google_sql_database_instance\" \"this\" {\n  # ...\n  settings {\n    database_flags {\n      name  = \"local_infile\"\n      value = \"off\"\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/sql/docs/mysql/flags"],
        compliance: &[compliance("cis-gcp-3.0.0", "6.1.3"), compliance("nist-csf-2.0", "PR.PS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    sql_flags::check(e, &SPEC);
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.sql.instance";

    fn db(name: &str, version: &str, value: &str) -> serde_json::Value {
        json!({"name": name, "databaseVersion": version, "settings": {"databaseFlags": [{"name": "local_infile", "value": value}]}})
    }

    #[test]
    fn required_value_passes_other_value_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/good", db("good", "MYSQL_8_0", "OFF"))
            .resource(KIND, "db/bad", db("bad", "MYSQL_8_0", "ON"))
            .resource(KIND, "db/other", db("other", "POSTGRES_15", "ON"))
            .run(&super::CHECK);
        out.assert_status("db/good", Status::Pass);
        let f = out.assert_status("db/bad", Status::Fail);
        assert_eq!(f.message, "Cloud SQL MySQL instance bad sets local_infile to ON, not off.");
        out.assert_status("db/other", Status::NotApplicable);
    }

    #[test]
    fn unset_flag_follows_the_engine_default() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/unset-0", json!({"name": "unset-0", "databaseVersion": "MYSQL_8_0", "settings": {}}))
            .resource(KIND, "db/unset-1", json!({"name": "unset-1", "databaseVersion": "MYSQL_5_7", "settings": {}}))
            .resource(KIND, "db/odd", json!({"name": "odd", "databaseVersion": "MYSQL_8_0", "settings": {"databaseFlags": "local_infile"}}))
            .run(&super::CHECK);
        out.assert_status("db/unset-0", Status::Pass);
        out.assert_status("db/unset-1", Status::Fail);
        out.assert_status("db/odd", Status::Error);
    }
}
