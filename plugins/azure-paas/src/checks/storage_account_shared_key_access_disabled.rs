//! Storage accounts refuse Shared Key (account key) authorization.

use splitline_plugin_sdk::kinds::azure::StorageAccount;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-STORAGE-005",
        long_id: "azure-storage-account-shared-key-access-disabled",
        title: "Storage account disallows Shared Key authorization",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[StorageAccount::KIND_NAME],
        risk: "An account key grants full control of every blob, file, queue and table in the account, never expires, is tied to no identity, and signs SAS tokens that can only be revoked by rotating the key: one key leaked through a connection string in code, configuration or a CI log gives anyone unlimited access that the logs cannot attribute to a person.",
        remediation: Remediation {
            text: "Move applications to Microsoft Entra ID authorization (managed identities, user delegation SAS), confirm in the account's logs that no request still uses Shared Key, then set 'Allow storage account key access' to Disabled.",
            cli: Some("az storage account update --name ACCOUNT --resource-group RESOURCE_GROUP --allow-shared-key-access false"),
            terraform: Some("resource \"azurerm_storage_account\" \"this\" {\n  # ...\n  shared_access_key_enabled = false\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/storage/common/shared-key-authorization-prevent"],
        compliance: &[
            compliance("nist-csf-2.0", "PR.AA-01"),
            compliance("iso27001-2022", "A.8.5"),
            compliance("soc2", "CC6.1"),
        ],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, a) in e.each::<StorageAccount>() {
        match a.properties.allow_shared_key_access {
            Some(false) => {
                e.pass(r, format!("Storage account {} accepts only Microsoft Entra ID authorization, not its account keys.", a.name))
                    .evidence("properties.allowSharedKeyAccess", false);
            }
            Some(true) => {
                e.fail(r, format!("Storage account {} accepts requests authorized with its account keys.", a.name))
                    .evidence("properties.allowSharedKeyAccess", true);
            }
            None => {
                e.fail(r, format!("Storage account {} accepts requests authorized with its account keys by the API default.", a.name))
                    .evidence("properties.allowSharedKeyAccess", "absent (API default: true)");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{PREFIX, fixture};

    #[test]
    fn disabled_passes_enabled_and_absent_fail() {
        let out = fixture(&[
            ("stentra", json!({"allowSharedKeyAccess": false})),
            ("stkeys", json!({"allowSharedKeyAccess": true})),
            ("stdefault", json!({})),
        ])
        .run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stentra"), Status::Pass);
        let f = out.assert_status(&format!("{PREFIX}stkeys"), Status::Fail);
        assert_eq!(f.message, "Storage account stkeys accepts requests authorized with its account keys.");
        let f = out.assert_status(&format!("{PREFIX}stdefault"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (API default: true)");
    }

    #[test]
    fn malformed_configuration_is_an_error_not_a_pass() {
        let out = fixture(&[("stodd", json!({"allowSharedKeyAccess": 0}))]).run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stodd"), Status::Error);
    }
}
