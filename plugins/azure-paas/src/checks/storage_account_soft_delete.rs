//! Storage accounts keep deleted blobs and containers recoverable.

use splitline_plugin_sdk::kinds::azure::{DeleteRetentionPolicy, StorageAccount};
use splitline_plugin_sdk::prelude::*;

use crate::settings;

/// Setting: minimum soft delete retention in days (default 7).
pub const SETTING: &str = "soft-delete-min-days";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-STORAGE-008",
        long_id: "azure-storage-account-soft-delete",
        title: "Storage account has soft delete enabled for blobs and containers",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[StorageAccount::KIND_NAME],
        risk: "Without soft delete, a blob or container deleted or overwritten by mistake, by a faulty script or by an attacker holding a key or SAS (ransomware wiping backups) is gone immediately and cannot be restored.",
        remediation: Remediation {
            text: "Enable soft delete for blobs and for containers with a retention of at least 7 days (longer for important data), and consider blob versioning.",
            cli: Some("az storage account blob-service-properties update --account-name ACCOUNT --resource-group RESOURCE_GROUP --enable-delete-retention true --delete-retention-days 14 --enable-container-delete-retention true --container-delete-retention-days 14"),
            terraform: Some("resource \"azurerm_storage_account\" \"this\" {\n  # ...\n  blob_properties {\n    delete_retention_policy {\n      days = 14\n    }\n    container_delete_retention_policy {\n      days = 14\n    }\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/storage/blobs/soft-delete-blob-overview"],
        compliance: &[compliance("cis-azure-2.1.0", "3.11"), compliance("nist-csf-2.0", "PR.DS-11")],
    },
    run,
};

fn describe(p: Option<&DeleteRetentionPolicy>) -> (bool, String, Option<i64>) {
    match p {
        Some(DeleteRetentionPolicy { enabled: Some(true), days }) => (true, format!("enabled, {} days", days.map_or("?".into(), |d| d.to_string())), *days),
        Some(DeleteRetentionPolicy { enabled: Some(false), .. }) => (false, "disabled".into(), None),
        _ => (false, "absent (off)".into(), None),
    }
}

fn run(e: &mut Eval) {
    let Some(min) = settings::get::<i64>(e, SETTING, 7, StorageAccount::KIND_NAME) else { return };
    for (r, a) in e.each::<StorageAccount>() {
        let Some(bsp) = a.blob_service_properties.as_ref() else {
            if a.kind.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("FileStorage")) {
                e.not_applicable(r, format!("Storage account {} is a FileStorage account without a Blob service.", a.name));
            } else {
                e.error(r, format!("The Blob service properties of storage account {} were not collected.", a.name));
            }
            continue;
        };
        let (blob_on, blob_desc, blob_days) = describe(bsp.properties.delete_retention_policy.as_ref());
        let (cont_on, cont_desc, cont_days) = describe(bsp.properties.container_delete_retention_policy.as_ref());
        let short = |on: bool, days: Option<i64>| on && days.is_some_and(|d| d < min);
        let mut problems = Vec::new();
        if !blob_on {
            problems.push("blob soft delete is off".to_string());
        } else if short(blob_on, blob_days) {
            problems.push(format!("deleted blobs are kept less than {min} days"));
        }
        if !cont_on {
            problems.push("container soft delete is off".to_string());
        } else if short(cont_on, cont_days) {
            problems.push(format!("deleted containers are kept less than {min} days"));
        }
        let f = if problems.is_empty() {
            e.pass(r, format!("Storage account {} keeps deleted blobs and containers recoverable.", a.name))
        } else {
            e.fail(r, format!("Storage account {}: {}.", a.name, problems.join(" and ")))
        };
        f.evidence("blobServiceProperties.properties.deleteRetentionPolicy", blob_desc)
            .evidence("blobServiceProperties.properties.containerDeleteRetentionPolicy", cont_desc);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{KIND, PREFIX, SUB};

    fn fixture() -> Fixture {
        let acct = |name: &str, kind: &str, bsp: Option<serde_json::Value>| {
            let mut v = json!({"name": name, "kind": kind, "properties": {}});
            if let Some(b) = bsp {
                v["blobServiceProperties"] = json!({"name": "default", "properties": b});
            }
            (format!("{PREFIX}{name}"), v)
        };
        let mut fx = Fixture::new("azure", SUB);
        for (id, v) in [
            acct("stboth", "StorageV2", Some(json!({"deleteRetentionPolicy": {"enabled": true, "days": 14}, "containerDeleteRetentionPolicy": {"enabled": true, "days": 7}}))),
            acct("stblobonly", "StorageV2", Some(json!({"deleteRetentionPolicy": {"enabled": true, "days": 3}}))),
            acct("stnone", "StorageV2", Some(json!({"cors": {"corsRules": []}}))),
            acct("stfiles", "FileStorage", None),
            acct("stold", "StorageV2", None),
        ] {
            fx = fx.resource(KIND, &id, v);
        }
        fx
    }

    #[test]
    fn both_policies_are_needed_with_enough_days() {
        let out = fixture().run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stboth"), Status::Pass);
        let f = out.assert_status(&format!("{PREFIX}stblobonly"), Status::Fail);
        assert_eq!(f.message, "Storage account stblobonly: deleted blobs are kept less than 7 days and container soft delete is off.");
        let f = out.assert_status(&format!("{PREFIX}stnone"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (off)");
        out.assert_status(&format!("{PREFIX}stfiles"), Status::NotApplicable);
        out.assert_status(&format!("{PREFIX}stold"), Status::Error);
        let out = fixture().setting(super::SETTING, json!(10)).run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stboth"), Status::Fail);
    }
}
