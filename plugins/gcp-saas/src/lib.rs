//! Google Cloud SaaS: the organization, identity and audit plane of each
//! project (IAM policy, service account keys, audit logs and sinks,
//! Security Command Center, essential contacts), which Google runs and the
//! customer configures.

mod checks;
mod iam;

splitline_plugin_sdk::export_plugin!(
    name: "gcp-saas",
    provider: "gcp",
    service_model: Saas,
    checks: checks::ALL,
);

#[cfg(test)]
mod tests {
    #[test]
    fn metadata_is_valid() {
        splitline_plugin_sdk::testing::assert_plugin_valid(&super::PLUGIN);
    }
}
