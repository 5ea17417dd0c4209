//! Security Command Center Management API v1: the effective enablement of
//! Security Command Center services for the project.

use serde_json::{Map, Value};
use splitline_collect::Operation;

use crate::cx::Cx;

pub const SETTINGS: &str = "gcp.securitycenter.settings";
pub const KINDS: &[&str] = &[SETTINGS];

pub const SERVICES: Operation = Operation {
    service: "securitycentermanagement",
    name: "projects.locations.securityCenterServices.list",
    permission: "securitycentermanagement.securityCenterServices.list",
    kinds: &[SETTINGS],
};

pub const OPS: &[Operation] = &[SERVICES];

pub async fn collect(cx: Cx) {
    let pid = cx.pid();
    let url = format!(
        "https://securitycentermanagement.googleapis.com/v1/projects/{pid}/locations/global/securityCenterServices"
    );
    let mut config = Map::new();
    let mut services = Vec::new();
    let result = cx
        .api
        .pages(&SERVICES, pid, &url, &[], |page| {
            if let Some(obj) = page.as_object_mut() {
                if let Some(Value::Array(s)) = obj.remove("securityCenterServices") {
                    services.extend(s);
                }
                obj.remove("nextPageToken");
                for (k, v) in std::mem::take(obj) {
                    config.insert(k, v);
                }
            }
        })
        .await;
    let config = match result {
        Ok(()) => {
            config.insert("securityCenterServices".into(), Value::Array(services));
            Value::Object(config)
        }
        // Security Command Center is not activated for the project or its organization.
        Err(e) if not_activated(e.status, e.api_status.as_deref()) => Value::Object(Map::new()),
        Err(e) => return cx.gap(KINDS, "global", &e),
    };
    cx.emit(
        SETTINGS,
        format!("//securitycentermanagement.googleapis.com/projects/{pid}/locations/global"),
        "global".into(),
        format!("{pid} Security Command Center"),
        Default::default(),
        config,
    );
}

fn not_activated(status: Option<u16>, api_status: Option<&str>) -> bool {
    matches!(api_status, Some("FAILED_PRECONDITION" | "NOT_FOUND")) || matches!(status, Some(404))
}
