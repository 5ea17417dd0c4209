//! Azure PaaS: managed platform and data services, where the customer owns
//! data, access and configuration: Storage accounts and Blob containers,
//! Azure SQL servers, Key Vault and App Service web apps.

mod checks;
mod settings;
mod site;
#[cfg(test)]
mod test_support;

splitline_plugin_sdk::export_plugin!(
    name: "azure-paas",
    provider: "azure",
    service_model: Paas,
    checks: checks::ALL,
);

#[cfg(test)]
mod tests {
    #[test]
    fn metadata_is_valid() {
        splitline_plugin_sdk::testing::assert_plugin_valid(&super::PLUGIN);
    }
}
