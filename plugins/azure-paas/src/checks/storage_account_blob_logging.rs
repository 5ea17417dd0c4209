//! Storage accounts log read, write and delete requests to the Blob service
//! (Storage Analytics logging).

use splitline_plugin_sdk::kinds::azure::{BlobServiceLogging, StorageAccount};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-STORAGE-012",
        long_id: "azure-storage-account-blob-logging",
        title: "Storage account logs read, write and delete requests to the Blob service",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[StorageAccount::KIND_NAME],
        risk: "Without Storage logging there is no record of who read, wrote or deleted which blob, from where and with which authorization (account key, SAS, Entra ID): a leaked key or SAS used to copy or wipe data cannot be detected, scoped or attributed. Storage Analytics logging is off by default.",
        remediation: Remediation {
            text: "Turn on Storage Analytics logging for the Blob service with Read, Write and Delete requests and a retention period (it writes to the account's $logs container), or send the blob service's StorageRead, StorageWrite and StorageDelete resource logs to a Log Analytics workspace with a diagnostic setting (this check reads the Storage Analytics setting). Weigh the storage cost on busy accounts.",
            cli: Some("az storage logging update --account-name ACCOUNT --services b --log rwd --retention 90 --auth-mode login"),
            terraform: None,
        },
        references: &[
            "https://learn.microsoft.com/en-us/azure/storage/common/manage-storage-analytics-logs",
            "https://learn.microsoft.com/en-us/rest/api/storageservices/get-blob-service-properties",
        ],
        compliance: &[
            compliance("cis-azure-2.1.0", "3.13"),
            compliance("nist-csf-2.0", "PR.PS-04"),
            compliance("iso27001-2022", "A.8.15"),
        ],
    },
    run,
};

fn retention(l: &BlobServiceLogging) -> String {
    match l.retention_policy.as_ref() {
        Some(p) if p.enabled == Some(true) => format!("enabled, {} days", p.days.map_or("?".into(), |d| d.to_string())),
        _ => "disabled (log entries kept until deleted)".into(),
    }
}

fn run(e: &mut Eval) {
    for (r, a) in e.each::<StorageAccount>() {
        let Some(l) = a.blob_service_logging.as_ref() else {
            if a.kind.as_deref().is_some_and(|k| k.eq_ignore_ascii_case("FileStorage")) {
                e.not_applicable(r, format!("Storage account {} is a FileStorage account without a Blob service.", a.name));
            } else {
                e.error(r, format!("The Blob service logging setting of storage account {} was not collected (see the coverage gap).", a.name));
            }
            continue;
        };
        let on = |v: Option<bool>| v == Some(true);
        let missing: Vec<&str> =
            [("read", l.read), ("write", l.write), ("delete", l.delete)].into_iter().filter(|(_, v)| !on(*v)).map(|(n, _)| n).collect();
        let f = if missing.is_empty() {
            e.pass(r, format!("Storage account {} logs read, write and delete requests to its Blob service.", a.name))
        } else {
            let list = match missing.as_slice() {
                [one] => one.to_string(),
                [init @ .., last] => format!("{} or {last}", init.join(", ")),
                [] => unreachable!(),
            };
            e.fail(r, format!("Storage account {} does not log {list} requests to its Blob service.", a.name))
        };
        let state = |v: Option<bool>| match v {
            Some(b) => b.to_string(),
            None => "absent (off)".to_string(),
        };
        f.evidence("blobServiceLogging.read", state(l.read))
            .evidence("blobServiceLogging.write", state(l.write))
            .evidence("blobServiceLogging.delete", state(l.delete))
            .evidence("blobServiceLogging.retentionPolicy", retention(l));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{KIND, PREFIX, SUB};

    fn fixture() -> Fixture {
        let acct = |name: &str, kind: &str, logging: Option<serde_json::Value>| {
            let mut v = json!({"name": name, "kind": kind, "properties": {}});
            if let Some(l) = logging {
                v["blobServiceLogging"] = l;
            }
            (format!("{PREFIX}{name}"), v)
        };
        let mut fx = Fixture::new("azure", SUB);
        for (id, v) in [
            acct("stlogged", "StorageV2", Some(json!({"version": "1.0", "read": true, "write": true, "delete": true, "retentionPolicy": {"enabled": true, "days": 90}}))),
            acct("stkeptforever", "StorageV2", Some(json!({"version": "2.0", "read": true, "write": true, "delete": true, "retentionPolicy": {"enabled": false}}))),
            acct("stoff", "StorageV2", Some(json!({"version": "1.0", "read": false, "write": false, "delete": false, "retentionPolicy": {"enabled": false}}))),
            acct("stwriteonly", "StorageV2", Some(json!({"version": "1.0", "read": false, "write": true, "retentionPolicy": {"enabled": true, "days": 7}}))),
            acct("stempty", "StorageV2", Some(json!({}))),
            acct("stfiles", "FileStorage", None),
            acct("stunknown", "StorageV2", None),
        ] {
            fx = fx.resource(KIND, &id, v);
        }
        fx
    }

    #[test]
    fn read_write_and_delete_must_all_be_logged() {
        let out = fixture().run(&super::CHECK);
        let f = out.assert_status(&format!("{PREFIX}stlogged"), Status::Pass);
        assert_eq!(f.message, "Storage account stlogged logs read, write and delete requests to its Blob service.");
        assert_eq!(f.evidence[3].value, "enabled, 90 days");
        // Retention is not part of the control: logs kept until deleted still pass.
        let f = out.assert_status(&format!("{PREFIX}stkeptforever"), Status::Pass);
        assert_eq!(f.evidence[3].value, "disabled (log entries kept until deleted)");
        let f = out.assert_status(&format!("{PREFIX}stoff"), Status::Fail);
        assert_eq!(f.message, "Storage account stoff does not log read, write or delete requests to its Blob service.");
        assert_eq!(f.evidence[0].value, "false");
        let f = out.assert_status(&format!("{PREFIX}stwriteonly"), Status::Fail);
        assert_eq!(f.message, "Storage account stwriteonly does not log read or delete requests to its Blob service.");
        assert_eq!(f.evidence[2].value, "absent (off)");
    }

    #[test]
    fn absent_members_are_off_and_an_absent_setting_is_unknown() {
        let out = fixture().run(&super::CHECK);
        let f = out.assert_status(&format!("{PREFIX}stempty"), Status::Fail);
        assert_eq!(f.message, "Storage account stempty does not log read, write or delete requests to its Blob service.");
        out.assert_status(&format!("{PREFIX}stfiles"), Status::NotApplicable);
        let f = out.assert_status(&format!("{PREFIX}stunknown"), Status::Error);
        assert!(f.message.contains("was not collected"), "{}", f.message);
    }
}
