//! Cloud SQL for PostgreSQL: the `log_min_duration_statement` database flag is `-1`.

use splitline_plugin_sdk::kinds::gcp::SqlInstance;
use splitline_plugin_sdk::prelude::*;

use crate::sql_flags::{self, FlagSpec};

const SPEC: FlagSpec = FlagSpec { engine: "POSTGRES", engine_name: "PostgreSQL", flag: "log_min_duration_statement", want: "-1", default: |_| "-1" };

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-SQL-009",
        long_id: "gcp-sql-postgres-log-min-duration-statement-disabled",
        title: "Cloud SQL for PostgreSQL instance leaves log_min_duration_statement at -1 (statement text not logged by duration)",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[SqlInstance::KIND_NAME],
        risk: "log_min_duration_statement logs the full text of slow statements, including literal values such as personal data, passwords set with ALTER ROLE or tokens, into Cloud Logging where far more people can read them than can read the database.",
        remediation: Remediation {
            text: "Set log_min_duration_statement to -1 (or remove the flag); use Query Insights for performance analysis. Note that gcloud --database-flags replaces the whole flag list: repeat the flags already set.",
            cli: Some("gcloud sql instances patch INSTANCE --database-flags=log_min_duration_statement=-1"),
            terraform: Some("resource \"google_sql_database_instance\" \"this\" {\n  # ...\n  settings {\n    database_flags {\n      name  = \"log_min_duration_statement\"\n      value = \"-1\"\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/sql/docs/postgres/flags"],
        compliance: &[compliance("cis-gcp-3.0.0", "6.2.7"), compliance("nist-csf-2.0", "DE.CM-09")],
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
        json!({"name": name, "databaseVersion": version, "settings": {"databaseFlags": [{"name": "log_min_duration_statement", "value": value}]}})
    }

    #[test]
    fn required_value_passes_other_value_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/good", db("good", "POSTGRES_15", "-1"))
            .resource(KIND, "db/bad", db("bad", "POSTGRES_15", "0"))
            .resource(KIND, "db/other", db("other", "MYSQL_8_0", "0"))
            .run(&super::CHECK);
        out.assert_status("db/good", Status::Pass);
        let f = out.assert_status("db/bad", Status::Fail);
        assert_eq!(f.message, "Cloud SQL PostgreSQL instance bad sets log_min_duration_statement to 0, not -1.");
        out.assert_status("db/other", Status::NotApplicable);
    }

    #[test]
    fn unset_flag_follows_the_engine_default() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/unset-0", json!({"name": "unset-0", "databaseVersion": "POSTGRES_15", "settings": {}}))
            .resource(KIND, "db/odd", json!({"name": "odd", "databaseVersion": "POSTGRES_15", "settings": {"databaseFlags": "log_min_duration_statement"}}))
            .run(&super::CHECK);
        out.assert_status("db/unset-0", Status::Pass);
        out.assert_status("db/odd", Status::Error);
    }
}
