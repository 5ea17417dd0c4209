//! Cloud SQL Admin API v1: database instances.

use splitline_collect::Operation;

use crate::client::labels;
use crate::cx::Cx;

pub const INSTANCE: &str = "gcp.sql.instance";
pub const KINDS: &[&str] = &[INSTANCE];

pub const INSTANCES: Operation = Operation {
    service: "sqladmin",
    name: "instances.list",
    permission: "cloudsql.instances.list",
    kinds: &[INSTANCE],
};

pub const OPS: &[Operation] = &[INSTANCES];

/// `instances.list` returns the same `DatabaseInstance` resources as
/// `instances.get`, all of them in one call per page.
pub async fn collect(cx: Cx) {
    let pid = cx.pid();
    let url = format!("https://sqladmin.googleapis.com/v1/projects/{pid}/instances");
    match cx.api.list(&INSTANCES, pid, &url, &[], "items").await {
        Ok(items) => {
            for doc in items {
                let name = doc["name"].as_str().unwrap_or_default().to_string();
                let id = doc["selfLink"].as_str().map(str::to_string).unwrap_or_else(|| {
                    format!("https://sqladmin.googleapis.com/sql/v1beta4/projects/{pid}/instances/{name}")
                });
                let region = doc["region"].as_str().unwrap_or("global").to_string();
                let tags = labels(&doc["settings"]["userLabels"]);
                cx.emit(INSTANCE, id, region, name, tags, doc);
            }
        }
        Err(e) => cx.gap(KINDS, "global", &e),
    }
}
