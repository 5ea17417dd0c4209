//! Virtual machines use managed disks, not unmanaged VHD page blobs.

use splitline_plugin_sdk::kinds::azure::VirtualMachine;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-VM-001",
        long_id: "azure-vm-managed-disks",
        title: "Virtual machine uses managed disks only",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[VirtualMachine::KIND_NAME],
        risk: "An unmanaged disk is a page blob in a storage account: anyone with the account's keys or a SAS can download the whole disk, its encryption and access follow the account rather than the VM, and it gets none of the managed disk protections (encryption at host, disk encryption sets, private export, RBAC on the disk).",
        remediation: Remediation {
            text: "Convert the VM to managed disks (stop-deallocate, then convert), then delete the old VHD blobs and review who held the storage account's keys.",
            cli: Some("az vm deallocate --resource-group RESOURCE_GROUP --name VM\naz vm convert --resource-group RESOURCE_GROUP --name VM"),
            terraform: Some("resource \"azurerm_linux_virtual_machine\" \"this\" {\n  # ...\n  os_disk {\n    caching              = \"ReadWrite\"\n    storage_account_type = \"Premium_LRS\"\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/virtual-machines/windows/convert-unmanaged-to-managed-disks"],
        compliance: &[compliance("cis-azure-2.1.0", "7.2"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<VirtualMachine>() {
        let Some(storage) = vm.properties.storage_profile.as_ref() else {
            e.error(r, format!("Virtual machine {} has no storage profile in its configuration.", vm.name));
            continue;
        };
        let mut unmanaged = Vec::new();
        if let Some(os) = &storage.os_disk
            && os.vhd.is_some()
        {
            unmanaged.push(("properties.storageProfile.osDisk.vhd.uri".to_string(), os.vhd.as_ref().and_then(|v| v.uri.clone())));
        }
        for (i, d) in storage.data_disks.iter().enumerate() {
            if d.vhd.is_some() {
                unmanaged.push((format!("properties.storageProfile.dataDisks[{i}].vhd.uri"), d.vhd.as_ref().and_then(|v| v.uri.clone())));
            }
        }
        if unmanaged.is_empty() {
            e.pass(r, format!("Virtual machine {} uses managed disks only.", vm.name));
            continue;
        }
        let f = e.fail(r, format!("Virtual machine {} has {} unmanaged (VHD blob) disk(s).", vm.name, unmanaged.len()));
        for (property, uri) in unmanaged {
            f.evidence(property, uri.unwrap_or_else(|| "present".into()));
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
    fn vhd_disks_fail_managed_pass() {
        let out = Fixture::new("azure", SUB)
            .resource(VM, &vm_id("managed"), json!({"name": "managed", "properties": {"storageProfile": {"osDisk": {"managedDisk": {"id": "d1"}}, "dataDisks": []}}}))
            .resource(VM, &vm_id("legacy"), json!({"name": "legacy", "properties": {"storageProfile": {"osDisk": {"vhd": {"uri": "https://st.blob.core.windows.net/vhds/os.vhd"}}, "dataDisks": [{"lun": 0, "managedDisk": {"id": "d2"}}, {"lun": 1, "vhd": {"uri": "https://st.blob.core.windows.net/vhds/data.vhd"}}]}}}))
            .resource(VM, &vm_id("noprofile"), json!({"name": "noprofile", "properties": {}}))
            .run(&super::CHECK);
        out.assert_status(&vm_id("managed"), Status::Pass);
        let f = out.assert_status(&vm_id("legacy"), Status::Fail);
        assert_eq!(f.message, "Virtual machine legacy has 2 unmanaged (VHD blob) disk(s).");
        assert_eq!(f.evidence[1].property, "properties.storageProfile.dataDisks[1].vhd.uri");
        out.assert_status(&vm_id("noprofile"), Status::Error);
    }
}
