//! Every database of an Azure SQL server has transparent data encryption on.

use splitline_plugin_sdk::kinds::azure::SqlServer;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-SQL-004",
        long_id: "azure-sql-database-tde-enabled",
        title: "SQL server's databases all have transparent data encryption enabled",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[SqlServer::KIND_NAME],
        risk: "A database with TDE turned off stores its data files, log files and backups unencrypted: anyone who obtains a copy of the files or a backup reads the data directly.",
        remediation: Remediation {
            text: "Turn transparent data encryption on for every user database (it is on by default for new databases; it was turned off explicitly).",
            cli: Some("az sql db tde set --resource-group RESOURCE_GROUP --server SERVER --database DATABASE --status Enabled"),
            terraform: Some("resource \"azurerm_mssql_database\" \"this\" {\n  # ...\n  transparent_data_encryption_enabled = true\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/azure-sql/database/transparent-data-encryption-tde-overview"],
        compliance: &[compliance("cis-azure-2.1.0", "4.1.5"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<SqlServer>() {
        let Some(dbs) = s.databases.as_ref() else {
            e.error(r, format!("The databases of SQL server {} were not collected.", s.name));
            continue;
        };
        let user: Vec<_> = dbs.iter().filter(|d| !d.name.eq_ignore_ascii_case("master")).collect();
        if user.is_empty() {
            e.not_applicable(r, format!("SQL server {} has no user databases.", s.name));
            continue;
        }
        let state = |d: &&splitline_plugin_sdk::kinds::azure::SqlDatabase| d.transparent_data_encryption.as_ref().and_then(|t| t.properties.state.clone());
        let off: Vec<&str> = user.iter().filter(|d| state(d).is_some_and(|s| !s.eq_ignore_ascii_case("Enabled"))).map(|d| d.name.as_str()).collect();
        let unknown: Vec<&str> = user.iter().filter(|d| state(d).is_none()).map(|d| d.name.as_str()).collect();
        if !off.is_empty() {
            let f = e.fail(r, format!("SQL server {} has databases without transparent data encryption: {}.", s.name, off.join(", ")));
            for d in &off {
                f.evidence(format!("databases[{d}].transparentDataEncryption.properties.state"), "Disabled");
            }
        } else if !unknown.is_empty() {
            e.error(r, format!("The encryption state of databases {} on SQL server {} was not collected.", unknown.join(", "), s.name));
        } else {
            e.pass(r, format!("SQL server {} encrypts all {} user database(s) with transparent data encryption.", s.name, user.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{SQL, fixture_of, rid};

    #[test]
    fn every_user_database_needs_tde() {
        let t = "Microsoft.Sql/servers";
        let db = |n: &str, state: Option<&str>| {
            let mut v = json!({"name": n, "properties": {"status": "Online"}});
            if let Some(s) = state {
                v["transparentDataEncryption"] = json!({"name": "current", "properties": {"state": s}});
            }
            v
        };
        let out = fixture_of(SQL, t, &[
            ("good", json!({"properties": {}, "databases": [db("master", None), db("app", Some("Enabled"))]})),
            ("bad", json!({"properties": {}, "databases": [db("app", Some("Enabled")), db("legacy", Some("Disabled"))]})),
            ("unknown", json!({"properties": {}, "databases": [db("dw", None)]})),
            ("empty", json!({"properties": {}, "databases": [db("master", Some("Disabled"))]})),
            ("old", json!({"properties": {}})),
        ])
        .run(&super::CHECK);
        out.assert_status(&rid(t, "good"), Status::Pass);
        let f = out.assert_status(&rid(t, "bad"), Status::Fail);
        assert_eq!(f.message, "SQL server bad has databases without transparent data encryption: legacy.");
        out.assert_status(&rid(t, "unknown"), Status::Error);
        out.assert_status(&rid(t, "empty"), Status::NotApplicable);
        out.assert_status(&rid(t, "old"), Status::Error);
    }
}
