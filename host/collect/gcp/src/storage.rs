//! Cloud Storage JSON API v1: buckets (`projection=full`) with their IAM
//! policy. The JSON API directly, not a storage crate: see
//! docs/collect-gcp.md ("Cloud Storage: why the JSON API").

use splitline_collect::Operation;

use crate::client::labels;
use crate::cx::{Cx, join_all};

pub const BUCKET: &str = "gcp.storage.bucket";
pub const KINDS: &[&str] = &[BUCKET];

const BASE: &str = "https://storage.googleapis.com/storage/v1";

pub const LIST: Operation =
    Operation { service: "storage", name: "buckets.list", permission: "storage.buckets.list", kinds: &[BUCKET] };
pub const GET_IAM_POLICY: Operation = Operation {
    service: "storage",
    name: "buckets.getIamPolicy",
    permission: "storage.buckets.getIamPolicy",
    kinds: &[BUCKET],
};

pub const OPS: &[Operation] = &[LIST, GET_IAM_POLICY];

/// `buckets.list` with `projection=full` answers the same bucket resources
/// as `buckets.get` with `projection=full`, a page at a time.
pub async fn collect(cx: Cx) {
    let pid = cx.pid().to_string();
    let buckets = match cx
        .api
        .list(&LIST, &pid, &format!("{BASE}/b"), &[("project", &pid), ("projection", "full")], "items")
        .await
    {
        Ok(b) => b,
        Err(e) => return cx.gap(KINDS, "global", &e),
    };
    // `buckets.list?project=P` answers only P's buckets; a bucket that names
    // another owner (an emulator that ignores `project`) would appear under
    // two projects with one id, so it is left to its own project.
    let number =
        cx.project.resource.as_ref().and_then(|p| p["name"].as_str()).and_then(|n| n.strip_prefix("projects/"));
    let tasks = buckets
        .into_iter()
        .filter(|b| match (number, b["projectNumber"].as_str()) {
            (Some(mine), Some(owner)) if mine != owner => {
                tracing::debug!(project = %pid, owner, "skipping a listed bucket owned by another project");
                false
            }
            _ => true,
        })
        .map(|mut doc| {
            let cx = cx.clone();
            async move {
                let name = doc["name"].as_str().unwrap_or_default().to_string();
                let region = doc["location"].as_str().unwrap_or("global").to_ascii_lowercase();
                let url = format!("{BASE}/b/{}/iam", crate::client::encode_segment(&name));
                match cx.api.get(&GET_IAM_POLICY, cx.pid(), &url, &[("optionsRequestedPolicyVersion", "3")]).await {
                    Ok(policy) => doc["iamPolicy"] = policy,
                    Err(e) => cx.gap(KINDS, &region, &e),
                }
                let id = doc["selfLink"]
                    .as_str()
                    .filter(|s| s.starts_with("https://www.googleapis.com/"))
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("https://www.googleapis.com/storage/v1/b/{name}"));
                cx.emit(BUCKET, id, region, name, labels(&doc["labels"]), doc);
            }
        })
        .collect();
    join_all(tasks).await;
}
