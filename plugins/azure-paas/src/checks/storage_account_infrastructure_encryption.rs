//! Storage accounts add infrastructure (double) encryption.

use splitline_plugin_sdk::kinds::azure::StorageAccount;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-STORAGE-006",
        long_id: "azure-storage-account-infrastructure-encryption",
        title: "Storage account has infrastructure encryption enabled",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[StorageAccount::KIND_NAME],
        risk: "Service-side encryption is a single layer with one algorithm and key; infrastructure encryption adds a second, independent layer with a different key, so a flaw in one layer or the compromise of one key does not expose the data. CIS rates it Level 2; it can only be set when the account is created.",
        remediation: Remediation {
            text: "Create a new storage account with infrastructure encryption enabled and move the data to it (the setting cannot be changed on an existing account).",
            cli: Some("az storage account create --name ACCOUNT --resource-group RESOURCE_GROUP --require-infrastructure-encryption"),
            terraform: Some("resource \"azurerm_storage_account\" \"this\" {\n  # ...\n  infrastructure_encryption_enabled = true\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/storage/common/infrastructure-encryption-enable"],
        compliance: &[compliance("cis-azure-2.1.0", "3.2"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, a) in e.each::<StorageAccount>() {
        match a.properties.encryption.as_ref().and_then(|x| x.require_infrastructure_encryption) {
            Some(true) => {
                e.pass(r, format!("Storage account {} encrypts its data twice, with infrastructure encryption.", a.name))
                    .evidence("properties.encryption.requireInfrastructureEncryption", true);
            }
            other => {
                e.fail(r, format!("Storage account {} does not have infrastructure encryption enabled.", a.name)).evidence(
                    "properties.encryption.requireInfrastructureEncryption",
                    other.map_or_else(|| "absent (off)".to_string(), |b| b.to_string()),
                );
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
    fn on_passes_off_and_absent_fail() {
        let out = fixture(&[
            ("stdouble", json!({"encryption": {"keySource": "Microsoft.Storage", "requireInfrastructureEncryption": true}})),
            ("stsingle", json!({"encryption": {"keySource": "Microsoft.Storage", "requireInfrastructureEncryption": false}})),
            ("stdefault", json!({})),
        ])
        .run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stdouble"), Status::Pass);
        out.assert_status(&format!("{PREFIX}stsingle"), Status::Fail);
        let f = out.assert_status(&format!("{PREFIX}stdefault"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (off)");
    }
}
