//! Google Cloud IaaS: Compute Engine instances and disks, VPC firewall
//! rules and subnets, where the customer owns the guest, its identity and
//! remote access, and the network paths to it.

mod checks;
mod firewall;
mod metadata;

splitline_plugin_sdk::export_plugin!(
    name: "gcp-iaas",
    provider: "gcp",
    service_model: Iaas,
    checks: checks::ALL,
);

#[cfg(test)]
mod tests {
    #[test]
    fn metadata_is_valid() {
        splitline_plugin_sdk::testing::assert_plugin_valid(&super::PLUGIN);
    }
}
