//! Virtual machines install OS updates automatically.

use splitline_plugin_sdk::kinds::azure::VirtualMachine;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-VM-005",
        long_id: "azure-vm-automatic-os-patching",
        title: "Virtual machine installs OS updates automatically",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[VirtualMachine::KIND_NAME],
        risk: "On IaaS the guest OS is the customer's to patch. A VM set to manual patching (Windows `Manual`, updates off) or left to whatever the image does (Linux `ImageDefault`) depends on someone remembering: known, exploited vulnerabilities stay open for months on the machines nobody owns.",
        remediation: Remediation {
            text: "Set the patch mode to AutomaticByPlatform (Azure Update Manager, safe deployment across availability sets) or, on Windows, AutomaticByOS; or schedule the VM in an Azure Update Manager maintenance configuration.",
            cli: Some("az vm update --resource-group RESOURCE_GROUP --name VM --set osProfile.linuxConfiguration.patchSettings.patchMode=AutomaticByPlatform"),
            terraform: Some("resource \"azurerm_linux_virtual_machine\" \"this\" {\n  # ...\n  patch_mode                                             = \"AutomaticByPlatform\"\n  bypass_platform_safety_checks_on_user_schedule_enabled = false\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/virtual-machines/automatic-vm-guest-patching"],
        compliance: &[compliance("nist-csf-2.0", "ID.RA-01"), compliance("nist-csf-2.0", "PR.PS-02"), compliance("iso27001-2022", "A.8.8")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<VirtualMachine>() {
        let Some(os) = vm.properties.os_profile.as_ref() else {
            e.manual(r, format!("Virtual machine {} has no OS profile (it was created from a specialized disk), so patching is configured only inside the guest.", vm.name));
            continue;
        };
        if let Some(win) = &os.windows_configuration {
            let mode = win.patch_settings.as_ref().and_then(|p| p.patch_mode.clone());
            let updates = win.enable_automatic_updates.unwrap_or(true);
            match mode.as_deref() {
                Some("AutomaticByPlatform") => {
                    e.pass(r, format!("Virtual machine {} is patched automatically by the platform.", vm.name))
                        .evidence("properties.osProfile.windowsConfiguration.patchSettings.patchMode", "AutomaticByPlatform");
                }
                Some("AutomaticByOS") | None if updates => {
                    e.pass(r, format!("Virtual machine {} installs updates automatically through Windows Update.", vm.name))
                        .evidence("properties.osProfile.windowsConfiguration.patchSettings.patchMode", mode.as_deref().unwrap_or("absent (AutomaticByOS)"));
                }
                other => {
                    e.fail(r, format!("Virtual machine {} does not install Windows updates automatically.", vm.name))
                        .evidence("properties.osProfile.windowsConfiguration.patchSettings.patchMode", other.unwrap_or("absent"))
                        .evidence("properties.osProfile.windowsConfiguration.enableAutomaticUpdates", updates);
                }
            }
        } else {
            let mode = os.linux_configuration.as_ref().and_then(|l| l.patch_settings.as_ref()).and_then(|p| p.patch_mode.clone());
            if mode.as_deref() == Some("AutomaticByPlatform") {
                e.pass(r, format!("Virtual machine {} is patched automatically by the platform.", vm.name))
                    .evidence("properties.osProfile.linuxConfiguration.patchSettings.patchMode", "AutomaticByPlatform");
            } else {
                e.fail(
                    r,
                    format!("Virtual machine {} is not patched by the platform and relies on the image's own update configuration.", vm.name),
                )
                .evidence("properties.osProfile.linuxConfiguration.patchSettings.patchMode", mode.as_deref().unwrap_or("absent (ImageDefault)"));
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
    fn platform_or_windows_update_passes_manual_and_image_default_fail() {
        let vm = |name: &str, os: serde_json::Value| json!({"name": name, "properties": {"osProfile": os}});
        let out = Fixture::new("azure", SUB)
            .resource(VM, &vm_id("lin-auto"), vm("lin-auto", json!({"linuxConfiguration": {"patchSettings": {"patchMode": "AutomaticByPlatform"}}})))
            .resource(VM, &vm_id("lin-image"), vm("lin-image", json!({"linuxConfiguration": {"patchSettings": {"patchMode": "ImageDefault"}}})))
            .resource(VM, &vm_id("lin-none"), vm("lin-none", json!({"linuxConfiguration": {}})))
            .resource(VM, &vm_id("win-os"), vm("win-os", json!({"windowsConfiguration": {"enableAutomaticUpdates": true, "patchSettings": {"patchMode": "AutomaticByOS"}}})))
            .resource(VM, &vm_id("win-default"), vm("win-default", json!({"windowsConfiguration": {}})))
            .resource(VM, &vm_id("win-manual"), vm("win-manual", json!({"windowsConfiguration": {"enableAutomaticUpdates": false, "patchSettings": {"patchMode": "Manual"}}})))
            .resource(VM, &vm_id("specialized"), json!({"name": "specialized", "properties": {}}))
            .run(&super::CHECK);
        out.assert_status(&vm_id("lin-auto"), Status::Pass);
        out.assert_status(&vm_id("lin-image"), Status::Fail);
        let f = out.assert_status(&vm_id("lin-none"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (ImageDefault)");
        out.assert_status(&vm_id("win-os"), Status::Pass);
        out.assert_status(&vm_id("win-default"), Status::Pass);
        let f = out.assert_status(&vm_id("win-manual"), Status::Fail);
        assert_eq!(f.message, "Virtual machine win-manual does not install Windows updates automatically.");
        out.assert_status(&vm_id("specialized"), Status::Manual);
    }
}
