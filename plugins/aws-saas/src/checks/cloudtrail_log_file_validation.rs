//! CloudTrail trails write digest files for log integrity validation.

use splitline_plugin_sdk::kinds::aws::CloudTrailTrail;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-CLOUDTRAIL-002",
        long_id: "aws-cloudtrail-log-file-validation",
        title: "CloudTrail trail has log file validation enabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[CloudTrailTrail::KIND_NAME],
        risk: "Without signed digest files nobody can prove that log files were not modified or deleted after delivery, which is exactly what an intruder with access to the bucket would do to cover their tracks, and what an auditor or court will ask about.",
        remediation: Remediation {
            text: "Enable log file validation on the trail; validate with `aws cloudtrail validate-logs` when investigating.",
            cli: Some("aws cloudtrail update-trail --name TRAIL --enable-log-file-validation"),
            terraform: Some("resource \"aws_cloudtrail\" \"this\" {\n  # ...\n  enable_log_file_validation = true\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "3.2"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, t) in e.each::<CloudTrailTrail>() {
        if t.log_file_validation_enabled == Some(true) {
            e.pass(r, format!("CloudTrail trail {} has log file validation enabled.", t.name)).evidence("LogFileValidationEnabled", true);
        } else {
            e.fail(r, format!("CloudTrail trail {} has log file validation disabled.", t.name)).evidence("LogFileValidationEnabled", false);
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
    fn validation_flag_decides() {
        let out = Fixture::new("aws", "111122223333")
            .resource(TRAIL, "on", json!({"Name": "on", "LogFileValidationEnabled": true}))
            .resource(TRAIL, "off", json!({"Name": "off", "LogFileValidationEnabled": false}))
            .resource(TRAIL, "absent", json!({"Name": "absent"}))
            .run(&super::CHECK);
        out.assert_status("on", Status::Pass);
        assert_eq!(out.assert_status("off", Status::Fail).message, "CloudTrail trail off has log file validation disabled.");
        out.assert_status("absent", Status::Fail);
    }
}
