//! App Service web apps redirect HTTP to HTTPS.

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::prelude::*;

use crate::site;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-APPSERVICE-001",
        long_id: "azure-app-service-https-only",
        title: "App Service web app redirects all HTTP traffic to HTTPS",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[WebSite::KIND_NAME],
        risk: "An app that answers plain HTTP sends session cookies, tokens and form data in clear text: anyone on the path (public Wi-Fi, a compromised router) can read or alter them.",
        remediation: Remediation {
            text: "Turn on 'HTTPS Only' so that every HTTP request is redirected to HTTPS, and add HSTS in the application.",
            cli: Some("az webapp update --resource-group RESOURCE_GROUP --name APP --https-only true"),
            terraform: Some("resource \"azurerm_linux_web_app\" \"this\" {\n  # ...\n  https_only = true\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/app-service/configure-ssl-bindings#enforce-https"],
        compliance: &[compliance("cis-azure-2.1.0", "9.2"), compliance("nist-csf-2.0", "PR.DS-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, app) in site::web_apps(e) {
        if app.properties.https_only == Some(true) {
            e.pass(r, format!("Web app {} redirects HTTP to HTTPS.", app.name)).evidence("properties.httpsOnly", true);
        } else {
            e.fail(r, format!("Web app {} serves plain HTTP.", app.name))
                .evidence("properties.httpsOnly", app.properties.https_only.map_or_else(|| "absent (false)".to_string(), |b| b.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{SITE, fixture_of, rid};

    #[test]
    fn https_only_passes_function_apps_are_not_applicable() {
        let t = "Microsoft.Web/sites";
        let out = fixture_of(SITE, t, &[
            ("portal", json!({"kind": "app,linux", "properties": {"httpsOnly": true}})),
            ("legacy", json!({"kind": "app", "properties": {"httpsOnly": false}})),
            ("func", json!({"kind": "functionapp,linux", "properties": {"httpsOnly": false}})),
        ])
        .run(&super::CHECK);
        out.assert_status(&rid(t, "portal"), Status::Pass);
        let f = out.assert_status(&rid(t, "legacy"), Status::Fail);
        assert_eq!(f.message, "Web app legacy serves plain HTTP.");
        out.assert_status(&rid(t, "func"), Status::NotApplicable);
    }
}
