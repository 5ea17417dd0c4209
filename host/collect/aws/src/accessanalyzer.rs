//! IAM Access Analyzer: the region's analyzers (camelCase, as the API).

use std::collections::BTreeMap;
use std::sync::Arc;

use splitline_collect::{Operation, Resource};

use crate::call::Cx;
use crate::clients::Clients;
use crate::json::{Obj, arr, ts};

pub const REGION_SETTINGS: &str = "aws.accessanalyzer.region-settings";
pub const KINDS: &[&str] = &[REGION_SETTINGS];

pub const OPS: &[Operation] = &[Operation {
    service: "access-analyzer",
    name: "ListAnalyzers",
    permission: "access-analyzer:ListAnalyzers",
    kinds: KINDS,
}];

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    let aa = clients.accessanalyzer(&cx.region);
    let mut analyzers = Vec::new();
    let mut token: Option<String> = None;
    loop {
        match cx.call(aa.list_analyzers().set_next_token(token.clone()).send()).await {
            Ok(out) => {
                analyzers.extend(out.analyzers().iter().cloned());
                token = out.next_token().map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            Err(f) => return cx.gap(KINDS, "Access Analyzer ListAnalyzers", &f),
        }
    }
    let config = Obj::new()
        .put(
            "analyzers",
            arr(&analyzers, |a| {
                Obj::new()
                    .put("arn", a.arn())
                    .put("name", a.name())
                    .put("type", a.r#type().as_str())
                    .put("status", a.status().as_str())
                    .put("createdAt", ts(a.created_at()))
                    .put("lastResourceAnalyzed", a.last_resource_analyzed())
                    .put("lastResourceAnalyzedAt", a.last_resource_analyzed_at().map(ts))
                    .build()
            }),
        )
        .build();
    cx.sink.resource(Resource {
        kind: REGION_SETTINGS.into(),
        id: format!("arn:aws:access-analyzer:{}:{}:region-settings", cx.region, cx.account),
        account: cx.account.clone(),
        region: cx.region.clone(),
        name: "IAM Access Analyzer settings".into(),
        tags: BTreeMap::new(),
        config,
    });
}
