//! The subscription's activity log is exported by a diagnostic setting.

use splitline_plugin_sdk::kinds::azure::{DiagnosticSetting, Subscription};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-MONITOR-001",
        long_id: "azure-activity-log-diagnostic-setting",
        title: "Subscription has a diagnostic setting exporting its activity log",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[Subscription::KIND_NAME, DiagnosticSetting::KIND_NAME],
        risk: "The activity log (who created, changed, deleted or granted access to what) is kept by Azure for 90 days only and cannot be queried with other logs; without an export, control-plane actions of an intrusion older than 90 days are lost and nothing alerts on them in a SIEM.",
        remediation: Remediation {
            text: "Create a subscription diagnostic setting that sends the activity log to a Log Analytics workspace (and, for long retention, a storage account with immutability).",
            cli: Some("az monitor diagnostic-settings subscription create --name activity-log --location westeurope --workspace WORKSPACE_ID --logs '[{\"category\":\"Administrative\",\"enabled\":true},{\"category\":\"Security\",\"enabled\":true},{\"category\":\"Alert\",\"enabled\":true},{\"category\":\"Policy\",\"enabled\":true}]'"),
            terraform: Some("resource \"azurerm_monitor_diagnostic_setting\" \"activity\" {\n  name                       = \"activity-log\"\n  target_resource_id         = data.azurerm_subscription.current.id\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.soc.id\n  enabled_log { category = \"Administrative\" }\n  enabled_log { category = \"Security\" }\n  enabled_log { category = \"Alert\" }\n  enabled_log { category = \"Policy\" }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log#send-to-log-analytics-workspace"],
        compliance: &[compliance("cis-azure-2.1.0", "5.1.1"), compliance("nist-csf-2.0", "DE.CM-03")],
    },
    run,
};

/// The subscription-scope diagnostic settings (not resource-scope ones).
pub fn subscription_settings(e: &Eval) -> Vec<DiagnosticSetting> {
    e.inventory()
        .of_kind(DiagnosticSetting::KIND_NAME)
        .filter(|r| {
            let id = r.id.to_ascii_lowercase();
            id.starts_with("/subscriptions/") && !id.contains("/resourcegroups/") && id.contains("/providers/microsoft.insights/diagnosticsettings/")
        })
        .filter_map(|r| r.typed::<DiagnosticSetting>().ok())
        .collect()
}

fn run(e: &mut Eval) {
    let settings = subscription_settings(e);
    for (r, sub) in e.each::<Subscription>() {
        let label = sub.display_name.clone().unwrap_or_else(|| sub.id.clone());
        let exporting: Vec<&DiagnosticSetting> = settings
            .iter()
            .filter(|s| {
                let p = &s.properties;
                let dest = [&p.workspace_id, &p.storage_account_id, &p.event_hub_authorization_rule_id].iter().any(|d| d.as_deref().is_some_and(|x| !x.is_empty()));
                dest && p.logs.iter().any(|l| l.enabled == Some(true))
            })
            .collect();
        if exporting.is_empty() {
            e.fail(r, format!("Subscription {label} does not export its activity log with a diagnostic setting.")).evidence("diagnostic settings", settings.len());
        } else {
            let names: Vec<&str> = exporting.iter().map(|s| s.name.as_str()).collect();
            e.pass(r, format!("Subscription {label} exports its activity log through diagnostic setting {}.", names.join(", "))).evidence("diagnostic settings", names.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{DIAG, SUB, SUBSCRIPTION, sub_id};

    #[test]
    fn a_subscription_setting_with_a_destination_is_needed() {
        let sub = json!({"id": sub_id(), "subscriptionId": SUB, "displayName": "prod"});
        let diag_id = format!("/subscriptions/{SUB}/providers/microsoft.insights/diagnosticSettings/activity");
        let ok = Fixture::new("azure", SUB)
            .resource(SUBSCRIPTION, &sub_id(), sub.clone())
            .resource(DIAG, &diag_id, json!({"name": "activity", "properties": {"workspaceId": "/ws", "logs": [{"category": "Administrative", "enabled": true}]}}))
            .run(&super::CHECK);
        ok.assert_status(&sub_id(), Status::Pass);
        let resource_scope = format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/providers/microsoft.insights/diagnosticSettings/kv");
        let out = Fixture::new("azure", SUB)
            .resource(SUBSCRIPTION, &sub_id(), sub.clone())
            .resource(DIAG, &resource_scope, json!({"name": "kv", "properties": {"workspaceId": "/ws", "logs": [{"category": "AuditEvent", "enabled": true}]}}))
            .run(&super::CHECK);
        let f = out.assert_status(&sub_id(), Status::Fail);
        assert_eq!(f.message, "Subscription prod does not export its activity log with a diagnostic setting.");
        Fixture::new("azure", SUB).resource(SUBSCRIPTION, &sub_id(), sub).run(&super::CHECK).assert_status(&sub_id(), Status::Fail);
    }
}
