//! Cloud Logging API v2: the project's log sinks.

use splitline_collect::Operation;

use crate::cx::Cx;

pub const SINK: &str = "gcp.logging.sink";
pub const KINDS: &[&str] = &[SINK];

pub const SINKS: Operation =
    Operation { service: "logging", name: "projects.sinks.list", permission: "logging.sinks.list", kinds: &[SINK] };

pub const OPS: &[Operation] = &[SINKS];

pub async fn collect(cx: Cx) {
    let pid = cx.pid();
    let url = format!("https://logging.googleapis.com/v2/projects/{pid}/sinks");
    match cx.api.list(&SINKS, pid, &url, &[], "sinks").await {
        Ok(sinks) => {
            for doc in sinks {
                let name = doc["name"].as_str().unwrap_or_default().to_string();
                let id = format!("//logging.googleapis.com/projects/{pid}/sinks/{name}");
                cx.emit(SINK, id, "global".into(), name, Default::default(), doc);
            }
        }
        Err(e) => cx.gap(KINDS, "global", &e),
    }
}
