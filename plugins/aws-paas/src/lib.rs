//! AWS PaaS: managed platform and data services, where the customer owns
//! data, access and configuration: S3, RDS, KMS and Elastic Beanstalk.

mod checks;
mod s3;
#[cfg(test)]
mod test_support;

splitline_plugin_sdk::export_plugin!(
    name: "aws-paas",
    provider: "aws",
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

#[cfg(test)]
mod demo_tests {
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    /// The plugin on the bundled demo inventory, through the native harness.
    #[test]
    fn demo_prod_account_has_passes_and_failures_and_no_errors() {
        let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../host/assets/demo-inventory.json");
        let out = Fixture::from_inventory_file(demo, "aws", "111122223333").run_plugin(&super::PLUGIN);
        let statuses: Vec<Status> = out.findings.iter().map(|f| f.status).collect();
        assert!(statuses.contains(&Status::Pass) && statuses.contains(&Status::Fail), "{statuses:?}");
        assert!(!statuses.contains(&Status::Error), "the demo matches the documented shapes: {:#?}", out.findings);
    }
}
