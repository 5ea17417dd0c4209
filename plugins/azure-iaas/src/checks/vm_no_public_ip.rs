//! Virtual machines have no public IP address on their network interfaces.

use splitline_plugin_sdk::kinds::azure::VirtualMachine;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-VM-007",
        long_id: "azure-vm-no-public-ip",
        title: "Virtual machine has no public IP address attached",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[VirtualMachine::KIND_NAME],
        risk: "A public IP puts the VM directly on the internet: a single permissive NSG rule, on the NIC or the subnet, then exposes its management and application ports to continuous scanning and brute force, with no load balancer, gateway or firewall in between.",
        remediation: Remediation {
            text: "Detach the public IP from the NIC's IP configuration. Reach the VM through Azure Bastion, a VPN or private connectivity, and publish applications through a load balancer, Application Gateway or Front Door.",
            cli: Some("az network nic ip-config update --resource-group RESOURCE_GROUP --nic-name NIC --name ipconfig1 --remove publicIpAddress"),
            terraform: Some("resource \"azurerm_network_interface\" \"this\" {\n  # ...\n  ip_configuration {\n    name                          = \"ipconfig1\"\n    subnet_id                     = azurerm_subnet.app.id\n    private_ip_address_allocation = \"Dynamic\"\n    # no public_ip_address_id\n  }\n}"),
        },
        references: &[
            "https://learn.microsoft.com/en-us/azure/virtual-network/ip-services/remove-public-ip-address-vm",
            "https://learn.microsoft.com/en-us/azure/bastion/bastion-overview",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.IR-01"), compliance("iso27001-2022", "A.8.20")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<VirtualMachine>() {
        let Some(nics) = vm.network_interfaces.as_ref() else {
            e.error(r, format!("The network interfaces of virtual machine {} were not collected.", vm.name));
            continue;
        };
        let mut public = Vec::new();
        for (n, nic) in nics.iter().enumerate() {
            for (c, cfg) in nic.properties.ip_configurations.iter().enumerate() {
                if let Some(ip) = cfg.properties.public_ip_address.as_ref().filter(|ip| !ip.id.is_empty()) {
                    let ip_name = ip.id.rsplit('/').next().unwrap_or(&ip.id).to_string();
                    public.push((format!("networkInterfaces[{n}].properties.ipConfigurations[{c}].properties.publicIPAddress.id"), ip.id.clone(), format!("{ip_name} (on {})", nic.name)));
                }
            }
        }
        if public.is_empty() {
            e.pass(r, format!("Virtual machine {} has no public IP address on its {} network interface(s).", vm.name, nics.len()));
            continue;
        }
        let labels: Vec<&str> = public.iter().map(|(_, _, l)| l.as_str()).collect();
        let f = e.fail(r, format!("Virtual machine {} has public IP address {}.", vm.name, labels.join(", ")));
        for (property, id, _) in &public {
            f.evidence(property.clone(), id);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{SUB, VM, rid, vm_id};

    #[test]
    fn public_ips_on_any_nic_fail() {
        let pip = rid("Microsoft.Network/publicIPAddresses", "jump-pip");
        let nic = |name: &str, pip: Option<&str>| {
            let mut cfg = json!({"name": "ipconfig1", "properties": {"privateIPAddress": "10.0.0.4", "subnet": {"id": "s"}}});
            if let Some(p) = pip {
                cfg["properties"]["publicIPAddress"] = json!({"id": p});
            }
            json!({"id": rid("Microsoft.Network/networkInterfaces", name), "name": name, "properties": {"ipConfigurations": [cfg]}})
        };
        let out = Fixture::new("azure", SUB)
            .resource(VM, &vm_id("private"), json!({"name": "private", "properties": {}, "networkInterfaces": [nic("private-nic", None)]}))
            .resource(VM, &vm_id("jump"), json!({"name": "jump", "properties": {}, "networkInterfaces": [nic("jump-nic0", None), nic("jump-nic1", Some(&pip))]}))
            .resource(VM, &vm_id("old"), json!({"name": "old", "properties": {}}))
            .run(&super::CHECK);
        out.assert_status(&vm_id("private"), Status::Pass);
        let f = out.assert_status(&vm_id("jump"), Status::Fail);
        assert_eq!(f.message, "Virtual machine jump has public IP address jump-pip (on jump-nic1).");
        assert_eq!(f.evidence[0].property, "networkInterfaces[1].properties.ipConfigurations[0].properties.publicIPAddress.id");
        out.assert_status(&vm_id("old"), Status::Error);
    }
}
