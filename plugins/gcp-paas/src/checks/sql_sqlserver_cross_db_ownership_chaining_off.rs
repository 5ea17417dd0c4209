//! Cloud SQL for SQL Server: the `cross db ownership chaining` database flag is `off`.

use splitline_plugin_sdk::kinds::gcp::SqlInstance;
use splitline_plugin_sdk::prelude::*;

use crate::sql_flags::{self, FlagSpec};

const SPEC: FlagSpec = FlagSpec { engine: "SQLSERVER", engine_name: "SQL Server", flag: "cross db ownership chaining", want: "off", default: |_| "off" };

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-SQL-012",
        long_id: "gcp-sql-sqlserver-cross-db-ownership-chaining-off",
        title: "Cloud SQL for SQL Server instance sets the cross db ownership chaining flag to off",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[SqlInstance::KIND_NAME],
        risk: "Cross-database ownership chaining lets a user with rights in one database reach objects in another through ownership chains, so a compromise of one database spreads to the others on the instance.",
        remediation: Remediation {
            text: "Set the cross db ownership chaining flag to off. Note that gcloud --database-flags replaces the whole flag list: repeat the flags already set.",
            cli: Some("gcloud sql instances patch INSTANCE --database-flags=\"cross db ownership chaining=off\""),
            terraform: Some("resource \"google_sql_database_instance\" \"this\" {\n  # ...\n  settings {\n    database_flags {\n      name  = \"cross db ownership chaining\"\n      value = \"off\"\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/sql/docs/sqlserver/flags"],
        compliance: &[compliance("cis-gcp-3.0.0", "6.3.2"), compliance("nist-csf-2.0", "PR.PS-01")],
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
        json!({"name": name, "databaseVersion": version, "settings": {"databaseFlags": [{"name": "cross db ownership chaining", "value": value}]}})
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
        assert_eq!(f.message, "Cloud SQL SQL Server instance bad sets cross db ownership chaining to on, not off.");
        out.assert_status("db/other", Status::NotApplicable);
    }

    #[test]
    fn unset_flag_follows_the_engine_default() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/unset-0", json!({"name": "unset-0", "databaseVersion": "SQLSERVER_2019_STANDARD", "settings": {}}))
            .resource(KIND, "db/odd", json!({"name": "odd", "databaseVersion": "SQLSERVER_2019_STANDARD", "settings": {"databaseFlags": "cross db ownership chaining"}}))
            .run(&super::CHECK);
        out.assert_status("db/unset-0", Status::Pass);
        out.assert_status("db/odd", Status::Error);
    }
}
