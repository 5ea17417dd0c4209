//! Virtual machines run only approved extensions.

use splitline_plugin_sdk::kinds::azure::VirtualMachine;
use splitline_plugin_sdk::prelude::*;

use crate::settings;

/// Setting: approved extensions, each `Publisher.Type` or just `Type`
/// (case-insensitive). Absent: no list, so installed extensions are
/// reported for manual review.
pub const SETTING: &str = "approved-extensions";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-VM-004",
        long_id: "azure-vm-approved-extensions",
        title: "Virtual machine runs only approved extensions",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[VirtualMachine::KIND_NAME],
        risk: "Extensions run as root/SYSTEM inside the VM and are installed through the control plane: an unreviewed extension (a custom script, a VM access reset, a third-party agent) is code execution and credential reset on the guest by anyone with extension write permission.",
        remediation: Remediation {
            text: "Remove extensions that are not on the organisation's approved list, restrict 'Microsoft.Compute/virtualMachines/extensions/write' to the platform team, and enforce the list with the Azure Policy 'Only approved VM extensions should be installed'. Set the plugin setting approved-extensions to the approved list.",
            cli: Some("az vm extension delete --resource-group RESOURCE_GROUP --vm-name VM --name EXTENSION"),
            terraform: None,
        },
        references: &[
            "https://learn.microsoft.com/en-us/azure/virtual-machines/extensions/overview",
            "https://learn.microsoft.com/en-us/azure/governance/policy/samples/built-in-policies#compute",
        ],
        compliance: &[compliance("cis-azure-2.1.0", "7.5"), compliance("nist-csf-2.0", "PR.PS-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    let Some(approved) = settings::get::<Option<Vec<String>>>(e, SETTING, None, VirtualMachine::KIND_NAME) else { return };
    let approved: Option<Vec<String>> = approved.map(|v| v.iter().map(|a| a.trim().to_ascii_lowercase()).collect());
    for (r, vm) in e.each::<VirtualMachine>() {
        let Some(extensions) = vm.extensions.as_ref() else {
            e.error(r, format!("The extensions of virtual machine {} were not collected.", vm.name));
            continue;
        };
        if extensions.is_empty() {
            e.pass(r, format!("Virtual machine {} has no extensions installed.", vm.name));
            continue;
        }
        let label = |x: &splitline_plugin_sdk::kinds::azure::VmExtension| {
            format!(
                "{}.{}",
                x.properties.publisher.as_deref().unwrap_or("?"),
                x.properties.extension_type.as_deref().unwrap_or(x.name.as_str())
            )
        };
        let Some(approved) = &approved else {
            let all: Vec<String> = extensions.iter().map(label).collect();
            e.manual(
                r,
                format!("Virtual machine {} runs extensions {}: compare them with the approved list (setting {SETTING}).", vm.name, all.join(", ")),
            )
            .evidence("extensions", all.join(", "));
            continue;
        };
        let unapproved: Vec<(usize, String)> = extensions
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                let full = label(x).to_ascii_lowercase();
                let short = x.properties.extension_type.as_deref().unwrap_or(x.name.as_str()).to_ascii_lowercase();
                !approved.iter().any(|a| *a == full || *a == short)
            })
            .map(|(i, x)| (i, label(x)))
            .collect();
        if unapproved.is_empty() {
            e.pass(r, format!("Virtual machine {} runs only approved extensions ({}).", vm.name, extensions.len()));
            continue;
        }
        let names: Vec<&str> = unapproved.iter().map(|(_, l)| l.as_str()).collect();
        let f = e.fail(r, format!("Virtual machine {} runs extensions that are not approved: {}.", vm.name, names.join(", ")));
        for (i, l) in &unapproved {
            f.evidence(format!("extensions[{i}]"), l);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{SUB, VM, vm_id};

    fn fixture() -> Fixture {
        let ext = |publisher: &str, t: &str| json!({"name": t, "properties": {"publisher": publisher, "type": t, "typeHandlerVersion": "1.0"}});
        Fixture::new("azure", SUB)
            .resource(VM, &vm_id("monitored"), json!({"name": "monitored", "properties": {}, "extensions": [ext("Microsoft.Azure.Monitor", "AzureMonitorLinuxAgent")]}))
            .resource(VM, &vm_id("scripted"), json!({"name": "scripted", "properties": {}, "extensions": [ext("Microsoft.Azure.Monitor", "AzureMonitorLinuxAgent"), ext("Microsoft.Azure.Extensions", "CustomScript")]}))
            .resource(VM, &vm_id("bare"), json!({"name": "bare", "properties": {}, "extensions": []}))
            .resource(VM, &vm_id("old"), json!({"name": "old", "properties": {}}))
    }

    #[test]
    fn with_a_list_unapproved_extensions_fail() {
        let out = fixture().setting(super::SETTING, json!(["microsoft.azure.monitor.azuremonitorlinuxagent", "MDE.Linux"])).run(&super::CHECK);
        out.assert_status(&vm_id("monitored"), Status::Pass);
        let f = out.assert_status(&vm_id("scripted"), Status::Fail);
        assert_eq!(f.message, "Virtual machine scripted runs extensions that are not approved: Microsoft.Azure.Extensions.CustomScript.");
        assert_eq!(f.evidence[0].property, "extensions[1]");
        out.assert_status(&vm_id("bare"), Status::Pass);
        out.assert_status(&vm_id("old"), Status::Error);
    }

    #[test]
    fn without_a_list_extensions_go_to_manual_review_and_bad_settings_are_errors() {
        let out = fixture().run(&super::CHECK);
        let f = out.assert_status(&vm_id("scripted"), Status::Manual);
        assert!(f.message.contains("Microsoft.Azure.Extensions.CustomScript"), "{}", f.message);
        out.assert_status(&vm_id("bare"), Status::Pass);
        let out = fixture().setting(super::SETTING, json!("CustomScript")).run(&super::CHECK);
        out.assert_status(&vm_id("bare"), Status::Error);
    }
}
