//! Google Cloud serverless: Cloud Functions and Cloud Run services, where
//! Google runs the platform and the customer owns the code, its identity,
//! its exposure and the secrets it is given.

mod checks;
mod runtimes;
mod secrets;

splitline_plugin_sdk::export_plugin!(
    name: "gcp-serverless",
    provider: "gcp",
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
