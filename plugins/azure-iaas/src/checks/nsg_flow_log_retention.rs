//! Network security groups have an enabled flow log retained long enough.

use splitline_plugin_sdk::kinds::azure::{FlowLog, NetworkSecurityGroup};
use splitline_plugin_sdk::prelude::*;

use crate::{flow, settings};

/// Setting: minimum flow log retention in days (default 90, CIS 6.5).
pub const SETTING: &str = "flow-log-min-retention-days";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-NSG-005",
        long_id: "azure-nsg-flow-log-retention",
        title: "Network security group traffic is recorded by an enabled flow log kept at least 90 days",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[NetworkSecurityGroup::KIND_NAME, FlowLog::KIND_NAME],
        risk: "Without flow logs there is no record of which addresses reached or left the VMs behind the NSG: an intrusion, lateral movement or exfiltration cannot be scoped, and with a short retention the records are gone before most breaches are discovered.",
        remediation: Remediation {
            text: "Create a Network Watcher flow log for the NSG (or a VNet flow log for its virtual network; NSG flow logs can no longer be created after June 2025) with a retention policy of at least 90 days, or 0 for unlimited.",
            cli: Some("az network watcher flow-log create --location LOCATION --name FLOWLOG --vnet VNET --resource-group RESOURCE_GROUP --storage-account STORAGE_ID --retention 90"),
            terraform: Some("resource \"azurerm_network_watcher_flow_log\" \"this\" {\n  # ...\n  enabled = true\n  retention_policy {\n    enabled = true\n    days    = 90\n  }\n}"),
        },
        references: &[
            "https://learn.microsoft.com/en-us/azure/network-watcher/nsg-flow-logs-overview",
            "https://learn.microsoft.com/en-us/azure/network-watcher/vnet-flow-logs-overview",
        ],
        compliance: &[compliance("cis-azure-2.1.0", "6.5"), compliance("nist-csf-2.0", "DE.CM-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    let Some(min) = settings::get::<i64>(e, SETTING, 90, NetworkSecurityGroup::KIND_NAME) else { return };
    let inventory = e.inventory();
    for (r, sg) in e.each::<NetworkSecurityGroup>() {
        let logs = flow::covering(inventory, &sg, false);
        if logs.is_empty() {
            let disabled = flow::covering(inventory, &sg, true);
            let f = e.fail(r, format!("Network security group {} has no enabled flow log.", sg.name));
            if let Some(l) = disabled.first() {
                f.evidence(format!("{}.properties.enabled", l.id), "false");
            }
            continue;
        }
        // The best-kept record among the flow logs that cover the NSG.
        let retention = |l: &FlowLog| match l.properties.retention_policy.as_ref() {
            Some(p) if p.enabled == Some(true) && p.days.unwrap_or(0) > 0 => p.days.unwrap_or(0),
            _ => i64::MAX, // no enforced deletion (0 days or policy off): kept until deleted
        };
        let best = logs.iter().max_by_key(|l| retention(l)).expect("not empty");
        let days = retention(best);
        let shown = if days == i64::MAX { "unlimited".to_string() } else { format!("{days} days") };
        if days >= min {
            e.pass(r, format!("Network security group {} is recorded by flow log {} kept {shown}.", sg.name, best.name))
                .evidence(format!("{}.properties.retentionPolicy", best.id), &shown);
        } else {
            e.fail(r, format!("Network security group {} is recorded by flow log {} kept only {shown}, less than {min} days.", sg.name, best.name))
                .evidence(format!("{}.properties.retentionPolicy.days", best.id), days);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{FLOW_LOG, NSG, SUB, nsg_id, rid};

    fn fl(name: &str, target: &str, enabled: bool, days: i64) -> (String, serde_json::Value) {
        let id = rid("Microsoft.Network/networkWatchers/NetworkWatcher_westeurope/flowLogs", name);
        (id.clone(), json!({"id": id, "name": name, "properties": {"targetResourceId": target, "enabled": enabled, "retentionPolicy": {"enabled": true, "days": days}}}))
    }

    #[test]
    fn nsg_and_vnet_flow_logs_with_retention() {
        let subnet = rid("Microsoft.Network/virtualNetworks", "vnet1/subnets/app");
        let vnet = rid("Microsoft.Network/virtualNetworks", "vnet1");
        let (a, a_cfg) = fl("fl-long", &nsg_id("long").to_uppercase(), true, 365);
        let (b, b_cfg) = fl("fl-short", &nsg_id("short"), true, 7);
        let (c, c_cfg) = fl("fl-off", &nsg_id("off"), false, 90);
        let (d, d_cfg) = fl("fl-vnet", &vnet, true, 0);
        let out = Fixture::new("azure", SUB)
            .resource(NSG, &nsg_id("long"), json!({"id": nsg_id("long"), "name": "long", "properties": {}}))
            .resource(NSG, &nsg_id("short"), json!({"id": nsg_id("short"), "name": "short", "properties": {}}))
            .resource(NSG, &nsg_id("off"), json!({"id": nsg_id("off"), "name": "off", "properties": {}}))
            .resource(NSG, &nsg_id("subnet"), json!({"id": nsg_id("subnet"), "name": "subnet", "properties": {"subnets": [{"id": subnet}]}}))
            .resource(NSG, &nsg_id("none"), json!({"id": nsg_id("none"), "name": "none", "properties": {}}))
            .resource(FLOW_LOG, &a, a_cfg)
            .resource(FLOW_LOG, &b, b_cfg)
            .resource(FLOW_LOG, &c, c_cfg)
            .resource(FLOW_LOG, &d, d_cfg)
            .run(&super::CHECK);
        out.assert_status(&nsg_id("long"), Status::Pass);
        let f = out.assert_status(&nsg_id("short"), Status::Fail);
        assert_eq!(f.message, "Network security group short is recorded by flow log fl-short kept only 7 days, less than 90 days.");
        out.assert_status(&nsg_id("off"), Status::Fail);
        let f = out.assert_status(&nsg_id("subnet"), Status::Pass);
        assert!(f.message.ends_with("kept unlimited."), "{}", f.message);
        let f = out.assert_status(&nsg_id("none"), Status::Fail);
        assert_eq!(f.message, "Network security group none has no enabled flow log.");
    }

    #[test]
    fn the_minimum_is_a_setting() {
        let (b, b_cfg) = fl("fl-short", &nsg_id("short"), true, 7);
        let fx = Fixture::new("azure", SUB).resource(NSG, &nsg_id("short"), json!({"id": nsg_id("short"), "name": "short", "properties": {}})).resource(FLOW_LOG, &b, b_cfg);
        fx.clone().setting(super::SETTING, json!(7)).run(&super::CHECK).assert_status(&nsg_id("short"), Status::Pass);
        fx.setting(super::SETTING, json!("long")).run(&super::CHECK).assert_status(&nsg_id("short"), Status::Error);
    }
}
