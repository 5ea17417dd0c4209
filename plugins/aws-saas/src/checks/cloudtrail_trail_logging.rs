//! CloudTrail trails are logging.

use splitline_plugin_sdk::kinds::aws::CloudTrailTrail;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-CLOUDTRAIL-004",
        long_id: "aws-cloudtrail-trail-logging",
        title: "CloudTrail trail is logging",
        severity: Severity::High,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[CloudTrailTrail::KIND_NAME],
        risk: "A stopped trail records nothing, and StopLogging is one of the first calls an intruder makes; a trail left stopped after maintenance leaves the same gap.",
        remediation: Remediation {
            text: "Start logging on the trail, find out who stopped it (the StopLogging event in CloudTrail event history) and alert on StopLogging/DeleteTrail in the future.",
            cli: Some("aws cloudtrail start-logging --name TRAIL"),
            terraform: Some("resource \"aws_cloudtrail\" \"this\" {\n  # ...\n  enable_logging = true\n}"),
        },
        references: &["https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html"],
        compliance: &[compliance("nist-csf-2.0", "DE.CM-09")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, t) in e.each::<CloudTrailTrail>() {
        match t.is_logging() {
            Some(true) => {
                e.pass(r, format!("CloudTrail trail {} is logging.", t.name)).evidence("Status.IsLogging", true);
            }
            Some(false) => {
                e.fail(r, format!("CloudTrail trail {} is not logging.", t.name)).evidence("Status.IsLogging", false);
            }
            None => {
                e.error(r, format!("CloudTrail trail {} has no Status.IsLogging in its configuration.", t.name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::TRAIL;

    #[test]
    fn status_decides() {
        let out = Fixture::new("aws", "111122223333")
            .resource(TRAIL, "on", json!({"Name": "on", "Status": {"IsLogging": true}}))
            .resource(TRAIL, "off", json!({"Name": "off", "Status": {"IsLogging": false, "StopLoggingTime": "2025-05-14T22:09:47Z"}}))
            .resource(TRAIL, "unknown", json!({"Name": "unknown"}))
            .run(&super::CHECK);
        out.assert_status("on", Status::Pass);
        assert_eq!(out.assert_status("off", Status::Fail).message, "CloudTrail trail off is not logging.");
        out.assert_status("unknown", Status::Error);
    }
}
