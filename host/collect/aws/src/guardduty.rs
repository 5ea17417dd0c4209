//! GuardDuty: the region's detectors, and whether it has any.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;
use splitline_collect::{Operation, Resource};

use crate::call::Cx;
use crate::clients::Clients;
use crate::json::{Obj, arr, strs};

pub const DETECTOR: &str = "aws.guardduty.detector";
pub const REGION_SETTINGS: &str = "aws.guardduty.region-settings";
pub const KINDS: &[&str] = &[DETECTOR, REGION_SETTINGS];

pub const OPS: &[Operation] = &[
    Operation { service: "guardduty", name: "ListDetectors", permission: "guardduty:ListDetectors", kinds: KINDS },
    Operation { service: "guardduty", name: "GetDetector", permission: "guardduty:GetDetector", kinds: &[DETECTOR] },
];

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    let gd = clients.guardduty(&cx.region);
    let mut ids = Vec::new();
    let mut token: Option<String> = None;
    loop {
        match cx.call(gd.list_detectors().set_next_token(token.clone()).send()).await {
            Ok(out) => {
                ids.extend(out.detector_ids().iter().cloned());
                token = out.next_token().filter(|t| !t.is_empty()).map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            Err(f) => return cx.gap(KINDS, "GuardDuty ListDetectors", &f),
        }
    }
    if cx.wants(REGION_SETTINGS) {
        cx.sink.resource(Resource {
            kind: REGION_SETTINGS.into(),
            id: format!("arn:aws:guardduty:{}:{}:region-settings", cx.region, cx.account),
            account: cx.account.clone(),
            region: cx.region.clone(),
            name: "GuardDuty settings".into(),
            tags: BTreeMap::new(),
            config: Obj::new().put("DetectorIds", strs(&ids)).build(),
        });
    }
    if !cx.wants(DETECTOR) {
        return;
    }
    for id in ids {
        let d = match cx.call(gd.get_detector().detector_id(&id).send()).await {
            Ok(d) => d,
            Err(f) => {
                cx.gap(&[DETECTOR], &format!("GuardDuty GetDetector of detector {id}"), &f);
                continue;
            }
        };
        let tags: BTreeMap<String, String> =
            d.tags().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default();
        let config = Obj::new()
            .put("DetectorId", id.as_str())
            .put("Status", d.status().map(|x| x.as_str()))
            .put("FindingPublishingFrequency", d.finding_publishing_frequency().map(|x| x.as_str()))
            .put("ServiceRole", d.service_role())
            .put("CreatedAt", d.created_at())
            .put("UpdatedAt", d.updated_at())
            .put(
                "Features",
                arr(d.features(), |f| {
                    Obj::new()
                        .put("Name", f.name().map(|x| x.as_str()))
                        .put("Status", f.status().map(|x| x.as_str()))
                        .put("UpdatedAt", f.updated_at().map(crate::json::ts))
                        .build()
                }),
            )
            .put("Tags", serde_json::to_value(&tags).unwrap_or(Value::Null))
            .build();
        cx.sink.resource(Resource {
            kind: DETECTOR.into(),
            id: format!("arn:aws:guardduty:{}:{}:detector/{id}", cx.region, cx.account),
            account: cx.account.clone(),
            region: cx.region.clone(),
            name: id.clone(),
            tags,
            config,
        });
    }
}
