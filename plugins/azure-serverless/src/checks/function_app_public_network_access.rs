//! Function Apps are not reachable from the public internet.

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::prelude::*;

use crate::apps;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-FUNC-006",
        long_id: "azure-function-app-public-network-access-disabled",
        title: "Function App has public network access disabled",
        severity: Severity::Low,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::Network,
        resource_kinds: &[WebSite::KIND_NAME],
        risk: "With public network access on, every HTTP trigger and the SCM (Kudu) deployment endpoint answer from the internet: a leaked function key or deployment credential is usable from anywhere. Functions that only serve internal callers or are fronted by API Management or Front Door do not need it.",
        remediation: Remediation {
            text: "Disable public network access and expose the app through a private endpoint (or access restrictions allowing only the front door / API gateway); keep it on only for functions that are deliberately public and then restrict the SCM site.",
            cli: Some("az functionapp update --resource-group RESOURCE_GROUP --name APP --set publicNetworkAccess=Disabled"),
            terraform: Some("resource \"azurerm_linux_function_app\" \"this\" {\n  # ...\n  public_network_access_enabled = false\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/azure-functions/functions-networking-options"],
        compliance: &[compliance("nist-csf-2.0", "PR.IR-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, app) in apps::function_apps(e) {
        let site = app.properties.public_network_access.clone();
        let config = app.properties.site_config.as_ref().and_then(|c| c.public_network_access.clone());
        let disabled = |v: &Option<String>| v.as_deref().is_some_and(|p| p.eq_ignore_ascii_case("Disabled"));
        if disabled(&site) || disabled(&config) {
            e.pass(r, format!("Function App {} is not reachable from the public internet.", app.name)).evidence("properties.publicNetworkAccess", "Disabled");
        } else {
            e.fail(r, format!("Function App {} accepts requests from the public internet.", app.name))
                .evidence("properties.publicNetworkAccess", site.as_deref().unwrap_or("absent (Enabled)"));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{fixture, site_id};

    #[test]
    fn disabled_passes() {
        let out = fixture(&[
            ("fn-private", json!({"properties": {"publicNetworkAccess": "Disabled"}})),
            ("fn-cfg", json!({"properties": {"siteConfig": {"publicNetworkAccess": "Disabled"}}})),
            ("fn-public", json!({"properties": {"publicNetworkAccess": "Enabled"}})),
            ("fn-default", json!({"properties": {}})),
        ])
        .run(&super::CHECK);
        out.assert_status(&site_id("fn-private"), Status::Pass);
        out.assert_status(&site_id("fn-cfg"), Status::Pass);
        out.assert_status(&site_id("fn-public"), Status::Fail);
        let f = out.assert_status(&site_id("fn-default"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (Enabled)");
    }
}
