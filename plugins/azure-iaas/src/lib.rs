//! Azure IaaS: virtual machines, managed disks and virtual networks, where
//! the customer owns the operating system up and the network paths to it
//! (VM hardening and patching, disk encryption, NSG rules, flow logs).

mod checks;
mod flow;
mod nsg;
mod settings;
#[cfg(test)]
mod test_support;

splitline_plugin_sdk::export_plugin!(
    name: "azure-iaas",
    provider: "azure",
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
