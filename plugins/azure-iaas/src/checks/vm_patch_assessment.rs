//! Virtual machines are assessed for missing updates periodically.

use splitline_plugin_sdk::kinds::azure::VirtualMachine;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-VM-006",
        long_id: "azure-vm-periodic-patch-assessment",
        title: "Virtual machine has periodic patch assessment enabled",
        severity: Severity::Low,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[VirtualMachine::KIND_NAME],
        risk: "Without periodic assessment, Azure Update Manager only knows a VM's missing updates when someone runs an assessment by hand: the patch compliance dashboards and Defender recommendations show stale or no data, and unpatched machines go unnoticed.",
        remediation: Remediation {
            text: "Set the patch assessment mode to AutomaticByPlatform (every 24 hours), or assign the Azure Policy 'Configure periodic checking for missing system updates on azure virtual machines'.",
            cli: Some("az vm update --resource-group RESOURCE_GROUP --name VM --set osProfile.linuxConfiguration.patchSettings.assessmentMode=AutomaticByPlatform"),
            terraform: Some("resource \"azurerm_linux_virtual_machine\" \"this\" {\n  # ...\n  patch_assessment_mode = \"AutomaticByPlatform\"\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/update-manager/assessment-options"],
        compliance: &[compliance("nist-csf-2.0", "ID.RA-01"), compliance("iso27001-2022", "A.8.8")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<VirtualMachine>() {
        let Some(os) = vm.properties.os_profile.as_ref() else {
            e.manual(r, format!("Virtual machine {} has no OS profile (it was created from a specialized disk): check its assessment in Azure Update Manager.", vm.name));
            continue;
        };
        let (property, settings) = match (&os.windows_configuration, &os.linux_configuration) {
            (Some(w), _) => ("properties.osProfile.windowsConfiguration.patchSettings.assessmentMode", w.patch_settings.as_ref()),
            (None, l) => ("properties.osProfile.linuxConfiguration.patchSettings.assessmentMode", l.as_ref().and_then(|l| l.patch_settings.as_ref())),
        };
        match settings.and_then(|p| p.assessment_mode.as_deref()) {
            Some("AutomaticByPlatform") => {
                e.pass(r, format!("Virtual machine {} is assessed for missing updates every day.", vm.name)).evidence(property, "AutomaticByPlatform");
            }
            other => {
                e.fail(r, format!("Virtual machine {} is not assessed for missing updates periodically.", vm.name))
                    .evidence(property, other.unwrap_or("absent (ImageDefault)"));
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
    fn automatic_assessment_passes() {
        let out = Fixture::new("azure", SUB)
            .resource(VM, &vm_id("auto"), json!({"name": "auto", "properties": {"osProfile": {"windowsConfiguration": {"patchSettings": {"assessmentMode": "AutomaticByPlatform"}}}}}))
            .resource(VM, &vm_id("image"), json!({"name": "image", "properties": {"osProfile": {"linuxConfiguration": {"patchSettings": {"assessmentMode": "ImageDefault"}}}}}))
            .resource(VM, &vm_id("none"), json!({"name": "none", "properties": {"osProfile": {"adminUsername": "a"}}}))
            .run(&super::CHECK);
        out.assert_status(&vm_id("auto"), Status::Pass);
        let f = out.assert_status(&vm_id("image"), Status::Fail);
        assert_eq!(f.evidence[0].property, "properties.osProfile.linuxConfiguration.patchSettings.assessmentMode");
        let f = out.assert_status(&vm_id("none"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (ImageDefault)");
    }
}
