//! What the checks' tests share: one subscription and resource ids in it.

pub const SUB: &str = "00000000-0000-0000-0000-000000000000";
pub const VM: &str = "azure.compute.virtual-machine";
pub const NSG: &str = "azure.network.network-security-group";
pub const DISK: &str = "azure.compute.disk";
pub const FLOW_LOG: &str = "azure.network.flow-log";

/// `/subscriptions/SUB/resourceGroups/rg/providers/{provider_type}/{name}`.
pub fn rid(provider_type: &str, name: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/rg/providers/{provider_type}/{name}")
}

pub fn vm_id(name: &str) -> String {
    rid("Microsoft.Compute/virtualMachines", name)
}

pub fn nsg_id(name: &str) -> String {
    rid("Microsoft.Network/networkSecurityGroups", name)
}

pub fn disk_id(name: &str) -> String {
    rid("Microsoft.Compute/disks", name)
}
