//! Cloud SQL for SQL Server: the `external scripts enabled` database flag is `off`.

use splitline_plugin_sdk::kinds::gcp::SqlInstance;
use splitline_plugin_sdk::prelude::*;

use crate::sql_flags::{self, FlagSpec};

const SPEC: FlagSpec = FlagSpec { engine: "SQLSERVER", engine_name: "SQL Server", flag: "external scripts enabled", want: "off", default: |_| "off" };

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-SQL-011",
        long_id: "gcp-sql-sqlserver-external-scripts-off",
        title: "Cloud SQL for SQL Server instance sets the external scripts enabled flag to off",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[SqlInstance::KIND_NAME],
        risk: "With external scripts enabled, R and Python code can be run from T-SQL outside the database engine's security boundary, which widens what SQL injection or a compromised login can do on the host.",
        remediation: Remediation {
            text: "Set the external scripts enabled flag to off. Note that gcloud --database-flags replaces the whole flag list: repeat the flags already set.",
            cli: Some("gcloud sql instances patch INSTANCE --database-flags=\"external scripts enabled=off\""),
            terraform: Some("resource \"google_sql_database_instance\" \"this\" {\n  # ...\n  settings {\n    database_flags {\n      name  = \"external scripts enabled\"\n      value = \"off\"\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/sql/docs/sqlserver/flags"],
        compliance: &[compliance("cis-gcp-3.0.0", "6.3.1"), compliance("nist-csf-2.0", "PR.PS-01")],
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
        json!({"name": name, "databaseVersion": version, "settings": {"databaseFlags": [{"name": "external scripts enabled", "value": value}]}})
    }

    #[test]
    fn required_value_passes_other_value_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/good", db("good", "SQLSERVER_2019_STANDARD", "off"))
            .resource(KIND, "db/bad", db("bad", "SQLSERVER_2019_STANDARD", "on"))
            .resource(KIND, "db/other", db("other", "POSTGRES_15", "on"))
            .run(&super::CHECK);
        out.assert_status("db/good", Status::Pass);
        let f = out.assert_status("db/bad", Status::Fail);
        assert_eq!(f.message, "Cloud SQL SQL Server instance bad sets external scripts enabled to on, not off.");
        out.assert_status("db/other", Status::NotApplicable);
    }

    #[test]
    fn unset_flag_follows_the_engine_default() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/unset-0", json!({"name": "unset-0", "databaseVersion": "SQLSERVER_2019_STANDARD", "settings": {}}))
            .resource(KIND, "db/odd", json!({"name": "odd", "databaseVersion": "SQLSERVER_2019_STANDARD", "settings": {"databaseFlags": "external scripts enabled"}}))
            .run(&super::CHECK);
        out.assert_status("db/unset-0", Status::Pass);
        out.assert_status("db/odd", Status::Error);
    }
}
