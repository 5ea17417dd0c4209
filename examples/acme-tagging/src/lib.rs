//! ACME's tagging policy as a splitline plugin: every taggable AWS resource
//! carries the tags the organisation requires, with values it allows. The
//! policy comes from the user's `splitline.toml`:
//!
//! ```toml
//! [plugins.acme-tagging.settings]
//! required-tags = { "*" = ["team"], "aws.s3.bucket" = ["team", "data-classification"] }
//! allowed-values = { env = ["prod", "dev", "staging"] }
//! ```

mod checks;
mod policy;

splitline_plugin_sdk::export_plugin!(
    name: "acme-tagging",
    provider: "aws",
    service_model: Saas,
    checks: checks::ALL,
);

#[cfg(test)]
mod tests {
    #[test]
    fn metadata_follows_the_contract() {
        splitline_plugin_sdk::testing::assert_plugin_valid(&super::PLUGIN);
    }
}
