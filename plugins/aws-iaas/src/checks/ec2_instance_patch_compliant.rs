//! Systems Manager reports no missing or failed patches for managed EC2 instances.

use splitline_plugin_sdk::kinds::aws::{Ec2Instance, SsmManagedInstance};
use splitline_plugin_sdk::prelude::*;

use crate::ssm::ManagedNodes;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EC2-009",
        long_id: "aws-ec2-instance-patch-compliant",
        title: "Managed EC2 instance has no missing or failed patches in its last Patch Manager scan",
        severity: Severity::High,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[Ec2Instance::KIND_NAME, SsmManagedInstance::KIND_NAME],
        risk: "Missing operating system patches are the classic way in: exploits for published vulnerabilities appear within days, and an instance whose approved patches are missing or failed to install stays exploitable until someone notices.",
        remediation: Remediation {
            text: "Install the missing patches (AWS-RunPatchBaseline with Operation=Install, ideally in a maintenance window or a Quick Setup patch policy), investigate failed installs, and reboot instances with patches pending a reboot.",
            cli: Some("aws ssm send-command --document-name AWS-RunPatchBaseline --targets Key=InstanceIds,Values=INSTANCE_ID --parameters Operation=Install"),
            terraform: None,
        },
        references: &[
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-manager.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-2",
        ],
        compliance: &[compliance("nist-csf-2.0", "ID.RA-01"), compliance("nist-csf-2.0", "PR.PS-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    let nodes = ManagedNodes::new(e.inventory());
    for (r, i) in e.each::<Ec2Instance>() {
        let node = match nodes.of(r, &i.instance_id) {
            Ok(node) => node,
            Err(why) => {
                e.error(r, format!("{why}."));
                continue;
            }
        };
        let Some((nr, node)) = node else {
            e.not_applicable(r, format!("EC2 instance {} is not managed by Systems Manager, so it has no patch state (see AWS-EC2-008).", i.instance_id));
            continue;
        };
        let Some(p) = node.patch_state.as_ref() else {
            e.fail(r, format!("EC2 instance {} is managed by Systems Manager but no patch scan has reported for it.", i.instance_id))
                .evidence(format!("{}.PatchState", nr.id), "absent");
            continue;
        };
        let ev = |field: &str| format!("{}.PatchState.{field}", nr.id);
        let missing = p.missing_count.unwrap_or(0);
        let failed = p.failed_count.unwrap_or(0);
        if missing == 0 && failed == 0 {
            let f = e.pass(r, format!("EC2 instance {} has no missing or failed patches.", i.instance_id));
            f.evidence(ev("MissingCount"), 0).evidence(ev("FailedCount"), 0);
            if let Some(pending) = p.installed_pending_reboot_count.filter(|n| *n > 0) {
                f.evidence(ev("InstalledPendingRebootCount"), pending);
            }
        } else {
            let f = e.fail(r, format!("EC2 instance {} has {missing} missing and {failed} failed patches.", i.instance_id));
            f.evidence(ev("MissingCount"), missing).evidence(ev("FailedCount"), failed);
            if let Some(n) = p.security_non_compliant_count.filter(|n| *n > 0) {
                f.evidence(ev("SecurityNonCompliantCount"), n);
            }
            if let Some(n) = p.critical_non_compliant_count.filter(|n| *n > 0) {
                f.evidence(ev("CriticalNonCompliantCount"), n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{INSTANCE, MANAGED, managed_id};

    fn managed(id: &str, patch: Option<serde_json::Value>) -> serde_json::Value {
        let mut v = json!({"InstanceId": id, "PingStatus": "Online"});
        if let Some(p) = patch {
            v["PatchState"] = p;
        }
        v
    }

    #[test]
    fn missing_or_failed_patches_fail() {
        let out = Fixture::new("aws", "111122223333")
            .resource(INSTANCE, "i-missing", json!({"InstanceId": "i-missing"}))
            .resource(MANAGED, &managed_id("i-missing"), managed("i-missing", Some(json!({"MissingCount": 4, "FailedCount": 0, "SecurityNonCompliantCount": 2}))))
            .resource(INSTANCE, "i-failed", json!({"InstanceId": "i-failed"}))
            .resource(MANAGED, &managed_id("i-failed"), managed("i-failed", Some(json!({"MissingCount": 0, "FailedCount": 1}))))
            .resource(INSTANCE, "i-ok", json!({"InstanceId": "i-ok"}))
            .resource(MANAGED, &managed_id("i-ok"), managed("i-ok", Some(json!({"MissingCount": 0, "FailedCount": 0, "InstalledCount": 120}))))
            .run(&super::CHECK);
        let f = out.assert_status("i-missing", Status::Fail);
        assert_eq!(f.message, "EC2 instance i-missing has 4 missing and 0 failed patches.");
        let prop = format!("{}.PatchState.SecurityNonCompliantCount", managed_id("i-missing"));
        assert!(f.evidence.iter().any(|ev| ev.property == prop && ev.value == "2"), "{:?}", f.evidence);
        out.assert_status("i-failed", Status::Fail);
        out.assert_status("i-ok", Status::Pass);
        assert_eq!(out.findings.len(), 3, "only the instances get findings: {:#?}", out.findings);
    }

    #[test]
    fn no_patch_state_fails_when_managed_and_does_not_apply_otherwise() {
        let out = Fixture::new("aws", "111122223333")
            .resource(INSTANCE, "i-noscan", json!({"InstanceId": "i-noscan"}))
            .resource(MANAGED, &managed_id("i-noscan"), managed("i-noscan", None))
            .resource(INSTANCE, "i-unmanaged", json!({"InstanceId": "i-unmanaged"}))
            .resource(INSTANCE, "i-odd", json!({"InstanceId": "i-odd"}))
            .resource(MANAGED, &managed_id("i-odd"), managed("i-odd", Some(json!({"MissingCount": "many"}))))
            .run(&super::CHECK);
        out.assert_status("i-noscan", Status::Fail);
        out.assert_status("i-unmanaged", Status::NotApplicable);
        out.assert_status("i-odd", Status::Error);
    }

    #[test]
    fn a_record_of_another_region_does_not_count() {
        let out = Fixture::new("aws", "111122223333")
            .resource_in("eu-west-1", INSTANCE, "i-1", json!({"InstanceId": "i-1"}), &[])
            .resource_in("us-east-1", MANAGED, &managed_id("i-1"), managed("i-1", Some(json!({"MissingCount": 9}))), &[])
            .run(&super::CHECK);
        out.assert_status("i-1", Status::NotApplicable);
    }
}
