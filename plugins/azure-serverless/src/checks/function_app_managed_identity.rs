//! Function Apps have a managed identity.

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::prelude::*;

use crate::apps;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-FUNC-004",
        long_id: "azure-function-app-managed-identity",
        title: "Function App has a managed identity",
        severity: Severity::Low,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[WebSite::KIND_NAME],
        risk: "Without a managed identity, the function must be given keys and connection strings to reach storage, queues, databases and Key Vault: long-lived secrets in configuration instead of short-lived tokens tied to the app.",
        remediation: Remediation {
            text: "Assign a system- or user-assigned managed identity, grant it narrowly scoped roles, and switch bindings to identity-based connections.",
            cli: Some("az functionapp identity assign --resource-group RESOURCE_GROUP --name APP"),
            terraform: Some("resource \"azurerm_linux_function_app\" \"this\" {\n  # ...\n  identity {\n    type = \"SystemAssigned\"\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/app-service/overview-managed-identity"],
        compliance: &[compliance("cis-azure-2.1.0", "9.4"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, app) in apps::function_apps(e) {
        match app.identity.as_ref().filter(|i| i.is_assigned()) {
            Some(i) => {
                e.pass(r, format!("Function App {} has a managed identity.", app.name)).evidence("identity.type", i.kind.clone().unwrap_or_default());
            }
            None => {
                e.fail(r, format!("Function App {} has no managed identity.", app.name)).evidence("identity", "absent");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{fixture, site_id};

    #[test]
    fn identity_passes() {
        let out = fixture(&[
            ("fn-mi", json!({"identity": {"type": "SystemAssigned, UserAssigned"}, "properties": {}})),
            ("fn-none", json!({"properties": {}})),
            ("fn-odd", json!({"identity": {"type": 3}, "properties": {}})),
        ])
        .run(&super::CHECK);
        out.assert_status(&site_id("fn-mi"), Status::Pass);
        out.assert_status(&site_id("fn-none"), Status::Fail);
        out.assert_status(&site_id("fn-odd"), Status::Error);
    }
}
