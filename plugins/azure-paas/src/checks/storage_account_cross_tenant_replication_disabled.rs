//! Storage accounts do not replicate objects to other tenants.

use splitline_plugin_sdk::kinds::azure::StorageAccount;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-STORAGE-010",
        long_id: "azure-storage-account-cross-tenant-replication-disabled",
        title: "Storage account disallows cross-tenant object replication",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[StorageAccount::KIND_NAME],
        risk: "Object replication to an account in another Microsoft Entra tenant copies every new and changed blob out of the organisation's control; anyone able to write a replication policy can set up a silent, continuous exfiltration channel.",
        remediation: Remediation {
            text: "Set 'Allow cross-tenant replication' to false; keep object replication policies between accounts of the same tenant.",
            cli: Some("az storage account update --name ACCOUNT --resource-group RESOURCE_GROUP --allow-cross-tenant-replication false"),
            terraform: Some("resource \"azurerm_storage_account\" \"this\" {\n  # ...\n  cross_tenant_replication_enabled = false\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/storage/blobs/object-replication-prevent-cross-tenant-policies"],
        compliance: &[compliance("cis-azure-2.1.0", "3.16"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, a) in e.each::<StorageAccount>() {
        match a.properties.allow_cross_tenant_replication {
            Some(false) => {
                e.pass(r, format!("Storage account {} disallows object replication to other tenants.", a.name))
                    .evidence("properties.allowCrossTenantReplication", false);
            }
            Some(true) => {
                e.fail(r, format!("Storage account {} allows object replication to other tenants.", a.name))
                    .evidence("properties.allowCrossTenantReplication", true);
            }
            None => {
                e.fail(r, format!("Storage account {} does not disallow object replication to other tenants.", a.name))
                    .evidence("properties.allowCrossTenantReplication", "absent (allowed on accounts created before the December 2023 default change)");
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
    fn false_passes_true_and_absent_fail() {
        let out = fixture(&[("stno", json!({"allowCrossTenantReplication": false})), ("styes", json!({"allowCrossTenantReplication": true})), ("stold", json!({}))]).run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stno"), Status::Pass);
        out.assert_status(&format!("{PREFIX}styes"), Status::Fail);
        out.assert_status(&format!("{PREFIX}stold"), Status::Fail);
    }
}
