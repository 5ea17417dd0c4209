//! Azure serverless: Function Apps, where the platform runs and scales the
//! host and the customer owns the code, its triggers' exposure, its
//! identity and the secrets in its configuration.

mod apps;
mod checks;
#[cfg(test)]
mod test_support;

splitline_plugin_sdk::export_plugin!(
    name: "azure-serverless",
    provider: "azure",
    service_model: Serverless,
    checks: checks::ALL,
);

#[cfg(test)]
mod tests {
    #[test]
    fn metadata_is_valid() {
        splitline_plugin_sdk::testing::assert_plugin_valid(&super::PLUGIN);
    }
}
