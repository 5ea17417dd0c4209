//! Unattached managed disks are encrypted with a customer-managed key.

use splitline_plugin_sdk::kinds::azure::Disk;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-DISK-003",
        long_id: "azure-disk-unattached-customer-managed-key",
        title: "Unattached managed disk is encrypted with a customer-managed key",
        severity: Severity::Low,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[Disk::KIND_NAME],
        risk: "An unattached disk keeps a VM's data long after the VM is gone; with a platform-managed key the customer cannot make it unreadable by disabling or deleting a key, nor prove key custody for it. Attached disks are covered by AZURE-VM-003.",
        remediation: Remediation {
            text: "Delete the disk if it is not needed; otherwise encrypt it with a disk encryption set backed by a Key Vault key.",
            cli: Some("az disk update --resource-group RESOURCE_GROUP --name DISK --encryption-type EncryptionAtRestWithCustomerKey --disk-encryption-set DES_ID"),
            terraform: Some("resource \"azurerm_managed_disk\" \"this\" {\n  # ...\n  disk_encryption_set_id = azurerm_disk_encryption_set.this.id\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/virtual-machines/disk-encryption"],
        compliance: &[compliance("cis-azure-2.1.0", "7.4"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, disk) in e.each::<Disk>() {
        if !disk.properties.disk_state.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("Unattached")) {
            e.not_applicable(r, format!("Managed disk {} is not unattached; attached disks are checked on their virtual machine.", disk.name));
            continue;
        }
        let t = disk.properties.encryption.as_ref().and_then(|x| x.encryption_type.clone());
        match t.as_deref() {
            Some(t @ ("EncryptionAtRestWithCustomerKey" | "EncryptionAtRestWithPlatformAndCustomerKeys")) => {
                e.pass(r, format!("Unattached managed disk {} is encrypted with a customer-managed key.", disk.name)).evidence("properties.encryption.type", t);
            }
            other => {
                e.fail(r, format!("Unattached managed disk {} is encrypted with a platform-managed key only.", disk.name))
                    .evidence("properties.encryption.type", other.unwrap_or("absent (EncryptionAtRestWithPlatformKey)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{DISK, SUB, disk_id};

    #[test]
    fn only_unattached_disks_are_judged() {
        let out = Fixture::new("azure", SUB)
            .resource(DISK, &disk_id("cmk"), json!({"name": "cmk", "properties": {"diskState": "Unattached", "encryption": {"type": "EncryptionAtRestWithCustomerKey", "diskEncryptionSetId": "/des"}}}))
            .resource(DISK, &disk_id("pmk"), json!({"name": "pmk", "properties": {"diskState": "Unattached", "encryption": {"type": "EncryptionAtRestWithPlatformKey"}}}))
            .resource(DISK, &disk_id("bare"), json!({"name": "bare", "properties": {"diskState": "Unattached"}}))
            .resource(DISK, &disk_id("att"), json!({"name": "att", "properties": {"diskState": "Attached"}}))
            .run(&super::CHECK);
        out.assert_status(&disk_id("cmk"), Status::Pass);
        out.assert_status(&disk_id("pmk"), Status::Fail);
        let f = out.assert_status(&disk_id("bare"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (EncryptionAtRestWithPlatformKey)");
        out.assert_status(&disk_id("att"), Status::NotApplicable);
    }
}
