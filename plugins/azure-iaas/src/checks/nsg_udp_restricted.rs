//! Network security groups do not admit UDP from the internet.

use splitline_plugin_sdk::kinds::azure::NetworkSecurityGroup;
use splitline_plugin_sdk::prelude::*;

use crate::nsg;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-NSG-003",
        long_id: "azure-nsg-udp-restricted",
        title: "Network security group does not allow UDP from the internet",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[NetworkSecurityGroup::KIND_NAME],
        risk: "UDP services open to the internet (DNS, NTP, SNMP, SSDP, CLDAP, Memcached) are abused as amplifiers in reflected denial-of-service attacks against third parties, and expose services that were rarely designed for hostile networks.",
        remediation: Remediation {
            text: "Remove inbound Allow rules for UDP (or any protocol) from *, Internet or 0.0.0.0/0, or restrict their sources; publish UDP services that must be public behind Azure DDoS Protection.",
            cli: Some("az network nsg rule update --resource-group RESOURCE_GROUP --nsg-name NSG --name RULE --source-address-prefixes 10.0.0.0/8"),
            terraform: None,
        },
        references: &["https://learn.microsoft.com/en-us/azure/ddos-protection/ddos-protection-overview"],
        compliance: &[compliance("cis-azure-2.1.0", "6.3"), compliance("nist-csf-2.0", "PR.IR-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, sg) in e.each::<NetworkSecurityGroup>() {
        let rules = &sg.properties.security_rules;
        // Any port a UDP rule admits from the internet and no earlier deny blocks.
        let open: Vec<_> = rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| nsg::protocol_matches(&rule.properties, &["Udp"]) && !nsg::world_sources(&rule.properties).is_empty())
            .filter(|(_, rule)| {
                nsg::ports(&rule.properties).iter().any(|expr| {
                    let first = expr.split('-').next().and_then(|p| p.trim().parse::<u16>().ok()).unwrap_or(0);
                    !nsg::open_rules(rules, first, &["Udp"]).iter().all(|(_, o)| o.name != rule.name)
                })
            })
            .collect();
        if open.is_empty() {
            e.pass(r, format!("Network security group {} does not allow UDP from the internet.", sg.name));
            continue;
        }
        let f = e.fail(r, format!("Network security group {} allows UDP from the internet through rule {}.", sg.name, nsg::names(&open)));
        nsg::add_evidence(f, &open);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{NSG, SUB, nsg_id};

    #[test]
    fn udp_or_any_protocol_from_internet_fails() {
        let rule = |name: &str, proto: &str, src: &str, port: &str| json!({"name": name, "properties": {"direction": "Inbound", "access": "Allow", "priority": 200, "protocol": proto, "sourceAddressPrefix": src, "destinationPortRange": port}});
        let out = Fixture::new("azure", SUB)
            .resource(NSG, &nsg_id("dns"), json!({"name": "dns", "properties": {"securityRules": [rule("AllowDns", "Udp", "Internet", "53")]}}))
            .resource(NSG, &nsg_id("star"), json!({"name": "star", "properties": {"securityRules": [rule("AllowAny", "*", "*", "*")]}}))
            .resource(NSG, &nsg_id("tcp"), json!({"name": "tcp", "properties": {"securityRules": [rule("AllowHttps", "Tcp", "*", "443")]}}))
            .resource(NSG, &nsg_id("vnet"), json!({"name": "vnet", "properties": {"securityRules": [rule("AllowDns", "Udp", "VirtualNetwork", "53")]}}))
            .run(&super::CHECK);
        let f = out.assert_status(&nsg_id("dns"), Status::Fail);
        assert_eq!(f.message, "Network security group dns allows UDP from the internet through rule AllowDns.");
        out.assert_status(&nsg_id("star"), Status::Fail);
        out.assert_status(&nsg_id("tcp"), Status::Pass);
        out.assert_status(&nsg_id("vnet"), Status::Pass);
    }
}
