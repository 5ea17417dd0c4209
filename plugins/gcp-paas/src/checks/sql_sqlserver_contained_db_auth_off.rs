//! Cloud SQL for SQL Server: the `contained database authentication` database flag is `off`.

use splitline_plugin_sdk::kinds::gcp::SqlInstance;
use splitline_plugin_sdk::prelude::*;

use crate::sql_flags::{self, FlagSpec};

const SPEC: FlagSpec = FlagSpec { engine: "SQLSERVER", engine_name: "SQL Server", flag: "contained database authentication", want: "off", default: |_| "off" };

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-SQL-015",
        long_id: "gcp-sql-sqlserver-contained-database-authentication-off",
        title: "Cloud SQL for SQL Server instance sets the contained database authentication flag to off",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[SqlInstance::KIND_NAME],
        risk: "Contained databases carry their own users, which authenticate without a server login: a database owner can create users the instance administrators do not see, and those users survive a database being moved to another server.",
        remediation: Remediation {
            text: "Set the contained database authentication flag to off (after migrating contained users to server logins). Note that gcloud --database-flags replaces the whole flag list: repeat the flags already set.",
            cli: Some("gcloud sql instances patch INSTANCE --database-flags=\"contained database authentication=off\""),
            terraform: Some("resource \"google_sql_database_instance\" \"this\" {\n  # ...\n  settings {\n    database_flags {\n      name  = \"contained database authentication\"\n      value = \"off\"\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/sql/docs/sqlserver/flags"],
        compliance: &[compliance("cis-gcp-3.0.0", "6.3.7"), compliance("nist-csf-2.0", "PR.PS-01")],
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
        json!({"name": name, "databaseVersion": version, "settings": {"databaseFlags": [{"name": "contained database authentication", "value": value}]}})
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
        assert_eq!(f.message, "Cloud SQL SQL Server instance bad sets contained database authentication to on, not off.");
        out.assert_status("db/other", Status::NotApplicable);
    }

    #[test]
    fn unset_flag_follows_the_engine_default() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/unset-0", json!({"name": "unset-0", "databaseVersion": "SQLSERVER_2019_STANDARD", "settings": {}}))
            .resource(KIND, "db/odd", json!({"name": "odd", "databaseVersion": "SQLSERVER_2019_STANDARD", "settings": {"databaseFlags": "contained database authentication"}}))
            .run(&super::CHECK);
        out.assert_status("db/unset-0", Status::Pass);
        out.assert_status("db/odd", Status::Error);
    }
}
