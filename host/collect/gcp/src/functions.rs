//! Cloud Functions API v2: functions (all locations) with their IAM policy.
//! Plain environment variables are redacted; Secret Manager references
//! (`secretEnvironmentVariables`, `secretVolumes`) stay.

use serde_json::Value;
use splitline_collect::{Operation, redact};

use crate::client::{labels, last_segment};
use crate::cx::{Cx, join_all};

pub const FUNCTION: &str = "gcp.cloudfunctions.function";
pub const KINDS: &[&str] = &[FUNCTION];

pub const LIST: Operation = Operation {
    service: "cloudfunctions",
    name: "projects.locations.functions.list",
    permission: "cloudfunctions.functions.list",
    kinds: &[FUNCTION],
};
pub const GET_IAM_POLICY: Operation = Operation {
    service: "cloudfunctions",
    name: "projects.locations.functions.getIamPolicy",
    permission: "cloudfunctions.functions.getIamPolicy",
    kinds: &[FUNCTION],
};

pub const OPS: &[Operation] = &[LIST, GET_IAM_POLICY];

const BASE: &str = "https://cloudfunctions.googleapis.com/v2";

pub async fn collect(cx: Cx) {
    let pid = cx.pid().to_string();
    let url = format!("{BASE}/projects/{pid}/locations/-/functions");
    let (functions, unreachable) = match crate::serverless::list(&cx, &LIST, &url, "functions").await {
        Ok(x) => x,
        Err(e) => return cx.gap(KINDS, "global", &e),
    };
    crate::serverless::unreachable_gaps(&cx, KINDS, "cloudfunctions", LIST.name, &unreachable);
    let tasks = functions
        .into_iter()
        .map(|mut doc| {
            let cx = cx.clone();
            async move {
                redact_function(&mut doc);
                let name = doc["name"].as_str().unwrap_or_default().to_string();
                let region = crate::serverless::location(&name);
                let url = format!("{BASE}/{name}:getIamPolicy");
                crate::serverless::merge_iam_policy(&cx, &GET_IAM_POLICY, &url, KINDS, &region, &mut doc).await;
                cx.emit(
                    FUNCTION,
                    format!("//cloudfunctions.googleapis.com/{name}"),
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

/// Redacts `serviceConfig.environmentVariables` and
/// `buildConfig.environmentVariables` (name → value maps).
pub fn redact_function(doc: &mut Value) {
    for path in ["/serviceConfig/environmentVariables", "/buildConfig/environmentVariables"] {
        if let Some(env) = doc.pointer_mut(path).and_then(Value::as_object_mut) {
            redact::redact_env(env);
        }
    }
}
