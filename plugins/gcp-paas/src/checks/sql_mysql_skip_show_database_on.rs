//! Cloud SQL for MySQL: the `skip_show_database` database flag is `on`.

use splitline_plugin_sdk::kinds::gcp::SqlInstance;
use splitline_plugin_sdk::prelude::*;

use crate::sql_flags::{self, FlagSpec};

const SPEC: FlagSpec = FlagSpec { engine: "MYSQL", engine_name: "MySQL", flag: "skip_show_database", want: "on", default: |_| "off" };

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-SQL-006",
        long_id: "gcp-sql-mysql-skip-show-database-on",
        title: "Cloud SQL for MySQL instance sets the skip_show_database flag to on",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[SqlInstance::KIND_NAME],
        risk: "Without skip_show_database, every account can list all databases on the server with SHOW DATABASES, which tells an attacker with any foothold what else is stored there.",
        remediation: Remediation {
            text: "Set the skip_show_database flag to on. Note that gcloud --database-flags replaces the whole flag list: repeat the flags already set.",
            cli: Some("gcloud sql instances patch INSTANCE --database-flags=skip_show_database=on"),
            terraform: Some("resource \"google_sql_database_instance\" \"this\" {\n  # ...\n  settings {\n    database_flags {\n      name  = \"skip_show_database\"\n      value = \"on\"\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/sql/docs/mysql/flags"],
        compliance: &[compliance("cis-gcp-3.0.0", "6.1.2"), compliance("nist-csf-2.0", "PR.PS-01")],
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
        json!({"name": name, "databaseVersion": version, "settings": {"databaseFlags": [{"name": "skip_show_database", "value": value}]}})
    }

    #[test]
    fn required_value_passes_other_value_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/good", db("good", "MYSQL_8_0", "on"))
            .resource(KIND, "db/bad", db("bad", "MYSQL_8_0", "off"))
            .resource(KIND, "db/other", db("other", "POSTGRES_15", "off"))
            .run(&super::CHECK);
        out.assert_status("db/good", Status::Pass);
        let f = out.assert_status("db/bad", Status::Fail);
        assert_eq!(f.message, "Cloud SQL MySQL instance bad sets skip_show_database to off, not on.");
        out.assert_status("db/other", Status::NotApplicable);
    }

    #[test]
    fn unset_flag_follows_the_engine_default() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/unset-0", json!({"name": "unset-0", "databaseVersion": "MYSQL_8_0", "settings": {}}))
            .resource(KIND, "db/odd", json!({"name": "odd", "databaseVersion": "MYSQL_8_0", "settings": {"databaseFlags": "skip_show_database"}}))
            .run(&super::CHECK);
        out.assert_status("db/unset-0", Status::Fail);
        out.assert_status("db/odd", Status::Error);
    }
}
