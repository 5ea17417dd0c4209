//! App Service web apps have a managed identity.

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::prelude::*;

use crate::site;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-APPSERVICE-004",
        long_id: "azure-app-service-managed-identity",
        title: "App Service web app has a managed identity",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Secrets,
        resource_kinds: &[WebSite::KIND_NAME],
        risk: "An app without a managed identity must hold credentials (connection strings, client secrets, account keys) in its configuration to reach databases, storage and Key Vault: secrets that leak through the portal, deployment logs or the SCM site and never expire.",
        remediation: Remediation {
            text: "Assign a system- or user-assigned managed identity, grant it the roles it needs, and replace secrets in app settings with identity-based connections or Key Vault references.",
            cli: Some("az webapp identity assign --resource-group RESOURCE_GROUP --name APP"),
            terraform: Some("resource \"azurerm_linux_web_app\" \"this\" {\n  # ...\n  identity {\n    type = \"SystemAssigned\"\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/app-service/overview-managed-identity"],
        compliance: &[compliance("cis-azure-2.1.0", "9.4"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, app) in site::web_apps(e) {
        match app.identity.as_ref().filter(|i| i.is_assigned()) {
            Some(i) => {
                e.pass(r, format!("Web app {} has a managed identity.", app.name)).evidence("identity.type", i.kind.clone().unwrap_or_default());
            }
            None => {
                e.fail(r, format!("Web app {} has no managed identity.", app.name)).evidence("identity", "absent");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{SITE, fixture_of, rid};

    #[test]
    fn identity_passes() {
        let t = "Microsoft.Web/sites";
        let out = fixture_of(SITE, t, &[
            ("mi", json!({"kind": "app", "identity": {"type": "SystemAssigned", "principalId": "p"}, "properties": {}})),
            ("none", json!({"kind": "app", "identity": {"type": "None"}, "properties": {}})),
            ("absent", json!({"kind": "app", "properties": {}})),
        ])
        .run(&super::CHECK);
        out.assert_status(&rid(t, "mi"), Status::Pass);
        out.assert_status(&rid(t, "none"), Status::Fail);
        out.assert_status(&rid(t, "absent"), Status::Fail);
    }
}
