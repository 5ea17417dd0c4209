//! Storage accounts accept only HTTPS (secure transfer required).

use splitline_plugin_sdk::kinds::azure::StorageAccount;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-STORAGE-001",
        long_id: "azure-storage-account-secure-transfer",
        title: "Storage account requires secure transfer (HTTPS only)",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[StorageAccount::KIND_NAME],
        risk: "With secure transfer off, the blob, file, queue and table endpoints accept plain HTTP and Azure Files accepts unencrypted SMB, so data and SAS tokens (bearer credentials carried in the URL) can be read or altered by anyone on the network path.",
        remediation: Remediation {
            text: "Turn on 'Secure transfer required' for the account, after moving any client that still uses http:// URLs or unencrypted SMB to HTTPS or SMB 3.x with encryption.",
            cli: Some("az storage account update --name ACCOUNT --resource-group RESOURCE_GROUP --https-only true"),
            terraform: Some("resource \"azurerm_storage_account\" \"this\" {\n  # ...\n  https_traffic_only_enabled = true # azurerm < 4.0: enable_https_traffic_only\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/storage/common/storage-require-secure-transfer"],
        compliance: &[
            compliance("cis-azure-2.1.0", "3.1"),
            compliance("nist-csf-2.0", "PR.DS-02"),
            compliance("iso27001-2022", "A.8.24"),
        ],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, a) in e.each::<StorageAccount>() {
        match a.properties.supports_https_traffic_only {
            Some(true) => {
                e.pass(r, format!("Storage account {} accepts only HTTPS requests.", a.name))
                    .evidence("properties.supportsHttpsTrafficOnly", true);
            }
            None => {
                e.pass(r, format!("Storage account {} accepts only HTTPS requests by the API default.", a.name))
                    .evidence("properties.supportsHttpsTrafficOnly", "absent (API default since 2019-04-01: true)");
            }
            Some(false) => {
                e.fail(r, format!("Storage account {} accepts plain HTTP requests because secure transfer is not required.", a.name))
                    .evidence("properties.supportsHttpsTrafficOnly", false);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{KIND, PREFIX};

    fn account(name: &str, properties: serde_json::Value) -> (String, serde_json::Value) {
        (format!("{PREFIX}{name}"), json!({"id": format!("{PREFIX}{name}"), "name": name, "properties": properties}))
    }

    #[test]
    fn https_only_passes_http_fails() {
        let (on_id, on) = account("sthttps", json!({"supportsHttpsTrafficOnly": true}));
        let (off_id, off) = account("sthttp", json!({"supportsHttpsTrafficOnly": false}));
        let out = Fixture::new("azure", "00000000-0000-0000-0000-000000000000")
            .resource(KIND, &on_id, on)
            .resource(KIND, &off_id, off)
            .run(&super::CHECK);
        out.assert_status(&on_id, Status::Pass);
        let f = out.assert_status(&off_id, Status::Fail);
        assert_eq!(f.message, "Storage account sthttp accepts plain HTTP requests because secure transfer is not required.");
        assert_eq!(f.evidence[0].property, "properties.supportsHttpsTrafficOnly");
        assert_eq!(f.evidence[0].value, "false");
    }

    #[test]
    fn absent_property_passes_and_says_it_is_the_default() {
        let (id, config) = account("stdefault", json!({}));
        let out = Fixture::new("azure", "00000000-0000-0000-0000-000000000000").resource(KIND, &id, config).run(&super::CHECK);
        let f = out.assert_status(&id, Status::Pass);
        assert!(f.message.contains("by the API default"), "{}", f.message);
        assert!(f.evidence[0].value.starts_with("absent"), "{:?}", f.evidence);
    }

    #[test]
    fn malformed_configuration_is_an_error_not_a_pass() {
        let (id, config) = account("stodd", json!({"supportsHttpsTrafficOnly": "yes"}));
        let out = Fixture::new("azure", "00000000-0000-0000-0000-000000000000").resource(KIND, &id, config).run(&super::CHECK);
        out.assert_status(&id, Status::Error);
    }
}
