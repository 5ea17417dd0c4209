//! App Service web apps require TLS 1.2 or later.

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::prelude::*;

use crate::site;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-APPSERVICE-002",
        long_id: "azure-app-service-minimum-tls",
        title: "App Service web app requires TLS 1.2 or later",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[WebSite::KIND_NAME],
        risk: "TLS 1.0 and 1.1 are deprecated (RFC 8996) and allow downgrade and known cryptographic attacks; accepting them also fails PCI DSS and most compliance baselines.",
        remediation: Remediation {
            text: "Set the minimum inbound TLS version of the app, and of its SCM (Kudu) site, to 1.2 or 1.3.",
            cli: Some("az webapp config set --resource-group RESOURCE_GROUP --name APP --min-tls-version 1.2"),
            terraform: Some("resource \"azurerm_linux_web_app\" \"this\" {\n  # ...\n  site_config {\n    minimum_tls_version     = \"1.2\"\n    scm_minimum_tls_version = \"1.2\"\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/app-service/overview-tls"],
        compliance: &[compliance("cis-azure-2.1.0", "9.3"), compliance("nist-csf-2.0", "PR.DS-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, app) in site::web_apps(e) {
        let cfg = app.properties.site_config.clone().unwrap_or_default();
        let Some(min) = cfg.min_tls_version.clone() else {
            e.error(r, format!("The site configuration of web app {} has no minTlsVersion.", app.name));
            continue;
        };
        let weak = |v: &Option<String>| v.as_deref().and_then(site::tls).is_some_and(|n| n < 1.2);
        let mut problems = Vec::new();
        if weak(&Some(min.clone())) || site::tls(&min).is_none() {
            problems.push(format!("the app accepts TLS {min}"));
        }
        if weak(&cfg.scm_min_tls_version) {
            problems.push(format!("its SCM site accepts TLS {}", cfg.scm_min_tls_version.clone().unwrap_or_default()));
        }
        let f = if problems.is_empty() {
            e.pass(r, format!("Web app {} requires TLS {min} or later.", app.name))
        } else {
            e.fail(r, format!("Web app {} allows deprecated TLS: {}.", app.name, problems.join(" and ")))
        };
        f.evidence("properties.siteConfig.minTlsVersion", &min);
        if let Some(scm) = &cfg.scm_min_tls_version {
            f.evidence("properties.siteConfig.scmMinTlsVersion", scm);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{SITE, fixture_of, rid};

    #[test]
    fn tls_1_2_for_app_and_scm() {
        let t = "Microsoft.Web/sites";
        let cfg = |min: &str, scm: &str| json!({"kind": "app", "properties": {"siteConfig": {"minTlsVersion": min, "scmMinTlsVersion": scm}}});
        let out = fixture_of(SITE, t, &[
            ("modern", cfg("1.2", "1.2")),
            ("old", cfg("1.0", "1.2")),
            ("kudu", cfg("1.3", "1.1")),
            ("nocfg", json!({"kind": "app", "properties": {}})),
        ])
        .run(&super::CHECK);
        out.assert_status(&rid(t, "modern"), Status::Pass);
        let f = out.assert_status(&rid(t, "old"), Status::Fail);
        assert_eq!(f.message, "Web app old allows deprecated TLS: the app accepts TLS 1.0.");
        let f = out.assert_status(&rid(t, "kudu"), Status::Fail);
        assert_eq!(f.message, "Web app kudu allows deprecated TLS: its SCM site accepts TLS 1.1.");
        out.assert_status(&rid(t, "nocfg"), Status::Error);
    }
}
