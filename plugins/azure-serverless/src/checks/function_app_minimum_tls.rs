//! Function Apps require TLS 1.2 or later.

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::prelude::*;

use crate::apps;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-FUNC-005",
        long_id: "azure-function-app-minimum-tls",
        title: "Function App requires TLS 1.2 or later",
        severity: Severity::Medium,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[WebSite::KIND_NAME],
        risk: "TLS 1.0 and 1.1 are deprecated (RFC 8996) and open to downgrade and known cryptographic attacks on the keys and payloads sent to the functions.",
        remediation: Remediation {
            text: "Set the Function App's minimum inbound TLS version, and that of its SCM site, to 1.2 or 1.3.",
            cli: Some("az functionapp config set --resource-group RESOURCE_GROUP --name APP --min-tls-version 1.2"),
            terraform: Some("resource \"azurerm_linux_function_app\" \"this\" {\n  # ...\n  site_config {\n    minimum_tls_version     = \"1.2\"\n    scm_minimum_tls_version = \"1.2\"\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/app-service/overview-tls"],
        compliance: &[compliance("cis-azure-2.1.0", "9.3"), compliance("nist-csf-2.0", "PR.DS-02")],
    },
    run,
};

fn tls(v: &str) -> Option<f64> {
    v.trim().parse::<f64>().ok()
}

fn run(e: &mut Eval) {
    for (r, app) in apps::function_apps(e) {
        let cfg = app.properties.site_config.clone().unwrap_or_default();
        let Some(min) = cfg.min_tls_version.clone() else {
            e.error(r, format!("The site configuration of Function App {} has no minTlsVersion.", app.name));
            continue;
        };
        let mut problems = Vec::new();
        if tls(&min).is_none_or(|n| n < 1.2) {
            problems.push(format!("the app accepts TLS {min}"));
        }
        if let Some(scm) = cfg.scm_min_tls_version.as_deref().filter(|s| tls(s).is_some_and(|n| n < 1.2)) {
            problems.push(format!("its SCM site accepts TLS {scm}"));
        }
        let f = if problems.is_empty() {
            e.pass(r, format!("Function App {} requires TLS {min} or later.", app.name))
        } else {
            e.fail(r, format!("Function App {} allows deprecated TLS: {}.", app.name, problems.join(" and ")))
        };
        f.evidence("properties.siteConfig.minTlsVersion", &min);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{fixture, site_id};

    #[test]
    fn tls_below_1_2_fails() {
        let cfg = |min: &str| json!({"properties": {"siteConfig": {"minTlsVersion": min, "scmMinTlsVersion": "1.2"}}});
        let out = fixture(&[("fn-12", cfg("1.2")), ("fn-10", cfg("1.0")), ("fn-nocfg", json!({"properties": {}}))]).run(&super::CHECK);
        out.assert_status(&site_id("fn-12"), Status::Pass);
        let f = out.assert_status(&site_id("fn-10"), Status::Fail);
        assert_eq!(f.message, "Function App fn-10 allows deprecated TLS: the app accepts TLS 1.0.");
        out.assert_status(&site_id("fn-nocfg"), Status::Error);
    }
}
