//! GuardDuty is enabled in every collected region.

use splitline_plugin_sdk::kinds::aws::{GuardDutyDetector, GuardDutyRegionSettings};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-GUARDDUTY-001",
        long_id: "aws-guardduty-enabled",
        title: "GuardDuty has an enabled detector in the region",
        severity: Severity::High,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[GuardDutyRegionSettings::KIND_NAME, GuardDutyDetector::KIND_NAME],
        risk: "GuardDuty is AWS's managed threat detection: compromised credentials used from unusual places, crypto-mining instances, calls to known malicious hosts. A region without it is where an attacker acts unseen, and unused regions are exactly where they go.",
        remediation: Remediation {
            text: "Enable GuardDuty in every region (with an organization delegated administrator and auto-enable for member accounts), and route its findings to your alerting.",
            cli: Some("aws guardduty create-detector --enable --region REGION"),
            terraform: Some("resource \"aws_guardduty_detector\" \"this\" {\n  enable = true\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-1",
        ],
        compliance: &[compliance("nist-csf-2.0", "DE.CM-01"), compliance("nist-csf-2.0", "DE.AE-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    let inventory = e.inventory();
    for (r, s) in e.each::<GuardDutyRegionSettings>() {
        if s.detector_ids.is_empty() {
            e.fail(r, format!("GuardDuty is not enabled in {}: the region has no detector.", r.region)).evidence("DetectorIds", "[]");
            continue;
        }
        let status: Vec<(String, Option<String>)> = s
            .detector_ids
            .iter()
            .map(|id| {
                let d = inventory.find::<GuardDutyDetector>(|dr, d| dr.region == r.region && (d.detector_id.as_deref() == Some(id.as_str()) || dr.id.ends_with(&format!("/{id}"))));
                (id.clone(), d.and_then(|(_, d)| d.status))
            })
            .collect();
        if let Some((id, _)) = status.iter().find(|(_, st)| st.as_deref() == Some("ENABLED")) {
            e.pass(r, format!("GuardDuty is enabled in {} (detector {id}).", r.region)).evidence("Status", "ENABLED");
        } else if status.iter().all(|(_, st)| st.is_some()) {
            let ids: Vec<&str> = status.iter().map(|(id, _)| id.as_str()).collect();
            e.fail(r, format!("GuardDuty is suspended in {}: detector {} is not enabled.", r.region, ids.join(", "))).evidence("Status", "DISABLED");
        } else {
            e.error(r, format!("GuardDuty in {} has detector(s) {} whose status was not collected.", r.region, s.detector_ids.join(", ")));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const SETTINGS: &str = "aws.guardduty.region-settings";
    const DETECTOR: &str = "aws.guardduty.detector";

    fn id(region: &str) -> String {
        format!("arn:aws:guardduty:{region}:111122223333:region-settings")
    }

    #[test]
    fn every_region_is_judged_on_its_own_detector() {
        let out = Fixture::new("aws", "111122223333")
            .resource_in("us-east-1", SETTINGS, &id("us-east-1"), json!({"DetectorIds": ["d-east"]}), &[])
            .resource_in("us-east-1", DETECTOR, "arn:aws:guardduty:us-east-1:111122223333:detector/d-east", json!({"DetectorId": "d-east", "Status": "ENABLED"}), &[])
            .resource_in("eu-west-1", SETTINGS, &id("eu-west-1"), json!({"DetectorIds": ["d-west"]}), &[])
            .resource_in("eu-west-1", DETECTOR, "arn:aws:guardduty:eu-west-1:111122223333:detector/d-west", json!({"DetectorId": "d-west", "Status": "DISABLED"}), &[])
            .resource_in("ap-south-1", SETTINGS, &id("ap-south-1"), json!({"DetectorIds": []}), &[])
            .resource_in("sa-east-1", SETTINGS, &id("sa-east-1"), json!({"DetectorIds": ["d-ghost"]}), &[])
            .run(&super::CHECK);
        assert_eq!(out.assert_status(&id("us-east-1"), Status::Pass).message, "GuardDuty is enabled in us-east-1 (detector d-east).");
        out.assert_status(&id("eu-west-1"), Status::Fail);
        assert_eq!(out.assert_status(&id("ap-south-1"), Status::Fail).message, "GuardDuty is not enabled in ap-south-1: the region has no detector.");
        out.assert_status(&id("sa-east-1"), Status::Error);
    }
}
