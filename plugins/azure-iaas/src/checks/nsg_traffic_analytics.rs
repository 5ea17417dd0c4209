//! Network security group flow logs are sent to Log Analytics.

use splitline_plugin_sdk::kinds::azure::{FlowLog, NetworkSecurityGroup};
use splitline_plugin_sdk::prelude::*;

use crate::flow;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-NSG-006",
        long_id: "azure-nsg-flow-logs-to-log-analytics",
        title: "Network security group flow logs are sent to a Log Analytics workspace",
        severity: Severity::Low,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[NetworkSecurityGroup::KIND_NAME, FlowLog::KIND_NAME],
        risk: "Flow records that sit only as blobs in a storage account are not searched, correlated or alerted on: scanning, unexpected egress and lateral movement are visible only to someone who downloads and parses the files after the fact.",
        remediation: Remediation {
            text: "Enable traffic analytics on the flow log, pointing at the central Log Analytics workspace used by Microsoft Sentinel or the SOC.",
            cli: Some("az network watcher flow-log update --location LOCATION --name FLOWLOG --traffic-analytics true --workspace WORKSPACE_ID"),
            terraform: Some("resource \"azurerm_network_watcher_flow_log\" \"this\" {\n  # ...\n  traffic_analytics {\n    enabled               = true\n    workspace_id          = azurerm_log_analytics_workspace.soc.workspace_id\n    workspace_region      = azurerm_log_analytics_workspace.soc.location\n    workspace_resource_id = azurerm_log_analytics_workspace.soc.id\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/network-watcher/traffic-analytics"],
        compliance: &[compliance("cis-azure-2.1.0", "5.1.5"), compliance("nist-csf-2.0", "DE.CM-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    let inventory = e.inventory();
    for (r, sg) in e.each::<NetworkSecurityGroup>() {
        let logs = flow::covering(inventory, &sg, false);
        if logs.is_empty() {
            e.fail(r, format!("Network security group {} has no enabled flow log, so nothing reaches Log Analytics.", sg.name));
            continue;
        }
        let analytics = logs.iter().find_map(|l| {
            l.properties
                .flow_analytics_configuration
                .as_ref()
                .and_then(|c| c.network_watcher_flow_analytics_configuration.as_ref())
                .filter(|t| t.enabled == Some(true))
                .map(|t| (l, t.workspace_resource_id.clone().unwrap_or_default()))
        });
        match analytics {
            Some((l, ws)) => {
                e.pass(r, format!("Network security group {} flow log {} is sent to Log Analytics.", sg.name, l.name))
                    .evidence(format!("{}.properties.flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.workspaceResourceId", l.id), ws);
            }
            None => {
                e.fail(r, format!("Network security group {} flow logs are not sent to Log Analytics.", sg.name))
                    .evidence("flow logs", logs.iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join(", "));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{FLOW_LOG, NSG, SUB, nsg_id, rid};

    #[test]
    fn traffic_analytics_passes() {
        let fl = |name: &str, target: &str, ta: bool| {
            let id = rid("Microsoft.Network/networkWatchers/nw/flowLogs", name);
            (id.clone(), json!({"id": id, "name": name, "properties": {"targetResourceId": target, "enabled": true, "flowAnalyticsConfiguration": {"networkWatcherFlowAnalyticsConfiguration": {"enabled": ta, "workspaceResourceId": "/ws"}}}}))
        };
        let (a, a_cfg) = fl("fl-ta", &nsg_id("ta"), true);
        let (b, b_cfg) = fl("fl-blob", &nsg_id("blob"), false);
        let out = Fixture::new("azure", SUB)
            .resource(NSG, &nsg_id("ta"), json!({"id": nsg_id("ta"), "name": "ta", "properties": {}}))
            .resource(NSG, &nsg_id("blob"), json!({"id": nsg_id("blob"), "name": "blob", "properties": {}}))
            .resource(NSG, &nsg_id("none"), json!({"id": nsg_id("none"), "name": "none", "properties": {}}))
            .resource(FLOW_LOG, &a, a_cfg)
            .resource(FLOW_LOG, &b, b_cfg)
            .run(&super::CHECK);
        out.assert_status(&nsg_id("ta"), Status::Pass);
        let f = out.assert_status(&nsg_id("blob"), Status::Fail);
        assert_eq!(f.message, "Network security group blob flow logs are not sent to Log Analytics.");
        out.assert_status(&nsg_id("none"), Status::Fail);
    }
}
