//! Managed disks cannot be exported or imported from any network.

use splitline_plugin_sdk::kinds::azure::Disk;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-DISK-002",
        long_id: "azure-disk-network-access-restricted",
        title: "Managed disk does not allow export and import from all networks",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[Disk::KIND_NAME],
        risk: "With network access AllowAll, a SAS generated for the disk (by anyone with the export permission, or leaked afterwards) downloads the whole disk from anywhere on the internet; restricting access to private endpoints or denying it keeps disk exports inside the network.",
        remediation: Remediation {
            text: "Set the disk's network access policy to DenyAll, or to AllowPrivate with a disk access resource and private endpoint, and disable public network access; enforce it with Azure Policy for new disks.",
            cli: Some("az disk update --resource-group RESOURCE_GROUP --name DISK --network-access-policy DenyAll --public-network-access Disabled"),
            terraform: Some("resource \"azurerm_managed_disk\" \"this\" {\n  # ...\n  network_access_policy         = \"DenyAll\"\n  public_network_access_enabled = false\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/virtual-machines/disks-enable-private-links-for-import-export-portal"],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-01"), compliance("nist-csf-2.0", "PR.IR-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, disk) in e.each::<Disk>() {
        let policy = disk.properties.network_access_policy.clone();
        let public_off = disk.properties.public_network_access.as_deref().is_some_and(|p| p.eq_ignore_ascii_case("Disabled"));
        match policy.as_deref() {
            Some(p) if p.eq_ignore_ascii_case("DenyAll") || p.eq_ignore_ascii_case("AllowPrivate") => {
                e.pass(r, format!("Managed disk {} allows export and import only as {p}.", disk.name)).evidence("properties.networkAccessPolicy", p);
            }
            _ if public_off => {
                e.pass(r, format!("Managed disk {} has public network access disabled.", disk.name)).evidence("properties.publicNetworkAccess", "Disabled");
            }
            other => {
                e.fail(r, format!("Managed disk {} can be exported and imported from any network.", disk.name))
                    .evidence("properties.networkAccessPolicy", other.unwrap_or("absent (AllowAll)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{DISK, SUB, disk_id};

    #[test]
    fn allow_all_fails() {
        let out = Fixture::new("azure", SUB)
            .resource(DISK, &disk_id("open"), json!({"name": "open", "properties": {"networkAccessPolicy": "AllowAll", "publicNetworkAccess": "Enabled"}}))
            .resource(DISK, &disk_id("default"), json!({"name": "default", "properties": {}}))
            .resource(DISK, &disk_id("private"), json!({"name": "private", "properties": {"networkAccessPolicy": "AllowPrivate"}}))
            .resource(DISK, &disk_id("deny"), json!({"name": "deny", "properties": {"networkAccessPolicy": "DenyAll"}}))
            .run(&super::CHECK);
        let f = out.assert_status(&disk_id("open"), Status::Fail);
        assert_eq!(f.message, "Managed disk open can be exported and imported from any network.");
        out.assert_status(&disk_id("default"), Status::Fail);
        out.assert_status(&disk_id("private"), Status::Pass);
        out.assert_status(&disk_id("deny"), Status::Pass);
    }
}
