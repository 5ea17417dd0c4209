//! Network security groups do not admit RDP from the internet.

use splitline_plugin_sdk::kinds::azure::NetworkSecurityGroup;
use splitline_plugin_sdk::prelude::*;

use crate::nsg;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-NSG-001",
        long_id: "azure-nsg-rdp-restricted",
        title: "Network security group does not allow RDP (3389) from the internet",
        severity: Severity::High,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[NetworkSecurityGroup::KIND_NAME],
        risk: "RDP reachable from any address is brute-forced and password-sprayed within minutes of exposure and has a history of pre-authentication vulnerabilities (BlueKeep); it is one of the most common initial access routes for ransomware.",
        remediation: Remediation {
            text: "Delete the rule or restrict its source to known administrative ranges. Reach VMs through Azure Bastion or just-in-time VM access in Defender for Cloud.",
            cli: Some("az network nsg rule delete --resource-group RESOURCE_GROUP --nsg-name NSG --name RULE"),
            terraform: Some("resource \"azurerm_network_security_rule\" \"rdp\" {\n  # ...\n  source_address_prefix = \"AzureBastionSubnet-CIDR\"\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/security/fundamentals/network-best-practices#disable-rdpssh-access-to-virtual-machines"],
        compliance: &[compliance("cis-azure-2.1.0", "6.1"), compliance("nist-csf-2.0", "PR.IR-01"), compliance("soc2", "CC6.6")],
    },
    run,
};

fn run(e: &mut Eval) {
    nsg::check_admin_port(e, 3389, "RDP");
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{NSG, SUB, nsg_id};

    #[test]
    fn rdp_from_any_fails_from_office_passes() {
        let rule = |name: &str, src: &str, port: &str| json!({"name": name, "properties": {"direction": "Inbound", "access": "Allow", "priority": 300, "protocol": "Tcp", "sourceAddressPrefix": src, "destinationPortRange": port}});
        let out = Fixture::new("azure", SUB)
            .resource(NSG, &nsg_id("open"), json!({"name": "open", "properties": {"securityRules": [rule("AllowRDP", "*", "3389")]}}))
            .resource(NSG, &nsg_id("range"), json!({"name": "range", "properties": {"securityRules": [rule("AllowMgmt", "Internet", "3000-4000")]}}))
            .resource(NSG, &nsg_id("office"), json!({"name": "office", "properties": {"securityRules": [rule("AllowRDP", "203.0.113.0/24", "3389")]}}))
            .resource(NSG, &nsg_id("empty"), json!({"name": "empty", "properties": {}}))
            .resource(NSG, &nsg_id("odd"), json!({"name": "odd", "properties": {"securityRules": {"name": "x"}}}))
            .run(&super::CHECK);
        let f = out.assert_status(&nsg_id("open"), Status::Fail);
        assert_eq!(f.message, "Network security group open allows RDP (port 3389) from the internet through rule AllowRDP.");
        assert_eq!(f.evidence[0].value, "AllowRDP priority=300 protocol=Tcp destinationPort=3389 from *");
        out.assert_status(&nsg_id("range"), Status::Fail);
        out.assert_status(&nsg_id("office"), Status::Pass);
        out.assert_status(&nsg_id("empty"), Status::Pass);
        out.assert_status(&nsg_id("odd"), Status::Error);
    }
}
