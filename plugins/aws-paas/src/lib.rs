//! AWS PaaS: managed platform and data services, where the customer owns
//! data, access and configuration (S3 for now; RDS, KMS and Elastic
//! Beanstalk come with the AWS collection work).

mod checks;

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
