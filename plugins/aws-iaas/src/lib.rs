//! AWS IaaS: virtual machines and networks, where the customer owns the
//! operating system up and the network paths to it: EC2 security groups,
//! instances (metadata service, exposure, role, Systems Manager and
//! patching), AMIs, EBS volumes, snapshots and default encryption, and VPC
//! flow logs.

mod checks;
mod ingress;
mod ssm;
#[cfg(test)]
mod test_support;

splitline_plugin_sdk::export_plugin!(
    name: "aws-iaas",
    provider: "aws",
    service_model: Iaas,
    checks: checks::ALL,
);

#[cfg(test)]
mod tests {
    #[test]
    fn metadata_is_valid() {
        splitline_plugin_sdk::testing::assert_plugin_valid(&super::PLUGIN);
    }
}
