//! Azure SaaS: the provider-run identity, security and audit plane of a
//! tenant and its subscriptions: Microsoft Entra ID users, MFA and
//! privileged roles, Defender for Cloud plans, the activity log export and
//! subscription owners.

mod checks;
mod settings;
#[cfg(test)]
mod test_support;

splitline_plugin_sdk::export_plugin!(
    name: "azure-saas",
    provider: "azure",
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
