//! The account has a logging multi-region trail that records management events.

use splitline_plugin_sdk::kinds::aws::{CloudTrailTrail, IamAccountSummary};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-CLOUDTRAIL-001",
        long_id: "aws-cloudtrail-multi-region-logging",
        title: "Account has a multi-region CloudTrail trail that is logging read and write management events",
        severity: Severity::High,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[IamAccountSummary::KIND_NAME, CloudTrailTrail::KIND_NAME],
        risk: "Without a trail covering every region, API activity in an unused region (where attackers like to start instances or hide resources) and history older than the 90-day event history are not recorded; an investigation has nothing to reconstruct what happened from.",
        remediation: Remediation {
            text: "Create (or convert) one trail with multi-region on, management events read and write, delivering to a protected S3 bucket, and make sure it is logging. An organization trail from the management account covers every member account.",
            cli: Some("aws cloudtrail create-trail --name org-trail --s3-bucket-name BUCKET --is-multi-region-trail --enable-log-file-validation --kms-key-id KEY_ARN && aws cloudtrail start-logging --name org-trail"),
            terraform: Some("resource \"aws_cloudtrail\" \"this\" {\n  name                          = \"org-trail\"\n  s3_bucket_name                = aws_s3_bucket.trail.id\n  is_multi_region_trail         = true\n  include_global_service_events = true\n  enable_log_file_validation    = true\n  kms_key_id                    = aws_kms_key.trail.arn\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "3.1"), compliance("nist-csf-2.0", "DE.CM-09")],
    },
    run,
};

/// Whether the trail's selectors record read and write management events
/// (no selectors at all is CloudTrail's default: all management events).
pub fn records_all_management_events(t: &CloudTrailTrail) -> bool {
    if let Some(adv) = t.advanced_event_selectors.as_ref() {
        return adv.iter().any(|sel| {
            let fields = sel.get("FieldSelectors").and_then(|f| f.as_array()).cloned().unwrap_or_default();
            let management = fields.iter().any(|f| {
                f.get("Field").and_then(|v| v.as_str()) == Some("eventCategory")
                    && f.get("Equals").and_then(|v| v.as_array()).is_some_and(|a| a.iter().any(|x| x.as_str() == Some("Management")))
            });
            let narrowed = fields.iter().any(|f| f.get("Field").and_then(|v| v.as_str()) == Some("readOnly"));
            management && !narrowed
        });
    }
    match t.event_selectors.as_ref() {
        None => true,
        Some(sels) => sels.iter().any(|s| s.include_management_events.unwrap_or(true) && s.read_write_type.as_deref().unwrap_or("All") == "All"),
    }
}

fn run(e: &mut Eval) {
    let inventory = e.inventory();
    let parsed: Vec<Result<CloudTrailTrail, String>> = inventory.of_kind(CloudTrailTrail::KIND_NAME).map(|r| r.typed::<CloudTrailTrail>()).collect();
    let unreadable = parsed.iter().filter(|t| t.is_err()).count();
    let trails: Vec<CloudTrailTrail> = parsed.into_iter().filter_map(Result::ok).collect();
    let good = trails.iter().find(|t| t.is_multi_region_trail == Some(true) && t.is_logging() == Some(true) && records_all_management_events(t));
    for (r, _) in e.each::<IamAccountSummary>() {
        if let Some(t) = good {
            e.pass(r, format!("Account {} has the multi-region trail {}, which is logging all management events.", r.account, t.name))
                .evidence("aws.cloudtrail.trail", &t.name);
            continue;
        }
        if unreadable > 0 {
            e.error(r, format!("Account {} has no readable logging multi-region trail, and {unreadable} trail(s) could not be read.", r.account));
            continue;
        }
        let multi: Vec<&str> = trails.iter().filter(|t| t.is_multi_region_trail == Some(true)).map(|t| t.name.as_str()).collect();
        let why = if trails.is_empty() {
            "no CloudTrail trail at all".to_string()
        } else if multi.is_empty() {
            format!("{} trail(s), none multi-region", trails.len())
        } else {
            format!("multi-region trail(s) {} not logging all management events", multi.join(", "))
        };
        e.fail(r, format!("Account {} has no logging multi-region trail: {why}.", r.account)).evidence("aws.cloudtrail.trail", why);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{SUMMARY, SUMMARY_ID, TRAIL, summary};

    fn trail(name: &str, multi: bool, logging: bool, extra: serde_json::Value) -> serde_json::Value {
        let mut t = json!({"Name": name, "TrailARN": format!("arn:aws:cloudtrail:us-east-1:111122223333:trail/{name}"), "HomeRegion": "us-east-1", "IsMultiRegionTrail": multi, "Status": {"IsLogging": logging}});
        t.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        t
    }

    fn run(trails: &[serde_json::Value]) -> splitline_plugin_sdk::testing::Outcome {
        let mut fx = Fixture::new("aws", "111122223333").resource(SUMMARY, SUMMARY_ID, summary(1, 0));
        for t in trails {
            fx = fx.resource(TRAIL, t["TrailARN"].as_str().unwrap(), t.clone());
        }
        fx.run(&super::CHECK)
    }

    #[test]
    fn a_logging_multi_region_trail_passes() {
        run(&[trail("main", true, true, json!({}))]).assert_status(SUMMARY_ID, Status::Pass);
        run(&[trail("sel", true, true, json!({"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true}]}))]).assert_status(SUMMARY_ID, Status::Pass);
        run(&[trail("adv", true, true, json!({"AdvancedEventSelectors": [{"FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}]}))]).assert_status(SUMMARY_ID, Status::Pass);
    }

    #[test]
    fn missing_stopped_regional_or_narrowed_trails_fail() {
        let out = run(&[]);
        assert_eq!(out.assert_status(SUMMARY_ID, Status::Fail).message, "Account 111122223333 has no logging multi-region trail: no CloudTrail trail at all.");
        let out = run(&[trail("regional", false, true, json!({}))]);
        assert!(out.assert_status(SUMMARY_ID, Status::Fail).message.contains("none multi-region"));
        run(&[trail("stopped", true, false, json!({}))]).assert_status(SUMMARY_ID, Status::Fail);
        run(&[trail("writes", true, true, json!({"EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true}]}))]).assert_status(SUMMARY_ID, Status::Fail);
        run(&[trail("data", true, true, json!({"AdvancedEventSelectors": [{"FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}]}]}))]).assert_status(SUMMARY_ID, Status::Fail);
    }

    #[test]
    fn an_unreadable_trail_is_an_error_not_a_fail() {
        run(&[trail("odd", true, true, json!({"IsMultiRegionTrail": "yes"}))]).assert_status(SUMMARY_ID, Status::Error);
    }
}
