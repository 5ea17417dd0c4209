//! Virtual machines' OS and data disks are encrypted with a customer-managed key.

use splitline_plugin_sdk::kinds::azure::VirtualMachine;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-VM-003",
        long_id: "azure-vm-disks-customer-managed-key",
        title: "Virtual machine's OS and data disks are encrypted with a customer-managed key",
        severity: Severity::Low,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[VirtualMachine::KIND_NAME],
        risk: "With platform-managed keys, Microsoft holds and rotates the key and the customer cannot revoke access to the disk contents, prove key custody to an auditor, or crypto-shred a disk by disabling its key. CIS rates this Level 2: needed where regulation or data classification requires key custody.",
        remediation: Remediation {
            text: "Create a disk encryption set backed by a Key Vault or Managed HSM key (with purge protection), then point each OS and data disk at it (the VM must be deallocated).",
            cli: Some("az vm deallocate --resource-group RESOURCE_GROUP --name VM\naz disk update --resource-group RESOURCE_GROUP --name DISK --encryption-type EncryptionAtRestWithCustomerKey --disk-encryption-set DES_ID"),
            terraform: Some("resource \"azurerm_linux_virtual_machine\" \"this\" {\n  # ...\n  os_disk {\n    # ...\n    disk_encryption_set_id = azurerm_disk_encryption_set.this.id\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/virtual-machines/disk-encryption#customer-managed-keys"],
        compliance: &[compliance("cis-azure-2.1.0", "7.3"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<VirtualMachine>() {
        let Some(storage) = vm.properties.storage_profile.as_ref() else {
            e.error(r, format!("Virtual machine {} has no storage profile in its configuration.", vm.name));
            continue;
        };
        let mut disks = Vec::new();
        if let Some(os) = &storage.os_disk {
            disks.push(("properties.storageProfile.osDisk".to_string(), os));
        }
        for (i, d) in storage.data_disks.iter().enumerate() {
            disks.push((format!("properties.storageProfile.dataDisks[{i}]"), d));
        }
        let managed: Vec<_> = disks.into_iter().filter(|(_, d)| d.managed_disk.is_some()).collect();
        if managed.is_empty() {
            e.not_applicable(r, format!("Virtual machine {} has no managed disks.", vm.name));
            continue;
        }
        let platform: Vec<_> = managed
            .iter()
            .filter(|(_, d)| d.managed_disk.as_ref().and_then(|m| m.disk_encryption_set.as_ref()).is_none_or(|s| s.id.is_empty()))
            .collect();
        if platform.is_empty() {
            e.pass(r, format!("Virtual machine {} encrypts all {} managed disk(s) with a customer-managed key.", vm.name, managed.len()));
            continue;
        }
        let names: Vec<String> = platform.iter().map(|(p, d)| d.name.clone().unwrap_or_else(|| p.clone())).collect();
        let f = e.fail(
            r,
            format!("Virtual machine {} has {} disk(s) encrypted with a platform-managed key: {}.", vm.name, platform.len(), names.join(", ")),
        );
        for (p, _) in &platform {
            f.evidence(format!("{p}.managedDisk.diskEncryptionSet"), "absent (platform-managed key)");
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{SUB, VM, vm_id};

    #[test]
    fn every_managed_disk_needs_a_disk_encryption_set() {
        let des = json!({"id": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des"});
        let out = Fixture::new("azure", SUB)
            .resource(VM, &vm_id("cmk"), json!({"name": "cmk", "properties": {"storageProfile": {"osDisk": {"name": "os", "managedDisk": {"diskEncryptionSet": des}}, "dataDisks": [{"name": "data", "managedDisk": {"diskEncryptionSet": des}}]}}}))
            .resource(VM, &vm_id("mixed"), json!({"name": "mixed", "properties": {"storageProfile": {"osDisk": {"name": "os1", "managedDisk": {"diskEncryptionSet": des}}, "dataDisks": [{"name": "data1", "lun": 0, "managedDisk": {"storageAccountType": "Premium_LRS"}}]}}}))
            .resource(VM, &vm_id("vhd"), json!({"name": "vhd", "properties": {"storageProfile": {"osDisk": {"vhd": {"uri": "https://x/os.vhd"}}}}}))
            .run(&super::CHECK);
        out.assert_status(&vm_id("cmk"), Status::Pass);
        let f = out.assert_status(&vm_id("mixed"), Status::Fail);
        assert_eq!(f.message, "Virtual machine mixed has 1 disk(s) encrypted with a platform-managed key: data1.");
        assert_eq!(f.evidence[0].property, "properties.storageProfile.dataDisks[0].managedDisk.diskEncryptionSet");
        out.assert_status(&vm_id("vhd"), Status::NotApplicable);
    }
}
