//! Storage accounts disallow anonymous (public) access to blobs.

use splitline_plugin_sdk::kinds::azure::StorageAccount;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-STORAGE-003",
        long_id: "azure-storage-account-blob-public-access-disabled",
        title: "Storage account disallows anonymous blob access",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[StorageAccount::KIND_NAME],
        risk: "While the account allows anonymous access, any container set to the Blob or Container access level can be read, and with Container also listed, by anyone on the internet without a credential: a single container setting, changed by mistake or by a script, is enough to leak its data.",
        remediation: Remediation {
            text: "Set 'Allow Blob anonymous access' to Disabled on the account, which overrides every container's access level. Share data with SAS tokens or Microsoft Entra ID instead, and serve public content through a CDN.",
            cli: Some("az storage account update --name ACCOUNT --resource-group RESOURCE_GROUP --allow-blob-public-access false"),
            terraform: Some("resource \"azurerm_storage_account\" \"this\" {\n  # ...\n  allow_nested_items_to_be_public = false\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-prevent"],
        compliance: &[
            compliance("cis-azure-2.1.0", "3.17"),
            compliance("nist-csf-2.0", "PR.AA-05"),
            compliance("soc2", "CC6.1"),
        ],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, a) in e.each::<StorageAccount>() {
        match a.properties.allow_blob_public_access {
            Some(false) => {
                e.pass(r, format!("Storage account {} disallows anonymous access to its blobs.", a.name))
                    .evidence("properties.allowBlobPublicAccess", false);
            }
            Some(true) => {
                e.fail(r, format!("Storage account {} allows its containers to be made publicly readable.", a.name))
                    .evidence("properties.allowBlobPublicAccess", true);
            }
            None => {
                e.fail(r, format!("Storage account {} does not disallow anonymous blob access, so its containers can be made publicly readable.", a.name))
                    .evidence("properties.allowBlobPublicAccess", "absent (null: anonymous access allowed, the default of older accounts)");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{KIND, PREFIX, fixture};

    #[test]
    fn disallowed_passes_allowed_and_absent_fail() {
        let out = fixture(&[
            ("stprivate", json!({"allowBlobPublicAccess": false})),
            ("stpublic", json!({"allowBlobPublicAccess": true})),
            ("stlegacy", json!({"supportsHttpsTrafficOnly": true})),
        ])
        .run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stprivate"), Status::Pass);
        let f = out.assert_status(&format!("{PREFIX}stpublic"), Status::Fail);
        assert_eq!(f.message, "Storage account stpublic allows its containers to be made publicly readable.");
        let f = out.assert_status(&format!("{PREFIX}stlegacy"), Status::Fail);
        assert!(f.evidence[0].value.starts_with("absent"), "{:?}", f.evidence);
    }

    #[test]
    fn malformed_configuration_is_an_error_not_a_pass() {
        let out = fixture(&[("stodd", json!({"allowBlobPublicAccess": "false"}))]).run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stodd"), Status::Error);
        let out = Fixture::new("azure", "00000000-0000-0000-0000-000000000000")
            .resource(KIND, &format!("{PREFIX}stnoprops"), json!({"name": "stnoprops", "properties": "none"}))
            .run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stnoprops"), Status::Error);
    }
}
