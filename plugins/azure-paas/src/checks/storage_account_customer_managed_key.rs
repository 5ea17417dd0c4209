//! Storage accounts holding critical data are encrypted with a customer-managed key.

use splitline_plugin_sdk::kinds::azure::StorageAccount;
use splitline_plugin_sdk::prelude::*;

use crate::settings;

/// Setting: which accounts must use a customer-managed key: a list of
/// `tag=value` selectors (value compared case-insensitively), or `"*"` for
/// every account. Default: accounts tagged `data-classification` =
/// `critical`, `confidential` or `restricted`.
pub const SETTING: &str = "cmk-required-for";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-STORAGE-007",
        long_id: "azure-storage-account-customer-managed-key",
        title: "Storage account with critical data is encrypted with a customer-managed key",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[StorageAccount::KIND_NAME],
        risk: "With Microsoft-managed keys the customer cannot revoke access to the data by disabling a key, control or audit key rotation, or show key custody to an auditor; for critical data most regulations and classification policies require the organisation to hold the key.",
        remediation: Remediation {
            text: "Configure the account to use a key in Key Vault or Managed HSM (with soft delete and purge protection) through a managed identity, with automatic key version updates. Tag accounts with their data classification so the plugin setting cmk-required-for selects them.",
            cli: Some("az storage account update --name ACCOUNT --resource-group RESOURCE_GROUP --encryption-key-source Microsoft.Keyvault --encryption-key-vault https://VAULT.vault.azure.net --encryption-key-name KEY --key-vault-user-identity-id IDENTITY_ID --identity-type UserAssigned --user-identity-id IDENTITY_ID"),
            terraform: Some("resource \"azurerm_storage_account_customer_managed_key\" \"this\" {\n  storage_account_id        = azurerm_storage_account.this.id\n  key_vault_id              = azurerm_key_vault.this.id\n  key_name                  = azurerm_key_vault_key.storage.name\n  user_assigned_identity_id = azurerm_user_assigned_identity.storage.id\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/storage/common/customer-managed-keys-overview"],
        compliance: &[compliance("cis-azure-2.1.0", "3.12"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn default_selectors() -> Vec<String> {
    ["data-classification=critical", "data-classification=confidential", "data-classification=restricted"].map(String::from).to_vec()
}

fn run(e: &mut Eval) {
    let Some(selectors) = settings::get::<Vec<String>>(e, SETTING, default_selectors(), StorageAccount::KIND_NAME) else { return };
    for (r, a) in e.each::<StorageAccount>() {
        let matched = selectors.iter().find(|s| {
            let s = s.trim();
            s == "*"
                || s.split_once('=').is_some_and(|(k, v)| r.tag(k.trim()).is_some_and(|t| t.eq_ignore_ascii_case(v.trim())))
        });
        let Some(selector) = matched else {
            e.not_applicable(r, format!("Storage account {} is not selected by {SETTING}, so a customer-managed key is not required.", a.name));
            continue;
        };
        let source = a.properties.encryption.as_ref().and_then(|x| x.key_source.clone());
        if source.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("Microsoft.Keyvault")) {
            e.pass(r, format!("Storage account {} is encrypted with a customer-managed key.", a.name))
                .evidence("properties.encryption.keySource", "Microsoft.Keyvault");
        } else {
            e.fail(r, format!("Storage account {} holds data selected by {selector} but is encrypted with a Microsoft-managed key.", a.name))
                .evidence("properties.encryption.keySource", source.as_deref().unwrap_or("absent (Microsoft.Storage)"));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{KIND, PREFIX, SUB};

    fn fixture() -> Fixture {
        let acct = |name: &str, source: &str| json!({"name": name, "properties": {"encryption": {"keySource": source}}});
        Fixture::new("azure", SUB)
            .resource_in("westeurope", KIND, &format!("{PREFIX}stcrit"), acct("stcrit", "Microsoft.Storage"), &[("data-classification", "Critical")])
            .resource_in("westeurope", KIND, &format!("{PREFIX}stcmk"), acct("stcmk", "Microsoft.Keyvault"), &[("data-classification", "confidential")])
            .resource_in("westeurope", KIND, &format!("{PREFIX}stpublic"), acct("stpublic", "Microsoft.Storage"), &[("data-classification", "public")])
    }

    #[test]
    fn selected_accounts_need_a_key_vault_key() {
        let out = fixture().run(&super::CHECK);
        let f = out.assert_status(&format!("{PREFIX}stcrit"), Status::Fail);
        assert_eq!(f.message, "Storage account stcrit holds data selected by data-classification=critical but is encrypted with a Microsoft-managed key.");
        out.assert_status(&format!("{PREFIX}stcmk"), Status::Pass);
        out.assert_status(&format!("{PREFIX}stpublic"), Status::NotApplicable);
    }

    #[test]
    fn star_selects_every_account_and_bad_settings_are_errors() {
        let out = fixture().setting(super::SETTING, json!(["*"])).run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stpublic"), Status::Fail);
        let out = fixture().setting(super::SETTING, json!("*")).run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stpublic"), Status::Error);
    }
}
