//! AWS serverless: functions and the APIs in front of them, where AWS runs
//! the runtime, scaling and host OS and the customer owns the code, its IAM
//! role, secrets in configuration, the runtime version and API exposure:
//! Lambda and API Gateway (REST APIs).

mod checks;
mod iam;
#[cfg(test)]
mod test_support;

splitline_plugin_sdk::export_plugin!(
    name: "aws-serverless",
    provider: "aws",
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
