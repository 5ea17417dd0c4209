//! Azure SQL server audit records are kept at least 90 days.

use splitline_plugin_sdk::kinds::azure::SqlServer;
use splitline_plugin_sdk::prelude::*;

use crate::settings;

/// Setting: minimum audit retention in days (default 90, CIS 4.1.6).
pub const SETTING: &str = "sql-audit-min-retention-days";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-SQL-003",
        long_id: "azure-sql-server-audit-retention",
        title: "SQL server keeps audit logs in storage for at least 90 days",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[SqlServer::KIND_NAME],
        risk: "Breaches are typically discovered weeks or months after they begin; audit records deleted after a few days leave nothing to show what was read or changed, by whom.",
        remediation: Remediation {
            text: "Set the audit retention of the storage destination to 0 (unlimited) or at least 90 days; for Log Analytics destinations, set the workspace retention accordingly.",
            cli: Some("az sql server audit-policy update --resource-group RESOURCE_GROUP --name SERVER --state Enabled --blob-storage-target-state Enabled --storage-account STORAGE --retention-days 90"),
            terraform: Some("resource \"azurerm_mssql_server_extended_auditing_policy\" \"this\" {\n  # ...\n  retention_in_days = 90\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/azure-sql/database/auditing-overview"],
        compliance: &[compliance("cis-azure-2.1.0", "4.1.6"), compliance("nist-csf-2.0", "PR.PS-04")],
    },
    run,
};

fn run(e: &mut Eval) {
    let Some(min) = settings::get::<i64>(e, SETTING, 90, SqlServer::KIND_NAME) else { return };
    for (r, s) in e.each::<SqlServer>() {
        let Some(a) = s.auditing_settings.as_ref().map(|a| &a.properties).filter(|p| p.state.as_deref().is_some_and(|x| x.eq_ignore_ascii_case("Enabled"))) else {
            e.not_applicable(r, format!("SQL server {} does not have auditing enabled (see AZURE-SQL-002).", s.name));
            continue;
        };
        let storage = a.storage_endpoint.as_deref().is_some_and(|x| !x.trim().is_empty());
        let days = a.retention_days.unwrap_or(0);
        if !storage {
            e.manual(r, format!("SQL server {} audits to Log Analytics or Event Hubs only, so retention is set by the destination: check it keeps at least {min} days.", s.name))
                .evidence("auditingSettings.properties.isAzureMonitorTargetEnabled", a.is_azure_monitor_target_enabled.unwrap_or(false));
        } else if days == 0 {
            e.pass(r, format!("SQL server {} keeps its audit logs in storage without a time limit.", s.name)).evidence("auditingSettings.properties.retentionDays", 0);
        } else if days >= min {
            e.pass(r, format!("SQL server {} keeps its audit logs for {days} days.", s.name)).evidence("auditingSettings.properties.retentionDays", days);
        } else {
            e.fail(r, format!("SQL server {} keeps its audit logs for only {days} days, less than {min}.", s.name)).evidence("auditingSettings.properties.retentionDays", days);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{SQL, fixture_of, rid};

    #[test]
    fn storage_retention_is_judged_log_analytics_is_manual() {
        let t = "Microsoft.Sql/servers";
        let audit = |v: serde_json::Value| json!({"properties": {}, "auditingSettings": {"properties": v}});
        let ep = "https://staudit.blob.core.windows.net/";
        let out = fixture_of(SQL, t, &[
            ("long", audit(json!({"state": "Enabled", "storageEndpoint": ep, "retentionDays": 180}))),
            ("forever", audit(json!({"state": "Enabled", "storageEndpoint": ep, "retentionDays": 0}))),
            ("short", audit(json!({"state": "Enabled", "storageEndpoint": ep, "retentionDays": 30}))),
            ("law", audit(json!({"state": "Enabled", "isAzureMonitorTargetEnabled": true, "retentionDays": 0}))),
            ("off", audit(json!({"state": "Disabled"}))),
        ])
        .run(&super::CHECK);
        out.assert_status(&rid(t, "long"), Status::Pass);
        out.assert_status(&rid(t, "forever"), Status::Pass);
        let f = out.assert_status(&rid(t, "short"), Status::Fail);
        assert_eq!(f.message, "SQL server short keeps its audit logs for only 30 days, less than 90.");
        out.assert_status(&rid(t, "law"), Status::Manual);
        out.assert_status(&rid(t, "off"), Status::NotApplicable);
    }
}
