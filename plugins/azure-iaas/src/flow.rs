//! Which Network Watcher flow logs cover a network security group: an NSG
//! flow log that targets it, or VNet flow logs that target every subnet it
//! is attached to (the subnet itself or its virtual network).

use splitline_plugin_sdk::Inventory;
use splitline_plugin_sdk::kinds::azure::{FlowLog, NetworkSecurityGroup};

/// The flow logs that cover `nsg` (empty when none does). Only enabled
/// flow logs count unless `include_disabled`.
pub fn covering(inventory: &Inventory, nsg: &NetworkSecurityGroup, include_disabled: bool) -> Vec<FlowLog> {
    let logs: Vec<FlowLog> = inventory
        .of_kind(FlowLog::KIND_NAME)
        .filter_map(|r| r.typed::<FlowLog>().ok())
        .filter(|l| include_disabled || l.properties.enabled == Some(true))
        .collect();
    let target = |l: &FlowLog| l.properties.target_resource_id.clone().unwrap_or_default().to_ascii_lowercase();
    let direct: Vec<FlowLog> = logs.iter().filter(|l| target(l) == nsg.id.to_ascii_lowercase()).cloned().collect();
    if !direct.is_empty() {
        return direct;
    }
    let subnets: Vec<String> = nsg.properties.subnets.iter().map(|s| s.id.to_ascii_lowercase()).collect();
    if subnets.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<FlowLog> = Vec::new();
    for subnet in &subnets {
        let vnet = subnet.split("/subnets/").next().unwrap_or_default();
        let cover: Vec<&FlowLog> = logs.iter().filter(|l| target(l) == *subnet || target(l) == vnet).collect();
        if cover.is_empty() {
            return Vec::new();
        }
        for l in cover {
            if !out.iter().any(|o| o.id == l.id) {
                out.push(l.clone());
            }
        }
    }
    out
}
