//! Linux virtual machines accept SSH keys only, not passwords.

use splitline_plugin_sdk::kinds::azure::VirtualMachine;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-VM-008",
        long_id: "azure-vm-linux-password-authentication-disabled",
        title: "Linux virtual machine disables password authentication",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[VirtualMachine::KIND_NAME],
        risk: "A Linux VM that accepts passwords over SSH can be brute-forced or sprayed with leaked credentials as soon as port 22 is reachable, and passwords are reused and shared in ways SSH keys and Entra ID sign-in are not.",
        remediation: Remediation {
            text: "Provision the VM with SSH public keys and disablePasswordAuthentication = true (set at creation), or turn PasswordAuthentication off in sshd_config and use Microsoft Entra ID login for Linux.",
            cli: Some("az vm create ... --authentication-type ssh --ssh-key-values ~/.ssh/id_ed25519.pub"),
            terraform: Some("resource \"azurerm_linux_virtual_machine\" \"this\" {\n  # ...\n  disable_password_authentication = true\n  admin_ssh_key {\n    username   = \"azureuser\"\n    public_key = file(\"~/.ssh/id_ed25519.pub\")\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/virtual-machines/linux/create-ssh-keys-detailed"],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-03"), compliance("iso27001-2022", "A.8.5")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<VirtualMachine>() {
        let Some(os) = vm.properties.os_profile.as_ref() else {
            e.not_applicable(r, format!("Virtual machine {} has no OS profile (created from a specialized disk), so sign-in is configured only inside the guest.", vm.name));
            continue;
        };
        let Some(linux) = os.linux_configuration.as_ref() else {
            e.not_applicable(r, format!("Virtual machine {} is not a Linux machine.", vm.name));
            continue;
        };
        match linux.disable_password_authentication {
            Some(true) => {
                e.pass(r, format!("Linux virtual machine {} accepts SSH keys only.", vm.name))
                    .evidence("properties.osProfile.linuxConfiguration.disablePasswordAuthentication", true);
            }
            other => {
                e.fail(r, format!("Linux virtual machine {} allows password authentication.", vm.name)).evidence(
                    "properties.osProfile.linuxConfiguration.disablePasswordAuthentication",
                    other.map_or_else(|| "absent (passwords allowed)".to_string(), |b| b.to_string()),
                );
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
    fn keys_only_passes_passwords_fail_windows_not_applicable() {
        let out = Fixture::new("azure", SUB)
            .resource(VM, &vm_id("keys"), json!({"name": "keys", "properties": {"osProfile": {"linuxConfiguration": {"disablePasswordAuthentication": true}}}}))
            .resource(VM, &vm_id("pw"), json!({"name": "pw", "properties": {"osProfile": {"linuxConfiguration": {"disablePasswordAuthentication": false}}}}))
            .resource(VM, &vm_id("absent"), json!({"name": "absent", "properties": {"osProfile": {"linuxConfiguration": {}}}}))
            .resource(VM, &vm_id("win"), json!({"name": "win", "properties": {"osProfile": {"windowsConfiguration": {}}}}))
            .run(&super::CHECK);
        out.assert_status(&vm_id("keys"), Status::Pass);
        let f = out.assert_status(&vm_id("pw"), Status::Fail);
        assert_eq!(f.message, "Linux virtual machine pw allows password authentication.");
        out.assert_status(&vm_id("absent"), Status::Fail);
        out.assert_status(&vm_id("win"), Status::NotApplicable);
    }
}
