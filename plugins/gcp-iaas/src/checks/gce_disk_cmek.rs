//! Persistent disks that policy says need a customer-managed key have one.

use std::collections::BTreeMap;

use splitline_plugin_sdk::kinds::gcp::ComputeDisk;
use splitline_plugin_sdk::prelude::*;

/// Setting: every disk needs a customer-managed (or customer-supplied) key.
pub const REQUIRED_SETTING: &str = "disk-cmek-required";
/// Setting: disks carrying one of these labels need one (`{"data-class": "confidential"}`; `"*"` matches any value).
pub const LABELS_SETTING: &str = "disk-cmek-required-labels";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCE-010",
        long_id: "gcp-gce-disk-customer-managed-key",
        title: "Persistent disk that requires a customer-managed key is encrypted with Cloud KMS (CMEK) or a customer-supplied key",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[ComputeDisk::KIND_NAME],
        risk: "A disk under a Google-managed key cannot be made unreadable by the customer (by disabling or destroying the key), key use is not visible in the customer's audit logs, and key access cannot be separated from disk administration, which regulated data often requires.",
        remediation: Remediation {
            text: "Create a snapshot, create a new disk from it with --kms-key pointing at a Cloud KMS key (grant the Compute Engine service agent roles/cloudkms.cryptoKeyEncrypterDecrypter on it), swap the disks and delete the old one. Which disks need a customer-managed key is set with the plugin settings disk-cmek-required (all disks) and disk-cmek-required-labels (disks with given labels).",
            cli: Some("gcloud compute disks create DISK-cmek --zone=ZONE --source-snapshot=SNAPSHOT --kms-key=projects/P/locations/L/keyRings/R/cryptoKeys/K"),
            terraform: Some("resource \"google_compute_disk\" \"this\" {\n  # ...\n  disk_encryption_key {\n    kms_key_self_link = google_kms_crypto_key.disks.id\n  }\n}"),
        },
        references: &["https://cloud.google.com/compute/docs/disks/customer-managed-encryption", "https://cloud.google.com/compute/docs/disks/customer-supplied-encryption"],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    let settings = e
        .ctx()
        .setting(REQUIRED_SETTING, false)
        .and_then(|all| e.ctx().setting(LABELS_SETTING, BTreeMap::<String, String>::new()).map(|labels| (all, labels)));
    let (all, labels) = match settings {
        Ok(s) => s,
        Err(message) => {
            for (r, _) in e.each::<ComputeDisk>() {
                e.error(r, format!("{message}."));
            }
            return;
        }
    };
    for (r, disk) in e.each::<ComputeDisk>() {
        let key = disk.disk_encryption_key.clone().unwrap_or_default();
        if let Some(kms) = key.kms_key_name.as_deref() {
            e.pass(r, format!("Persistent disk {} is encrypted with the Cloud KMS key {}.", disk.name, kms)).evidence("diskEncryptionKey.kmsKeyName", kms);
            continue;
        }
        if key.sha256.is_some() {
            e.pass(r, format!("Persistent disk {} is encrypted with a customer-supplied key.", disk.name)).evidence("diskEncryptionKey.sha256", "present");
            continue;
        }
        let matched = labels.iter().find(|(k, v)| disk.labels.get(*k).is_some_and(|actual| v.as_str() == "*" || actual == *v));
        let reason = match (all, matched) {
            (true, _) => format!("the plugin setting {REQUIRED_SETTING} requires one for every disk"),
            (false, Some((k, _))) => format!("its label {k}={} requires one", disk.labels[k]),
            (false, None) => {
                e.not_applicable(r, format!("Persistent disk {} uses a Google-managed key, and no setting requires a customer-managed key for it.", disk.name));
                continue;
            }
        };
        e.fail(r, format!("Persistent disk {} uses a Google-managed key, but {reason}.", disk.name)).evidence("diskEncryptionKey", "absent");
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.compute.disk";
    const KEY: &str = "projects/acme-prod-4821/locations/europe-west1/keyRings/disks/cryptoKeys/pd/cryptoKeyVersions/1";

    fn fixture() -> Fixture {
        Fixture::new("gcp", "acme-prod")
            .resource(KIND, "d/cmek", json!({"name": "cmek", "diskEncryptionKey": {"kmsKeyName": KEY}}))
            .resource(KIND, "d/csek", json!({"name": "csek", "diskEncryptionKey": {"sha256": "dGhpcyBpcyBub3QgYSBrZXk="}}))
            .resource(KIND, "d/google", json!({"name": "google"}))
            .resource(KIND, "d/confidential", json!({"name": "confidential", "labels": {"data-class": "confidential"}}))
    }

    #[test]
    fn nothing_required_by_default() {
        let out = fixture().run(&super::CHECK);
        out.assert_status("d/cmek", Status::Pass);
        out.assert_status("d/csek", Status::Pass);
        out.assert_status("d/google", Status::NotApplicable);
        out.assert_status("d/confidential", Status::NotApplicable);
    }

    #[test]
    fn labels_and_the_global_setting_require_a_key() {
        let out = fixture().setting("disk-cmek-required-labels", json!({"data-class": "confidential"})).run(&super::CHECK);
        let f = out.assert_status("d/confidential", Status::Fail);
        assert_eq!(f.message, "Persistent disk confidential uses a Google-managed key, but its label data-class=confidential requires one.");
        out.assert_status("d/google", Status::NotApplicable);

        let out = fixture().setting("disk-cmek-required", json!(true)).run(&super::CHECK);
        out.assert_status("d/google", Status::Fail);
        out.assert_status("d/cmek", Status::Pass);

        let out = fixture().setting("disk-cmek-required-labels", json!({"data-class": "*"})).run(&super::CHECK);
        out.assert_status("d/confidential", Status::Fail);
    }

    #[test]
    fn invalid_settings_are_errors() {
        let out = fixture().setting("disk-cmek-required", json!("yes")).run(&super::CHECK);
        let f = out.assert_status("d/google", Status::Error);
        assert!(f.message.contains("disk-cmek-required"), "{}", f.message);
    }
}
