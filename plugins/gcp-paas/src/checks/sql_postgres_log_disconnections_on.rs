//! Cloud SQL for PostgreSQL: the `log_disconnections` database flag is `on`.

use splitline_plugin_sdk::kinds::gcp::SqlInstance;
use splitline_plugin_sdk::prelude::*;

use crate::sql_flags::{self, FlagSpec};

const SPEC: FlagSpec = FlagSpec { engine: "POSTGRES", engine_name: "PostgreSQL", flag: "log_disconnections", want: "on", default: |_| "off" };

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-SQL-008",
        long_id: "gcp-sql-postgres-log-disconnections-on",
        title: "Cloud SQL for PostgreSQL instance sets the log_disconnections flag to on",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[SqlInstance::KIND_NAME],
        risk: "Without log_disconnections, session ends and durations are not logged, which leaves gaps when reconstructing what a suspicious session did and for how long.",
        remediation: Remediation {
            text: "Set the log_disconnections flag to on. Note that gcloud --database-flags replaces the whole flag list: repeat the flags already set.",
            cli: Some("gcloud sql instances patch INSTANCE --database-flags=log_disconnections=on"),
            terraform: Some("resource \"google_sql_database_instance\" \"this\" {\n  # ...\n  settings {\n    database_flags {\n      name  = \"log_disconnections\"\n      value = \"on\"\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/sql/docs/postgres/flags"],
        compliance: &[compliance("cis-gcp-3.0.0", "6.2.3"), compliance("nist-csf-2.0", "DE.CM-09")],
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
        json!({"name": name, "databaseVersion": version, "settings": {"databaseFlags": [{"name": "log_disconnections", "value": value}]}})
    }

    #[test]
    fn required_value_passes_other_value_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/good", db("good", "POSTGRES_15", "on"))
            .resource(KIND, "db/bad", db("bad", "POSTGRES_15", "off"))
            .resource(KIND, "db/other", db("other", "MYSQL_8_0", "off"))
            .run(&super::CHECK);
        out.assert_status("db/good", Status::Pass);
        let f = out.assert_status("db/bad", Status::Fail);
        assert_eq!(f.message, "Cloud SQL PostgreSQL instance bad sets log_disconnections to off, not on.");
        out.assert_status("db/other", Status::NotApplicable);
    }

    #[test]
    fn unset_flag_follows_the_engine_default() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/unset-0", json!({"name": "unset-0", "databaseVersion": "POSTGRES_15", "settings": {}}))
            .resource(KIND, "db/odd", json!({"name": "odd", "databaseVersion": "POSTGRES_15", "settings": {"databaseFlags": "log_disconnections"}}))
            .run(&super::CHECK);
        out.assert_status("db/unset-0", Status::Fail);
        out.assert_status("db/odd", Status::Error);
    }
}
