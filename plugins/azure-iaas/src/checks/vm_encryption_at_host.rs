//! Virtual machines encrypt temporary disks and disk caches at the host.

use splitline_plugin_sdk::kinds::azure::VirtualMachine;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-VM-002",
        long_id: "azure-vm-encryption-at-host",
        title: "Virtual machine has encryption at host enabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[VirtualMachine::KIND_NAME],
        risk: "Managed disks are encrypted at rest in the storage service, but without encryption at host the VM's temporary disk and the OS and data disk caches on the host are not: swap, page files, temp files and cached blocks of every disk sit unencrypted on the physical server.",
        remediation: Remediation {
            text: "Register the EncryptionAtHost feature in the subscription, deallocate the VM and set encryption at host on its security profile.",
            cli: Some("az vm deallocate --resource-group RESOURCE_GROUP --name VM\naz vm update --resource-group RESOURCE_GROUP --name VM --set securityProfile.encryptionAtHost=true\naz vm start --resource-group RESOURCE_GROUP --name VM"),
            terraform: Some("resource \"azurerm_linux_virtual_machine\" \"this\" {\n  # ...\n  encryption_at_host_enabled = true\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/virtual-machines/disk-encryption#encryption-at-host---end-to-end-encryption-for-your-vm-data"],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-01"), compliance("iso27001-2022", "A.8.24")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<VirtualMachine>() {
        match vm.properties.security_profile.as_ref().and_then(|s| s.encryption_at_host) {
            Some(true) => {
                e.pass(r, format!("Virtual machine {} encrypts its temporary disk and disk caches at the host.", vm.name))
                    .evidence("properties.securityProfile.encryptionAtHost", true);
            }
            Some(false) => {
                e.fail(r, format!("Virtual machine {} does not encrypt its temporary disk and disk caches at the host.", vm.name))
                    .evidence("properties.securityProfile.encryptionAtHost", false);
            }
            None => {
                e.fail(r, format!("Virtual machine {} does not have encryption at host enabled.", vm.name))
                    .evidence("properties.securityProfile.encryptionAtHost", "absent (off)");
            }
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
    fn on_passes_off_and_absent_fail() {
        let out = Fixture::new("azure", SUB)
            .resource(VM, &vm_id("on"), json!({"name": "on", "properties": {"securityProfile": {"encryptionAtHost": true}}}))
            .resource(VM, &vm_id("off"), json!({"name": "off", "properties": {"securityProfile": {"encryptionAtHost": false}}}))
            .resource(VM, &vm_id("absent"), json!({"name": "absent", "properties": {}}))
            .resource(VM, &vm_id("odd"), json!({"name": "odd", "properties": {"securityProfile": {"encryptionAtHost": "yes"}}}))
            .run(&super::CHECK);
        out.assert_status(&vm_id("on"), Status::Pass);
        out.assert_status(&vm_id("off"), Status::Fail);
        let f = out.assert_status(&vm_id("absent"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (off)");
        out.assert_status(&vm_id("odd"), Status::Error);
    }
}
