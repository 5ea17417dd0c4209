//! Network security groups do not admit SSH from the internet.

use splitline_plugin_sdk::kinds::azure::NetworkSecurityGroup;
use splitline_plugin_sdk::prelude::*;

use crate::nsg;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-NSG-002",
        long_id: "azure-nsg-ssh-restricted",
        title: "Network security group does not allow SSH (22) from the internet",
        severity: Severity::High,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[NetworkSecurityGroup::KIND_NAME],
        risk: "SSH reachable from any address is scanned and brute-forced continuously; a weak or reused password, a leaked key or an sshd vulnerability then gives a shell on the VM and a foothold in the virtual network.",
        remediation: Remediation {
            text: "Delete the rule or restrict its source to known administrative ranges. Reach VMs through Azure Bastion or just-in-time VM access, and sign in with Microsoft Entra ID.",
            cli: Some("az network nsg rule delete --resource-group RESOURCE_GROUP --nsg-name NSG --name RULE"),
            terraform: Some("resource \"azurerm_network_security_rule\" \"ssh\" {\n  # ...\n  source_address_prefix = \"AzureBastionSubnet-CIDR\"\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/security/fundamentals/network-best-practices#disable-rdpssh-access-to-virtual-machines"],
        compliance: &[compliance("cis-azure-2.1.0", "6.2"), compliance("nist-csf-2.0", "PR.IR-01"), compliance("soc2", "CC6.6")],
    },
    run,
};

fn run(e: &mut Eval) {
    nsg::check_admin_port(e, 22, "SSH");
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{NSG, SUB, nsg_id};

    #[test]
    fn ssh_from_any_fails_unless_denied_first() {
        let rule = |name: &str, access: &str, prio: i64, proto: &str, ports: serde_json::Value| json!({"name": name, "properties": {"direction": "Inbound", "access": access, "priority": prio, "protocol": proto, "sourceAddressPrefixes": ["0.0.0.0/0"], "destinationPortRanges": ports}});
        let out = Fixture::new("azure", SUB)
            .resource(NSG, &nsg_id("any"), json!({"name": "any", "properties": {"securityRules": [rule("AllowAll", "Allow", 4000, "*", json!(["*"]))]}}))
            .resource(NSG, &nsg_id("denied"), json!({"name": "denied", "properties": {"securityRules": [rule("DenySsh", "Deny", 100, "*", json!(["22"])), rule("AllowAll", "Allow", 4000, "*", json!(["*"]))]}}))
            .resource(NSG, &nsg_id("icmp"), json!({"name": "icmp", "properties": {"securityRules": [rule("Ping", "Allow", 200, "Icmp", json!(["*"]))]}}))
            .run(&super::CHECK);
        let f = out.assert_status(&nsg_id("any"), Status::Fail);
        assert_eq!(f.evidence[0].property, "properties.securityRules[0]");
        out.assert_status(&nsg_id("denied"), Status::Pass);
        out.assert_status(&nsg_id("icmp"), Status::Pass);
    }
}
