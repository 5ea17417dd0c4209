//! Security Command Center is active for the project.

use splitline_plugin_sdk::kinds::gcp::SecurityCenterSettings;
use splitline_plugin_sdk::prelude::*;

/// Setting: services that must be effectively enabled (default `["security-health-analytics"]`).
pub const SERVICES_SETTING: &str = "scc-required-services";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-SCC-001",
        long_id: "gcp-scc-enabled",
        title: "Security Command Center is active for the project with the required services enabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[SecurityCenterSettings::KIND_NAME],
        risk: "Without Security Command Center nobody is told about public buckets, open firewall rules, leaked keys or detected threats (Event Threat Detection) as they appear: misconfigurations and intrusions are found late, by someone else.",
        remediation: Remediation {
            text: "Activate Security Command Center for the organization (or the project) and enable Security Health Analytics and, with Premium, Event Threat Detection. The services to require are the plugin setting scc-required-services.",
            cli: Some("gcloud scc manage services update security-health-analytics --project=PROJECT --enablement-state=ENABLED"),
            terraform: None,
        },
        references: &["https://cloud.google.com/security-command-center/docs/activate-scc-overview", "https://cloud.google.com/security-command-center/docs/reference/security-center-management/rest"],
        compliance: &[compliance("nist-csf-2.0", "DE.CM-09")],
    },
    run,
};

fn run(e: &mut Eval) {
    let required: Vec<String> = match e.ctx().setting(SERVICES_SETTING, vec!["security-health-analytics".to_string()]) {
        Ok(s) => s,
        Err(message) => {
            for (r, _) in e.each::<SecurityCenterSettings>() {
                e.error(r, format!("{message}."));
            }
            return;
        }
    };
    for (r, s) in e.each::<SecurityCenterSettings>() {
        let enabled: Vec<&str> = s
            .security_center_services
            .iter()
            .filter(|svc| svc.effective_enablement_state.as_deref() == Some("ENABLED"))
            .map(|svc| svc.service_id())
            .collect();
        if enabled.is_empty() {
            e.fail(r, format!("Project {} has no Security Command Center service enabled.", r.account))
                .evidence("securityCenterServices", if s.security_center_services.is_empty() { "absent".to_string() } else { "none ENABLED".to_string() });
            continue;
        }
        let missing: Vec<&str> = required.iter().map(String::as_str).filter(|id| !enabled.contains(id)).collect();
        if missing.is_empty() {
            e.pass(r, format!("Project {} has Security Command Center active with {} enabled.", r.account, enabled.join(", "))).evidence("effectiveEnablementState=ENABLED", enabled.join(", "));
        } else {
            e.fail(r, format!("Project {} has Security Command Center active, but {} is not enabled.", r.account, missing.join(", "))).evidence("effectiveEnablementState=ENABLED", enabled.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.securitycenter.settings";
    const BASE: &str = "projects/acme-prod-4821/locations/global/securityCenterServices";

    fn svc(id: &str, state: &str) -> serde_json::Value {
        json!({"name": format!("{BASE}/{id}"), "intendedEnablementState": "INHERITED", "effectiveEnablementState": state})
    }

    fn fixture() -> Fixture {
        Fixture::new("gcp", "acme-prod")
            .resource(KIND, "scc/on", json!({"securityCenterServices": [svc("security-health-analytics", "ENABLED"), svc("event-threat-detection", "ENABLED")]}))
            .resource(KIND, "scc/partial", json!({"securityCenterServices": [svc("security-health-analytics", "DISABLED"), svc("web-security-scanner", "ENABLED")]}))
            .resource(KIND, "scc/off", json!({"securityCenterServices": [svc("security-health-analytics", "DISABLED")]}))
            .resource(KIND, "scc/inactive", json!({}))
    }

    #[test]
    fn required_services_must_be_effectively_enabled() {
        let out = fixture().run(&super::CHECK);
        out.assert_status("scc/on", Status::Pass);
        let f = out.assert_status("scc/partial", Status::Fail);
        assert_eq!(f.message, "Project acme-prod has Security Command Center active, but security-health-analytics is not enabled.");
        out.assert_status("scc/off", Status::Fail);
        let f = out.assert_status("scc/inactive", Status::Fail);
        assert_eq!(f.evidence[0].value, "absent");
    }

    #[test]
    fn required_services_come_from_settings() {
        let out = fixture().setting("scc-required-services", json!(["event-threat-detection"])).run(&super::CHECK);
        out.assert_status("scc/partial", Status::Fail);
        out.assert_status("scc/on", Status::Pass);
        let out = fixture().setting("scc-required-services", json!([])).run(&super::CHECK);
        out.assert_status("scc/partial", Status::Pass);
    }
}
