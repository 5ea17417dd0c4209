//! The activity log export captures the Administrative, Alert, Policy and Security categories.

use splitline_plugin_sdk::kinds::azure::{DiagnosticSetting, Subscription};
use splitline_plugin_sdk::prelude::*;

use super::activity_log_exported::subscription_settings;

/// The categories CIS Azure 2.1.0 5.1.2 requires.
const REQUIRED: &[&str] = &["Administrative", "Alert", "Policy", "Security"];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-MONITOR-002",
        long_id: "azure-activity-log-categories",
        title: "Activity log export captures the Administrative, Alert, Policy and Security categories",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[Subscription::KIND_NAME, DiagnosticSetting::KIND_NAME],
        risk: "An export missing the Administrative category loses every create, update, delete and role assignment; without Security, Policy and Alert it loses Defender alerts, policy denials and fired alerts: exactly the records an investigation of the control plane needs.",
        remediation: Remediation {
            text: "Enable at least the Administrative, Alert, Policy and Security categories (or the allLogs category group) on the subscription's diagnostic setting.",
            cli: Some("az monitor diagnostic-settings subscription update --name activity-log --logs '[{\"category\":\"Administrative\",\"enabled\":true},{\"category\":\"Security\",\"enabled\":true},{\"category\":\"Alert\",\"enabled\":true},{\"category\":\"Policy\",\"enabled\":true}]'"),
            terraform: None,
        },
        references: &["https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log-schema"],
        compliance: &[compliance("cis-azure-2.1.0", "5.1.2"), compliance("nist-csf-2.0", "DE.CM-03")],
    },
    run,
};

fn run(e: &mut Eval) {
    let settings = subscription_settings(e);
    for (r, sub) in e.each::<Subscription>() {
        let label = sub.display_name.clone().unwrap_or_else(|| sub.id.clone());
        if settings.is_empty() {
            e.fail(r, format!("Subscription {label} has no activity log diagnostic setting, so no category is captured."));
            continue;
        }
        // The categories captured by any one setting, best setting first.
        let captured = |s: &DiagnosticSetting| -> Vec<&'static str> {
            let all = s.properties.logs.iter().any(|l| l.enabled == Some(true) && l.category_group.as_deref().is_some_and(|g| g.eq_ignore_ascii_case("allLogs")));
            REQUIRED
                .iter()
                .copied()
                .filter(|c| all || s.properties.logs.iter().any(|l| l.enabled == Some(true) && l.category.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(c))))
                .collect()
        };
        let best = settings.iter().max_by_key(|s| captured(s).len()).expect("not empty");
        let got = captured(best);
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| !got.contains(c)).collect();
        if missing.is_empty() {
            e.pass(r, format!("Subscription {label} exports the Administrative, Alert, Policy and Security categories through {}.", best.name))
                .evidence("diagnostic setting", &best.name);
        } else {
            e.fail(r, format!("Subscription {label} does not export the activity log categories {}.", missing.join(", ")))
                .evidence(format!("{}.properties.logs", best.name), got.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{DIAG, SUB, SUBSCRIPTION, sub_id};

    fn status(logs: serde_json::Value) -> (Status, String) {
        let diag_id = format!("/subscriptions/{SUB}/providers/microsoft.insights/diagnosticSettings/activity");
        let out = Fixture::new("azure", SUB)
            .resource(SUBSCRIPTION, &sub_id(), json!({"id": sub_id(), "displayName": "prod"}))
            .resource(DIAG, &diag_id, json!({"name": "activity", "properties": {"workspaceId": "/ws", "logs": logs}}))
            .run(&super::CHECK);
        let f = out.finding(&sub_id());
        (f.status, f.message.clone())
    }

    #[test]
    fn four_categories_or_all_logs() {
        let cat = |c: &str, on: bool| json!({"category": c, "enabled": on});
        assert_eq!(status(json!([cat("Administrative", true), cat("Security", true), cat("Alert", true), cat("Policy", true)])).0, Status::Pass);
        assert_eq!(status(json!([{"categoryGroup": "allLogs", "enabled": true}])).0, Status::Pass);
        let (s, m) = status(json!([cat("Administrative", true), cat("Security", false), cat("Alert", true)]));
        assert_eq!(s, Status::Fail);
        assert_eq!(m, "Subscription prod does not export the activity log categories Policy, Security.");
    }
}
