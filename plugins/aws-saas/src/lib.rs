//! AWS SaaS: the provider-run account, identity and audit plane, where AWS
//! runs the services and the customer owns who may sign in and with what,
//! what policies grant, and whether audit logging and threat detection are
//! switched on: IAM, CloudTrail, GuardDuty, AWS Config, Security Hub and
//! IAM Access Analyzer.

mod account;
mod checks;
#[cfg(test)]
mod test_support;

splitline_plugin_sdk::export_plugin!(
    name: "aws-saas",
    provider: "aws",
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
