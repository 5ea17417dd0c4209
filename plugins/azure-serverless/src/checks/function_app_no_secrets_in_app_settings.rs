//! Function Apps keep secrets in Key Vault, not in app settings.

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::prelude::*;

use crate::apps;

/// Settings that hold connection data Microsoft does not treat as a secret.
const NOT_SECRETS: &[&str] = &["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPINSIGHTS_INSTRUMENTATIONKEY"];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-FUNC-003",
        long_id: "azure-function-app-no-secrets-in-app-settings",
        title: "Function App app settings hold no secrets (Key Vault references or identity-based connections instead)",
        severity: Severity::High,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::Secrets,
        resource_kinds: &[WebSite::KIND_NAME],
        risk: "Secrets in app settings are readable by everyone with read access to the app's configuration (Website Contributor, many automation identities), appear in ARM exports, deployment templates and the SCM site, are never rotated, and a leaked storage account key in AzureWebJobsStorage gives full access to the app's code and triggers.",
        remediation: Remediation {
            text: "Store each secret in Key Vault and set the app setting to a Key Vault reference (@Microsoft.KeyVault(SecretUri=...)) resolved with the app's managed identity; for AzureWebJobsStorage and other Azure services use identity-based connections (AzureWebJobsStorage__accountName) and rotate the exposed keys.",
            cli: Some("az functionapp config appsettings set --resource-group RESOURCE_GROUP --name APP --settings \"DB_PASSWORD=@Microsoft.KeyVault(SecretUri=https://VAULT.vault.azure.net/secrets/db-password/)\""),
            terraform: Some("resource \"azurerm_linux_function_app\" \"this\" {\n  # ...\n  app_settings = {\n    DB_PASSWORD = \"@Microsoft.KeyVault(SecretUri=${azurerm_key_vault_secret.db.versionless_id})\"\n  }\n}"),
        },
        references: &[
            "https://learn.microsoft.com/en-us/azure/app-service/app-service-key-vault-references",
            "https://learn.microsoft.com/en-us/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity",
        ],
        compliance: &[compliance("cis-azure-2.1.0", "9.10"), compliance("nist-csf-2.0", "PR.DS-01"), compliance("iso27001-2022", "A.8.12")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, app) in apps::function_apps(e) {
        let mut secrets: Vec<(&String, &String, &'static str)> = Vec::new();
        let mut references = 0;
        for (key, value) in &app.app_settings {
            let v = value.trim();
            if v.starts_with("@Microsoft.KeyVault(") {
                references += 1;
                continue;
            }
            if NOT_SECRETS.iter().any(|n| n.eq_ignore_ascii_case(key)) {
                continue;
            }
            if let Some(what) = redact::classify(key, v) {
                secrets.push((key, value, what));
            }
        }
        if secrets.is_empty() {
            e.pass(r, format!("Function App {} holds no secrets in its app settings ({references} Key Vault reference(s)).", app.name));
            continue;
        }
        let keys: Vec<&str> = secrets.iter().map(|(k, _, _)| k.as_str()).collect();
        let f = e.fail(r, format!("Function App {} holds secrets in plain app settings: {}.", app.name, keys.join(", ")));
        for (k, v, _) in &secrets {
            f.secret_evidence(format!("appSettings.{k}"), v);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{fixture, site_id};

    #[test]
    fn redacted_values_fail_key_vault_references_pass() {
        let out = fixture(&[
            ("fn-leaky", json!({"properties": {}, "appSettings": {
                "FUNCTIONS_WORKER_RUNTIME": "python",
                "AzureWebJobsStorage": "[redacted] a storage connection string with an account key, 166 characters",
                "INVOICE_DB_CONNECTION": "[redacted] a connection string with a password, 74 characters",
                "APPLICATIONINSIGHTS_CONNECTION_STRING": "[redacted] a connection string, 120 characters"
            }})),
            ("fn-vault", json!({"properties": {}, "appSettings": {
                "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
                "AzureWebJobsStorage__accountName": "stfunc",
                "DB_PASSWORD": "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)"
            }})),
            ("fn-none", json!({"properties": {}})),
        ])
        .run(&super::CHECK);
        let f = out.assert_status(&site_id("fn-leaky"), Status::Fail);
        assert_eq!(f.message, "Function App fn-leaky holds secrets in plain app settings: AzureWebJobsStorage, INVOICE_DB_CONNECTION.");
        assert_eq!(f.evidence[0].property, "appSettings.AzureWebJobsStorage");
        assert!(f.evidence.iter().all(|e| e.value.starts_with("[redacted]")), "{:?}", f.evidence);
        let f = out.assert_status(&site_id("fn-vault"), Status::Pass);
        assert!(f.message.contains("1 Key Vault reference"), "{}", f.message);
        out.assert_status(&site_id("fn-none"), Status::Pass);
    }

    #[test]
    fn an_unredacted_secret_is_still_reported_without_its_value() {
        let out = fixture(&[("fn-raw", json!({"properties": {}, "appSettings": {"API_TOKEN": "abc123def456"}}))]).run(&super::CHECK);
        let f = out.assert_status(&site_id("fn-raw"), Status::Fail);
        assert!(!f.evidence[0].value.contains("abc123"), "{:?}", f.evidence);
    }
}
