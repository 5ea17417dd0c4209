//! Cloud Run Admin API v2: services (all locations) with their IAM policy.
//! Plain `env[].value`s are redacted; `valueSource.secretKeyRef` references stay.

use serde_json::Value;
use splitline_collect::{Operation, redact};

use crate::client::{labels, last_segment};
use crate::cx::{Cx, join_all};

pub const SERVICE: &str = "gcp.run.service";
pub const KINDS: &[&str] = &[SERVICE];

pub const LIST: Operation = Operation {
    service: "run",
    name: "projects.locations.services.list",
    permission: "run.services.list",
    kinds: &[SERVICE],
};
pub const GET_IAM_POLICY: Operation = Operation {
    service: "run",
    name: "projects.locations.services.getIamPolicy",
    permission: "run.services.getIamPolicy",
    kinds: &[SERVICE],
};

pub const OPS: &[Operation] = &[LIST, GET_IAM_POLICY];

const BASE: &str = "https://run.googleapis.com/v2";

pub async fn collect(cx: Cx) {
    let pid = cx.pid().to_string();
    let url = format!("{BASE}/projects/{pid}/locations/-/services");
    let (services, unreachable) = match crate::serverless::list(&cx, &LIST, &url, "services").await {
        Ok(x) => x,
        Err(e) => return cx.gap(KINDS, "global", &e),
    };
    crate::serverless::unreachable_gaps(&cx, KINDS, "run", LIST.name, &unreachable);
    let tasks = services
        .into_iter()
        .map(|mut doc| {
            let cx = cx.clone();
            async move {
                redact_service(&mut doc);
                let name = doc["name"].as_str().unwrap_or_default().to_string();
                let region = crate::serverless::location(&name);
                let url = format!("{BASE}/{name}:getIamPolicy");
                crate::serverless::merge_iam_policy(&cx, &GET_IAM_POLICY, &url, KINDS, &region, &mut doc).await;
                cx.emit(
                    SERVICE,
                    format!("//run.googleapis.com/{name}"),
                    region,
                    last_segment(&name).to_string(),
                    labels(&doc["labels"]),
                    doc,
                );
            }
        })
        .collect();
    join_all(tasks).await;
}

/// Redacts `template.containers[].env[].value` (plain values only).
pub fn redact_service(doc: &mut Value) {
    let Some(containers) = doc.pointer_mut("/template/containers").and_then(Value::as_array_mut) else { return };
    for c in containers {
        let Some(env) = c.get_mut("env").and_then(Value::as_array_mut) else { continue };
        for var in env {
            let name = var["name"].as_str().unwrap_or_default().to_string();
            if let Some(Value::String(v)) = var.get_mut("value")
                && let Some(marker) = redact::redact_value(&name, v)
            {
                *v = marker;
            }
        }
    }
}
