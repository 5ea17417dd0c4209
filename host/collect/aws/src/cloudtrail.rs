//! CloudTrail: trails in their home region, with status and event selectors.

use std::sync::Arc;

use aws_sdk_cloudtrail::types as t;
use serde_json::Value;
use splitline_collect::{Operation, Resource};

use crate::call::Cx;
use crate::clients::Clients;
use crate::json::{Obj, arr, strs, ts};

pub const TRAIL: &str = "aws.cloudtrail.trail";
pub const KINDS: &[&str] = &[TRAIL];

const fn op(name: &'static str, permission: &'static str) -> Operation {
    Operation { service: "cloudtrail", name, permission, kinds: KINDS }
}

pub const OPS: &[Operation] = &[
    op("DescribeTrails", "cloudtrail:DescribeTrails"),
    op("GetTrailStatus", "cloudtrail:GetTrailStatus"),
    op("GetEventSelectors", "cloudtrail:GetEventSelectors"),
];

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    let ct = clients.cloudtrail(&cx.region);
    let trails = match cx.call(ct.describe_trails().include_shadow_trails(false).send()).await {
        Ok(out) => out.trail_list().to_vec(),
        Err(f) => return cx.gap(KINDS, "CloudTrail DescribeTrails", &f),
    };
    for tr in trails.iter().filter(|t| t.home_region().is_none_or(|h| h == cx.region)) {
        let Some(arn) = tr.trail_arn() else { continue };
        let (status, selectors) = tokio::join!(
            cx.call(ct.get_trail_status().name(arn).send()),
            cx.call(ct.get_event_selectors().trail_name(arn).send()),
        );
        let status = match status {
            Ok(s) => s,
            Err(f) => {
                cx.gap(KINDS, &format!("CloudTrail GetTrailStatus of trail {arn}"), &f);
                continue;
            }
        };
        let selectors = match selectors {
            Ok(s) => s,
            Err(f) => {
                cx.gap(KINDS, &format!("CloudTrail GetEventSelectors of trail {arn}"), &f);
                continue;
            }
        };
        let mut config = trail(tr);
        if let Some(obj) = config.as_object_mut() {
            obj.insert(
                "Status".into(),
                Obj::new()
                    .put("IsLogging", status.is_logging())
                    .put("StartLoggingTime", status.start_logging_time().map(ts))
                    .put("StopLoggingTime", status.stop_logging_time().map(ts))
                    .put("LatestDeliveryTime", status.latest_delivery_time().map(ts))
                    .put("LatestDigestDeliveryTime", status.latest_digest_delivery_time().map(ts))
                    .put("LatestDeliveryError", status.latest_delivery_error())
                    .build(),
            );
            if !selectors.event_selectors().is_empty() {
                obj.insert("EventSelectors".into(), arr(selectors.event_selectors(), event_selector));
            }
            if !selectors.advanced_event_selectors().is_empty() {
                obj.insert(
                    "AdvancedEventSelectors".into(),
                    arr(selectors.advanced_event_selectors(), advanced_selector),
                );
            }
        }
        cx.sink.resource(Resource {
            kind: TRAIL.into(),
            id: arn.to_string(),
            account: cx.account.clone(),
            region: tr.home_region().unwrap_or(&cx.region).to_string(),
            name: tr.name().unwrap_or(arn).to_string(),
            tags: Default::default(),
            config,
        });
    }
}

pub fn trail(t: &t::Trail) -> Value {
    Obj::new()
        .put("Name", t.name())
        .put("TrailARN", t.trail_arn())
        .put("HomeRegion", t.home_region())
        .put("IsMultiRegionTrail", t.is_multi_region_trail())
        .put("IncludeGlobalServiceEvents", t.include_global_service_events())
        .put("IsOrganizationTrail", t.is_organization_trail())
        .put("LogFileValidationEnabled", t.log_file_validation_enabled())
        .put("KmsKeyId", t.kms_key_id())
        .put("S3BucketName", t.s3_bucket_name())
        .put("S3KeyPrefix", t.s3_key_prefix())
        .put("SnsTopicARN", t.sns_topic_arn())
        .put("CloudWatchLogsLogGroupArn", t.cloud_watch_logs_log_group_arn())
        .put("CloudWatchLogsRoleArn", t.cloud_watch_logs_role_arn())
        .put("HasCustomEventSelectors", t.has_custom_event_selectors())
        .put("HasInsightSelectors", t.has_insight_selectors())
        .build()
}

fn event_selector(s: &t::EventSelector) -> Value {
    Obj::new()
        .put("ReadWriteType", s.read_write_type().map(|x| x.as_str()))
        .put("IncludeManagementEvents", s.include_management_events())
        .put(
            "DataResources",
            arr(s.data_resources(), |d| Obj::new().put("Type", d.r#type()).put("Values", strs(d.values())).build()),
        )
        .put("ExcludeManagementEventSources", strs(s.exclude_management_event_sources()))
        .build()
}

fn advanced_selector(s: &t::AdvancedEventSelector) -> Value {
    Obj::new()
        .put("Name", s.name())
        .put(
            "FieldSelectors",
            arr(s.field_selectors(), |f| {
                let mut o = Obj::new().put("Field", f.field());
                for (k, v) in [
                    ("Equals", f.equals()),
                    ("StartsWith", f.starts_with()),
                    ("EndsWith", f.ends_with()),
                    ("NotEquals", f.not_equals()),
                    ("NotStartsWith", f.not_starts_with()),
                    ("NotEndsWith", f.not_ends_with()),
                ] {
                    if !v.is_empty() {
                        o.set(k, strs(v));
                    }
                }
                o.build()
            }),
        )
        .build()
}
