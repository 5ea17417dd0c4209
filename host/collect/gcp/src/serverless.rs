//! What the Cloud Functions and Cloud Run collectors share: listing across
//! `locations/-` (with `unreachable[]` locations) and merging `getIamPolicy`.

use serde_json::Value;
use splitline_collect::{GapCode, Operation};

use crate::client::CallError;
use crate::cx::Cx;

/// Every item of `field` across pages, and the locations the API could not reach.
pub async fn list(cx: &Cx, op: &Operation, url: &str, field: &str) -> Result<(Vec<Value>, Vec<String>), CallError> {
    let (mut items, mut unreachable) = (Vec::new(), Vec::new());
    cx.api
        .pages(op, cx.pid(), url, &[], |page| {
            if let Some(Value::Array(list)) = page.get_mut(field).map(Value::take) {
                items.extend(list);
            }
            if let Some(u) = page.get("unreachable").and_then(Value::as_array) {
                unreachable.extend(u.iter().filter_map(Value::as_str).map(str::to_string));
            }
        })
        .await?;
    Ok((items, unreachable))
}

/// A gap per unreachable location (`projects/P/locations/L` or `L`).
pub fn unreachable_gaps(cx: &Cx, kinds: &[&str], service: &str, op: &str, unreachable: &[String]) {
    for u in unreachable {
        let region = u.rsplit('/').next().unwrap_or(u);
        let err = CallError {
            code: GapCode::Unavailable,
            status: None,
            api_status: None,
            reason: format!("{service} {op} on {}: location {region} was unreachable; try again later", cx.pid()),
        };
        cx.gap(kinds, region, &err);
    }
}

/// The location of `projects/P/locations/L/…`.
pub fn location(name: &str) -> String {
    let mut parts = name.split('/');
    while let Some(p) = parts.next() {
        if p == "locations" {
            return parts.next().unwrap_or("global").to_string();
        }
    }
    "global".into()
}

/// `GET {url}?options.requestedPolicyVersion=3` into `doc.iamPolicy`; a
/// failure is a gap for the resource's region (the resource is still emitted,
/// without `iamPolicy`).
pub async fn merge_iam_policy(cx: &Cx, op: &Operation, url: &str, kinds: &[&str], region: &str, doc: &mut Value) {
    match cx.api.get(op, cx.pid(), url, &[("options.requestedPolicyVersion", "3")]).await {
        Ok(policy) => doc["iamPolicy"] = policy,
        Err(e) => cx.gap(kinds, region, &e),
    }
}
