//! Joins EC2 instances with their Systems Manager records
//! (`aws.ssm.managed-instance`), by `InstanceId` in the same account and region.

use std::collections::HashMap;

use splitline_plugin_sdk::Inventory;
use splitline_plugin_sdk::kinds::aws::SsmManagedInstance;
use splitline_plugin_sdk::prelude::*;

/// The managed-node records of an inventory, indexed once per check run.
pub struct ManagedNodes<'a> {
    by_instance: HashMap<(&'a str, &'a str, &'a str), &'a Resource>,
}

impl<'a> ManagedNodes<'a> {
    pub fn new(inventory: &'a Inventory) -> Self {
        let mut by_instance = HashMap::new();
        for r in inventory.of_kind(SsmManagedInstance::KIND_NAME) {
            if let Some(id) = r.config.get("InstanceId").and_then(|v| v.as_str()) {
                by_instance.entry((r.account.as_str(), r.region.as_str(), id)).or_insert(r);
            }
        }
        Self { by_instance }
    }

    /// The SSM record of `instance_id` (its resource and config), in the
    /// account and region of the instance's resource `r`: `Ok(None)` when
    /// Systems Manager does not manage it, `Err` when the record does not
    /// match the documented shape.
    pub fn of(&self, r: &Resource, instance_id: &str) -> Result<Option<(&'a Resource, SsmManagedInstance)>, String> {
        match self.by_instance.get(&(r.account.as_str(), r.region.as_str(), instance_id)) {
            Some(node) => node.typed::<SsmManagedInstance>().map(|m| Some((*node, m))),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    /// On the bundled demo no EC2 instance is an SSM managed node (its one
    /// managed node is a hybrid `mi-…` server): AWS-EC2-008 fails and
    /// AWS-EC2-009 does not apply on every running instance.
    #[test]
    fn demo_instances_are_unmanaged() {
        let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../host/assets/demo-inventory.json");
        for account in ["111122223333", "444455556666"] {
            let fixture = Fixture::from_inventory_file(demo, "aws", account);
            let managed = fixture.clone().run(&crate::checks::ec2_instance_ssm_managed::CHECK);
            let patched = fixture.run(&crate::checks::ec2_instance_patch_compliant::CHECK);
            assert!(!managed.findings.is_empty(), "{account}");
            assert!(managed.findings.iter().all(|f| f.status == Status::Fail), "{:#?}", managed.findings);
            assert!(patched.findings.iter().all(|f| f.status == Status::NotApplicable), "{:#?}", patched.findings);
            assert_eq!(managed.findings.len(), patched.findings.len());
        }
    }
}
