//! Systems Manager reports no missing or failed patches for managed EC2 instances.

use splitline_plugin_sdk::kinds::aws::Ec2Instance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EC2-009",
        long_id: "aws-ec2-instance-patch-compliant",
        title: "Managed EC2 instance has no missing or failed patches in its last Patch Manager scan",
        severity: Severity::High,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[Ec2Instance::KIND_NAME],
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
    for (r, i) in e.each::<Ec2Instance>() {
        let Some(p) = i.instance_patch_state.as_ref() else {
            if i.instance_information.is_none() {
                e.not_applicable(r, format!("EC2 instance {} is not managed by Systems Manager, so it has no patch state (see AWS-EC2-008).", i.instance_id));
            } else {
                e.fail(r, format!("EC2 instance {} is managed by Systems Manager but no patch scan has reported for it.", i.instance_id))
                    .evidence("InstancePatchState", "absent");
            }
            continue;
        };
        let missing = p.missing_count.unwrap_or(0);
        let failed = p.failed_count.unwrap_or(0);
        if missing == 0 && failed == 0 {
            let f = e.pass(r, format!("EC2 instance {} has no missing or failed patches.", i.instance_id));
            f.evidence("InstancePatchState.MissingCount", 0).evidence("InstancePatchState.FailedCount", 0);
            if let Some(pending) = p.installed_pending_reboot_count.filter(|n| *n > 0) {
                f.evidence("InstancePatchState.InstalledPendingRebootCount", pending);
            }
        } else {
            let f = e.fail(r, format!("EC2 instance {} has {missing} missing and {failed} failed patches.", i.instance_id));
            f.evidence("InstancePatchState.MissingCount", missing).evidence("InstancePatchState.FailedCount", failed);
            if let Some(n) = p.security_non_compliant_count.filter(|n| *n > 0) {
                f.evidence("InstancePatchState.SecurityNonCompliantCount", n);
            }
            if let Some(n) = p.critical_non_compliant_count.filter(|n| *n > 0) {
                f.evidence("InstancePatchState.CriticalNonCompliantCount", n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::INSTANCE;

    #[test]
    fn missing_or_failed_patches_fail() {
        let managed = json!({"PingStatus": "Online"});
        let out = Fixture::new("aws", "111122223333")
            .resource(INSTANCE, "i-missing", json!({"InstanceId": "i-missing", "InstanceInformation": managed, "InstancePatchState": {"MissingCount": 4, "FailedCount": 0, "SecurityNonCompliantCount": 2}}))
            .resource(INSTANCE, "i-failed", json!({"InstanceId": "i-failed", "InstanceInformation": managed, "InstancePatchState": {"MissingCount": 0, "FailedCount": 1}}))
            .resource(INSTANCE, "i-ok", json!({"InstanceId": "i-ok", "InstanceInformation": managed, "InstancePatchState": {"MissingCount": 0, "FailedCount": 0, "InstalledCount": 120}}))
            .run(&super::CHECK);
        let f = out.assert_status("i-missing", Status::Fail);
        assert_eq!(f.message, "EC2 instance i-missing has 4 missing and 0 failed patches.");
        assert!(f.evidence.iter().any(|ev| ev.property == "InstancePatchState.SecurityNonCompliantCount" && ev.value == "2"));
        out.assert_status("i-failed", Status::Fail);
        out.assert_status("i-ok", Status::Pass);
    }

    #[test]
    fn no_patch_state_fails_when_managed_and_does_not_apply_otherwise() {
        let out = Fixture::new("aws", "111122223333")
            .resource(INSTANCE, "i-noscan", json!({"InstanceId": "i-noscan", "InstanceInformation": {"PingStatus": "Online"}}))
            .resource(INSTANCE, "i-unmanaged", json!({"InstanceId": "i-unmanaged"}))
            .resource(INSTANCE, "i-odd", json!({"InstanceId": "i-odd", "InstancePatchState": {"MissingCount": "many"}}))
            .run(&super::CHECK);
        out.assert_status("i-noscan", Status::Fail);
        out.assert_status("i-unmanaged", Status::NotApplicable);
        out.assert_status("i-odd", Status::Error);
    }
}
