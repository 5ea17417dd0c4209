//! Virtual machines use Trusted Launch with Secure Boot and vTPM.

use splitline_plugin_sdk::kinds::azure::VirtualMachine;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-VM-009",
        long_id: "azure-vm-trusted-launch",
        title: "Virtual machine uses Trusted Launch with Secure Boot and vTPM",
        severity: Severity::Low,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[VirtualMachine::KIND_NAME],
        risk: "Without Secure Boot and a virtual TPM, a bootkit or rootkit that replaces the boot loader or kernel runs undetected below the OS and its security agents, and boot integrity cannot be attested.",
        remediation: Remediation {
            text: "Use the TrustedLaunch security type with Secure Boot and vTPM enabled (Gen2 images). Existing Gen2 VMs can be upgraded to Trusted Launch in place after deallocation.",
            cli: Some("az vm deallocate --resource-group RESOURCE_GROUP --name VM\naz vm update --resource-group RESOURCE_GROUP --name VM --security-type TrustedLaunch --enable-secure-boot true --enable-vtpm true"),
            terraform: Some("resource \"azurerm_linux_virtual_machine\" \"this\" {\n  # ...\n  secure_boot_enabled = true\n  vtpm_enabled        = true\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/virtual-machines/trusted-launch"],
        compliance: &[compliance("cis-azure-2.1.0", "7.9"), compliance("nist-csf-2.0", "PR.PS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<VirtualMachine>() {
        let sp = vm.properties.security_profile.clone().unwrap_or_default();
        let security_type = sp.security_type.clone().unwrap_or_default();
        if !(security_type.eq_ignore_ascii_case("TrustedLaunch") || security_type.eq_ignore_ascii_case("ConfidentialVM")) {
            e.fail(r, format!("Virtual machine {} does not use Trusted Launch.", vm.name)).evidence(
                "properties.securityProfile.securityType",
                if security_type.is_empty() { "absent (Standard)".to_string() } else { security_type },
            );
            continue;
        }
        let uefi = sp.uefi_settings.clone().unwrap_or_default();
        let secure_boot = uefi.secure_boot_enabled == Some(true);
        let vtpm = uefi.v_tpm_enabled == Some(true);
        if secure_boot && vtpm {
            e.pass(r, format!("Virtual machine {} uses {security_type} with Secure Boot and vTPM.", vm.name))
                .evidence("properties.securityProfile.securityType", &security_type);
            continue;
        }
        let missing: Vec<&str> = [(!secure_boot).then_some("Secure Boot"), (!vtpm).then_some("vTPM")].into_iter().flatten().collect();
        e.fail(r, format!("Virtual machine {} uses {security_type} without {}.", vm.name, missing.join(" and ")))
            .evidence("properties.securityProfile.uefiSettings.secureBootEnabled", secure_boot)
            .evidence("properties.securityProfile.uefiSettings.vTpmEnabled", vtpm);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{SUB, VM, vm_id};

    #[test]
    fn trusted_launch_needs_both_secure_boot_and_vtpm() {
        let sp = |t: &str, sb: bool, tpm: bool| json!({"securityType": t, "uefiSettings": {"secureBootEnabled": sb, "vTpmEnabled": tpm}});
        let out = Fixture::new("azure", SUB)
            .resource(VM, &vm_id("tl"), json!({"name": "tl", "properties": {"securityProfile": sp("TrustedLaunch", true, true)}}))
            .resource(VM, &vm_id("nosb"), json!({"name": "nosb", "properties": {"securityProfile": sp("TrustedLaunch", false, true)}}))
            .resource(VM, &vm_id("std"), json!({"name": "std", "properties": {}}))
            .run(&super::CHECK);
        out.assert_status(&vm_id("tl"), Status::Pass);
        let f = out.assert_status(&vm_id("nosb"), Status::Fail);
        assert_eq!(f.message, "Virtual machine nosb uses TrustedLaunch without Secure Boot.");
        let f = out.assert_status(&vm_id("std"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (Standard)");
    }
}
