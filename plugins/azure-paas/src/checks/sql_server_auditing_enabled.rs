//! Azure SQL servers have auditing enabled.

use splitline_plugin_sdk::kinds::azure::SqlServer;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-SQL-002",
        long_id: "azure-sql-server-auditing-enabled",
        title: "SQL server has auditing enabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[SqlServer::KIND_NAME],
        risk: "Without server auditing there is no record of logins, failed authentications, schema changes or the queries that read data: a breach of the database cannot be detected or investigated.",
        remediation: Remediation {
            text: "Enable auditing at server level (it applies to every database) to a Log Analytics workspace, a storage account or an Event Hub.",
            cli: Some("az sql server audit-policy update --resource-group RESOURCE_GROUP --name SERVER --state Enabled --lats Enabled --lawri WORKSPACE_ID"),
            terraform: Some("resource \"azurerm_mssql_server_extended_auditing_policy\" \"this\" {\n  server_id              = azurerm_mssql_server.this.id\n  log_monitoring_enabled = true\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/azure-sql/database/auditing-overview"],
        compliance: &[compliance("cis-azure-2.1.0", "4.1.1"), compliance("nist-csf-2.0", "DE.CM-03")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<SqlServer>() {
        match s.auditing_settings.as_ref().and_then(|a| a.properties.state.as_deref()) {
            Some(state) if state.eq_ignore_ascii_case("Enabled") => {
                e.pass(r, format!("SQL server {} has auditing enabled.", s.name)).evidence("auditingSettings.properties.state", state);
            }
            other => {
                e.fail(r, format!("SQL server {} does not audit database activity.", s.name))
                    .evidence("auditingSettings.properties.state", other.unwrap_or("absent (Disabled)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{SQL, fixture_of, rid};

    #[test]
    fn enabled_passes() {
        let t = "Microsoft.Sql/servers";
        let out = fixture_of(SQL, t, &[
            ("on", json!({"properties": {}, "auditingSettings": {"properties": {"state": "Enabled"}}})),
            ("off", json!({"properties": {}, "auditingSettings": {"properties": {"state": "Disabled"}}})),
            ("none", json!({"properties": {}})),
        ])
        .run(&super::CHECK);
        out.assert_status(&rid(t, "on"), Status::Pass);
        let f = out.assert_status(&rid(t, "off"), Status::Fail);
        assert_eq!(f.message, "SQL server off does not audit database activity.");
        out.assert_status(&rid(t, "none"), Status::Fail);
    }
}
