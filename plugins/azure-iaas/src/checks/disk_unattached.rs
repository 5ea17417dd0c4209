//! Managed disks are not left unattached.

use splitline_plugin_sdk::kinds::azure::Disk;
use splitline_plugin_sdk::prelude::*;

use crate::settings;

/// Setting: days a disk may stay unattached before it fails (default 30).
pub const SETTING: &str = "unattached-disk-max-days";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-DISK-001",
        long_id: "azure-disk-not-left-unattached",
        title: "Managed disk is attached to a virtual machine or was detached less than 30 days ago",
        severity: Severity::Low,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Governance,
        resource_kinds: &[Disk::KIND_NAME],
        risk: "A forgotten disk still holds the data of the VM it came from (databases, keys, credentials in configuration files) outside any VM's controls, can be exported with a SAS or attached to another VM by anyone with disk permissions, and keeps costing money.",
        remediation: Remediation {
            text: "Delete disks that are no longer needed (snapshot them first if the data must be kept, under a retention policy), or attach them to their VM. Review who holds Disk Export and Contributor rights.",
            cli: Some("az disk delete --resource-group RESOURCE_GROUP --name DISK"),
            terraform: None,
        },
        references: &["https://learn.microsoft.com/en-us/azure/virtual-machines/disks-find-unattached-portal"],
        compliance: &[compliance("nist-csf-2.0", "ID.AM-08"), compliance("iso27001-2022", "A.8.10")],
    },
    run,
};

fn run(e: &mut Eval) {
    let Some(max_days) = settings::get::<i64>(e, SETTING, 30, Disk::KIND_NAME) else { return };
    let now = e.ctx().scan_time;
    for (r, disk) in e.each::<Disk>() {
        let state = disk.properties.disk_state.clone().unwrap_or_default();
        if !state.eq_ignore_ascii_case("Unattached") {
            let by = disk.managed_by.as_deref().and_then(|m| m.rsplit('/').next()).unwrap_or("a virtual machine");
            e.pass(r, format!("Managed disk {} is {} ({by}).", disk.name, if state.is_empty() { "in use" } else { &state }))
                .evidence("properties.diskState", if state.is_empty() { "absent" } else { &state });
            continue;
        }
        let (field, since) = match (&disk.properties.last_ownership_update_time, &disk.properties.time_created) {
            (Some(t), _) => ("properties.LastOwnershipUpdateTime", t.clone()),
            (None, Some(t)) => ("properties.timeCreated", t.clone()),
            (None, None) => ("", String::new()),
        };
        let Some(t) = parse_rfc3339(&since) else {
            e.fail(r, format!("Managed disk {} is unattached.", disk.name)).evidence("properties.diskState", "Unattached");
            continue;
        };
        let days = days_between(t, now);
        if days < max_days {
            e.pass(r, format!("Managed disk {} has been unattached for {days} days, within the {max_days}-day limit.", disk.name))
                .evidence(field, since);
        } else {
            e.fail(r, format!("Managed disk {} has been unattached for {days} days.", disk.name))
                .evidence("properties.diskState", "Unattached")
                .evidence(field, since);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{DISK, SUB, disk_id, vm_id};

    fn fixture() -> Fixture {
        Fixture::new("azure", SUB)
            .scan_time("2026-01-31T00:00:00Z")
            .resource(DISK, &disk_id("os"), json!({"name": "os", "managedBy": vm_id("app01"), "properties": {"diskState": "Attached"}}))
            .resource(DISK, &disk_id("old"), json!({"name": "old", "properties": {"diskState": "Unattached", "timeCreated": "2025-06-01T10:00:00.1234567+00:00", "LastOwnershipUpdateTime": "2025-11-01T00:00:00Z"}}))
            .resource(DISK, &disk_id("recent"), json!({"name": "recent", "properties": {"diskState": "Unattached", "timeCreated": "2026-01-20T00:00:00Z"}}))
            .resource(DISK, &disk_id("undated"), json!({"name": "undated", "properties": {"diskState": "Unattached"}}))
    }

    #[test]
    fn age_counts_from_last_detach_against_scan_time() {
        let out = fixture().run(&super::CHECK);
        let f = out.assert_status(&disk_id("os"), Status::Pass);
        assert_eq!(f.message, "Managed disk os is Attached (app01).");
        let f = out.assert_status(&disk_id("old"), Status::Fail);
        assert_eq!(f.message, "Managed disk old has been unattached for 91 days.");
        out.assert_status(&disk_id("recent"), Status::Pass);
        out.assert_status(&disk_id("undated"), Status::Fail);
        let out = fixture().setting(super::SETTING, json!(5)).run(&super::CHECK);
        out.assert_status(&disk_id("recent"), Status::Fail);
    }
}
