//! Google Cloud PaaS: managed platform and data services, where the
//! customer owns data, access and configuration: Cloud Storage, Cloud SQL
//! and Cloud KMS.

mod checks;
mod sql_flags;

splitline_plugin_sdk::export_plugin!(
    name: "gcp-paas",
    provider: "gcp",
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
