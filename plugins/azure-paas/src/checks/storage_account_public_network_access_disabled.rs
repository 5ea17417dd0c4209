//! Storage accounts are not reachable over the public network.

use splitline_plugin_sdk::kinds::azure::StorageAccount;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-STORAGE-009",
        long_id: "azure-storage-account-public-network-access-disabled",
        title: "Storage account has public network access disabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[StorageAccount::KIND_NAME],
        risk: "With public network access enabled, the account's endpoints answer from the internet: a leaked key, SAS token or connection string, or an anonymous container, is usable from anywhere. Disabling it limits access to private endpoints.",
        remediation: Remediation {
            text: "Create private endpoints for the services clients use, then set public network access to Disabled.",
            cli: Some("az storage account update --name ACCOUNT --resource-group RESOURCE_GROUP --public-network-access Disabled"),
            terraform: Some("resource \"azurerm_storage_account\" \"this\" {\n  # ...\n  public_network_access_enabled = false\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/storage/common/storage-network-security"],
        compliance: &[compliance("cis-azure-2.1.0", "3.7"), compliance("nist-csf-2.0", "PR.IR-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, a) in e.each::<StorageAccount>() {
        match a.properties.public_network_access.as_deref() {
            Some(p) if p.eq_ignore_ascii_case("Disabled") => {
                e.pass(r, format!("Storage account {} is reachable only through private endpoints.", a.name))
                    .evidence("properties.publicNetworkAccess", p);
            }
            other => {
                e.fail(r, format!("Storage account {} accepts connections over the public network.", a.name))
                    .evidence("properties.publicNetworkAccess", other.unwrap_or("absent (Enabled)"));
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
    fn disabled_passes() {
        let out = fixture(&[
            ("stpriv", json!({"publicNetworkAccess": "Disabled"})),
            ("stpub", json!({"publicNetworkAccess": "Enabled"})),
            ("stperim", json!({"publicNetworkAccess": "SecuredByPerimeter"})),
            ("stdef", json!({})),
        ])
        .run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stpriv"), Status::Pass);
        out.assert_status(&format!("{PREFIX}stpub"), Status::Fail);
        out.assert_status(&format!("{PREFIX}stperim"), Status::Fail);
        let f = out.assert_status(&format!("{PREFIX}stdef"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (Enabled)");
    }
}
