//! Function Apps redirect HTTP to HTTPS.

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::prelude::*;

use crate::apps;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-FUNC-001",
        long_id: "azure-function-app-https-only",
        title: "Function App redirects all HTTP traffic to HTTPS",
        severity: Severity::Medium,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[WebSite::KIND_NAME],
        risk: "A Function App that answers plain HTTP carries function keys (the `code` query parameter or `x-functions-key` header), tokens and payloads in clear text: anyone on the path can capture a key and call the function themselves.",
        remediation: Remediation {
            text: "Turn on 'HTTPS Only' for the Function App.",
            cli: Some("az functionapp update --resource-group RESOURCE_GROUP --name APP --set httpsOnly=true"),
            terraform: Some("resource \"azurerm_linux_function_app\" \"this\" {\n  # ...\n  https_only = true\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/azure-functions/security-concepts#require-https"],
        compliance: &[compliance("cis-azure-2.1.0", "9.2"), compliance("nist-csf-2.0", "PR.DS-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, app) in apps::function_apps(e) {
        if app.properties.https_only == Some(true) {
            e.pass(r, format!("Function App {} redirects HTTP to HTTPS.", app.name)).evidence("properties.httpsOnly", true);
        } else {
            e.fail(r, format!("Function App {} serves plain HTTP, function keys included.", app.name))
                .evidence("properties.httpsOnly", app.properties.https_only.map_or_else(|| "absent (false)".to_string(), |b| b.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{fixture, site_id};

    #[test]
    fn https_only_passes_web_apps_are_not_applicable() {
        let out = fixture(&[
            ("fn-https", json!({"properties": {"httpsOnly": true}})),
            ("fn-http", json!({"properties": {"httpsOnly": false}})),
            ("web", json!({"kind": "app", "properties": {"httpsOnly": false}})),
        ])
        .run(&super::CHECK);
        out.assert_status(&site_id("fn-https"), Status::Pass);
        let f = out.assert_status(&site_id("fn-http"), Status::Fail);
        assert_eq!(f.message, "Function App fn-http serves plain HTTP, function keys included.");
        out.assert_status(&site_id("web"), Status::NotApplicable);
    }
}
