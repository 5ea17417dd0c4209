//! AWS Config: recorders, their status and delivery channels, per region
//! (the members keep the API's camelCase, as `docs/kinds/aws.md` says).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;
use splitline_collect::{Operation, Resource};

use crate::call::Cx;
use crate::clients::Clients;
use crate::json::{Obj, arr, ts};

pub const REGION_SETTINGS: &str = "aws.config.region-settings";
pub const KINDS: &[&str] = &[REGION_SETTINGS];

const fn op(name: &'static str, permission: &'static str) -> Operation {
    Operation { service: "config", name, permission, kinds: KINDS }
}

pub const OPS: &[Operation] = &[
    op("DescribeConfigurationRecorders", "config:DescribeConfigurationRecorders"),
    op("DescribeConfigurationRecorderStatus", "config:DescribeConfigurationRecorderStatus"),
    op("DescribeDeliveryChannels", "config:DescribeDeliveryChannels"),
];

fn enum_strs<T: AsRef<str>>(items: &[T]) -> Value {
    Value::Array(items.iter().map(|x| Value::from(x.as_ref())).collect())
}

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    let c = clients.config(&cx.region);
    let (recorders, status, channels) = tokio::join!(
        cx.call(c.describe_configuration_recorders().send()),
        cx.call(c.describe_configuration_recorder_status().send()),
        cx.call(c.describe_delivery_channels().send()),
    );
    let (recorders, status, channels) = match (recorders, status, channels) {
        (Ok(r), Ok(s), Ok(d)) => (r, s, d),
        (Err(f), _, _) => return cx.gap(KINDS, "Config DescribeConfigurationRecorders", &f),
        (_, Err(f), _) => return cx.gap(KINDS, "Config DescribeConfigurationRecorderStatus", &f),
        (_, _, Err(f)) => return cx.gap(KINDS, "Config DescribeDeliveryChannels", &f),
    };
    let config = Obj::new()
        .put(
            "ConfigurationRecorders",
            arr(recorders.configuration_recorders(), |r| {
                Obj::new()
                    .put("name", r.name())
                    .put("roleARN", r.role_arn())
                    .put(
                        "recordingGroup",
                        r.recording_group().map(|g| {
                            Obj::new()
                                .put("allSupported", g.all_supported())
                                .put("includeGlobalResourceTypes", g.include_global_resource_types())
                                .put("resourceTypes", enum_strs(g.resource_types()))
                                .put(
                                    "exclusionByResourceTypes",
                                    g.exclusion_by_resource_types().map(|e| {
                                        Obj::new().put("resourceTypes", enum_strs(e.resource_types())).build()
                                    }),
                                )
                                .put(
                                    "recordingStrategy",
                                    g.recording_strategy()
                                        .map(|s| Obj::new().put("useOnly", s.use_only().map(|x| x.as_str())).build()),
                                )
                                .build()
                        }),
                    )
                    .build()
            }),
        )
        .put(
            "ConfigurationRecordersStatus",
            arr(status.configuration_recorders_status(), |s| {
                Obj::new()
                    .put("name", s.name())
                    .put("recording", s.recording())
                    .put("lastStatus", s.last_status().map(|x| x.as_str()))
                    .put("lastStartTime", s.last_start_time().map(ts))
                    .put("lastStopTime", s.last_stop_time().map(ts))
                    .put("lastStatusChangeTime", s.last_status_change_time().map(ts))
                    .put("lastErrorCode", s.last_error_code())
                    .build()
            }),
        )
        .put(
            "DeliveryChannels",
            arr(channels.delivery_channels(), |d| {
                Obj::new()
                    .put("name", d.name())
                    .put("s3BucketName", d.s3_bucket_name())
                    .put("s3KeyPrefix", d.s3_key_prefix())
                    .put("snsTopicARN", d.sns_topic_arn())
                    .build()
            }),
        )
        .build();
    cx.sink.resource(Resource {
        kind: REGION_SETTINGS.into(),
        id: format!("arn:aws:config:{}:{}:region-settings", cx.region, cx.account),
        account: cx.account.clone(),
        region: cx.region.clone(),
        name: "AWS Config settings".into(),
        tags: BTreeMap::new(),
        config,
    });
}
