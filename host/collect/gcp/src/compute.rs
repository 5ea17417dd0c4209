//! Compute Engine API v1: instances, firewalls, disks, subnetworks and the
//! project's common instance metadata.

use serde_json::Value;
use splitline_collect::Operation;
use splitline_collect::redact;

use crate::client::{CallError, labels, last_segment, zone_region};
use crate::cx::Cx;

pub const INSTANCE: &str = "gcp.compute.instance";
pub const FIREWALL: &str = "gcp.compute.firewall";
pub const DISK: &str = "gcp.compute.disk";
pub const SUBNETWORK: &str = "gcp.compute.subnetwork";
pub const PROJECT: &str = "gcp.compute.project";
pub const KINDS: &[&str] = &[INSTANCE, FIREWALL, DISK, SUBNETWORK, PROJECT];

const BASE: &str = "https://compute.googleapis.com/compute/v1/projects";

pub const PROJECTS_GET: Operation =
    Operation { service: "compute", name: "projects.get", permission: "compute.projects.get", kinds: &[PROJECT] };
pub const INSTANCES: Operation = Operation {
    service: "compute",
    name: "instances.aggregatedList",
    permission: "compute.instances.list",
    kinds: &[INSTANCE],
};
pub const FIREWALLS: Operation =
    Operation { service: "compute", name: "firewalls.list", permission: "compute.firewalls.list", kinds: &[FIREWALL] };
pub const DISKS: Operation =
    Operation { service: "compute", name: "disks.aggregatedList", permission: "compute.disks.list", kinds: &[DISK] };
pub const SUBNETWORKS: Operation = Operation {
    service: "compute",
    name: "subnetworks.aggregatedList",
    permission: "compute.subnetworks.list",
    kinds: &[SUBNETWORK],
};

pub const OPS: &[Operation] = &[PROJECTS_GET, INSTANCES, FIREWALLS, DISKS, SUBNETWORKS];

pub async fn collect(cx: Cx) {
    tokio::join!(project(&cx), instances(&cx), firewalls(&cx), disks(&cx), subnetworks(&cx));
}

async fn project(cx: &Cx) {
    if !cx.wants(PROJECT) {
        return;
    }
    let pid = cx.pid();
    match cx.api.get(&PROJECTS_GET, pid, &format!("{BASE}/{pid}"), &[]).await {
        Ok(mut doc) => {
            if let Some(items) = doc.pointer_mut("/commonInstanceMetadata/items").and_then(Value::as_array_mut) {
                redact_metadata(items);
            }
            let id = self_link(&doc).unwrap_or_else(|| format!("https://www.googleapis.com/compute/v1/projects/{pid}"));
            let name = doc["name"].as_str().unwrap_or(pid).to_string();
            cx.emit(PROJECT, id, "global".into(), name, Default::default(), doc);
        }
        Err(e) => cx.gap(&[PROJECT], "global", &e),
    }
}

async fn instances(cx: &Cx) {
    if !cx.wants(INSTANCE) {
        return;
    }
    aggregated(cx, &INSTANCES, "instances", INSTANCE, |mut doc| {
        if let Some(items) = doc.pointer_mut("/metadata/items").and_then(Value::as_array_mut) {
            redact_metadata(items);
        }
        let region = doc["zone"].as_str().map(zone_region).unwrap_or_else(|| "global".into());
        (region, doc)
    })
    .await;
}

async fn disks(cx: &Cx) {
    if !cx.wants(DISK) {
        return;
    }
    aggregated(cx, &DISKS, "disks", DISK, |doc| {
        let region = match (doc["zone"].as_str(), doc["region"].as_str()) {
            (Some(z), _) => zone_region(z),
            (None, Some(r)) => last_segment(r).to_string(),
            _ => "global".into(),
        };
        (region, doc)
    })
    .await;
}

async fn subnetworks(cx: &Cx) {
    if !cx.wants(SUBNETWORK) {
        return;
    }
    aggregated(cx, &SUBNETWORKS, "subnetworks", SUBNETWORK, |doc| {
        let region = doc["region"].as_str().map(|r| last_segment(r).to_string()).unwrap_or_else(|| "global".into());
        (region, doc)
    })
    .await;
}

async fn firewalls(cx: &Cx) {
    if !cx.wants(FIREWALL) {
        return;
    }
    let pid = cx.pid();
    match cx.api.list(&FIREWALLS, pid, &format!("{BASE}/{pid}/global/firewalls"), &[], "items").await {
        Ok(items) => {
            for doc in items {
                emit(cx, FIREWALL, "global".into(), doc);
            }
        }
        Err(e) => cx.gap(&[FIREWALL], "global", &e),
    }
}

/// An `aggregatedList`: `items` maps a scope (`zones/Z`, `regions/R`) to
/// `{field: [...]}` or to `{warning: {code: NO_RESULTS_ON_PAGE}}`; with
/// `returnPartialSuccess` the scopes that could not be reached are listed
/// in `unreachables[]` (each becomes a gap for its region).
async fn aggregated(cx: &Cx, op: &Operation, field: &str, kind: &str, place: impl Fn(Value) -> (String, Value)) {
    let pid = cx.pid();
    let url = format!("{BASE}/{pid}/aggregated/{field}");
    let mut docs = Vec::new();
    let mut unreachable = Vec::new();
    let result = cx
        .api
        .pages(op, pid, &url, &[("returnPartialSuccess", "true")], |page| {
            if let Some(items) = page.get_mut("items").and_then(Value::as_object_mut) {
                for scoped in items.values_mut() {
                    if let Some(Value::Array(list)) = scoped.get_mut(field).map(Value::take) {
                        docs.extend(list);
                    }
                }
            }
            if let Some(u) = page.get("unreachables").and_then(Value::as_array) {
                unreachable.extend(u.iter().filter_map(Value::as_str).map(str::to_string));
            }
        })
        .await;
    if let Err(e) = result {
        cx.gap(&[kind], "global", &e);
        return;
    }
    for scope in unreachable {
        let region = match scope.split_once('/') {
            Some(("zones", z)) => zone_region(z),
            Some((_, r)) => r.to_string(),
            None => scope.clone(),
        };
        let err = CallError {
            code: splitline_collect::GapCode::Unavailable,
            status: None,
            api_status: None,
            reason: format!("compute {} on {pid}: scope {scope} was unreachable; try again later", op.name),
        };
        cx.gap(&[kind], &region, &err);
    }
    for doc in docs {
        let (region, doc) = place(doc);
        emit(cx, kind, region, doc);
    }
}

fn self_link(doc: &Value) -> Option<String> {
    doc["selfLink"].as_str().map(str::to_string)
}

fn emit(cx: &Cx, kind: &str, region: String, doc: Value) {
    let name = doc["name"].as_str().unwrap_or_default().to_string();
    let id = self_link(&doc).unwrap_or_else(|| format!("//compute.googleapis.com/projects/{}/{name}", cx.pid()));
    cx.emit(kind, id, region, name, labels(&doc["labels"]), doc);
}

/// Metadata keys whose values are settings or public keys, kept as returned.
const PLAIN_KEYS: &[&str] = &[
    "enable-oslogin",
    "enable-oslogin-2fa",
    "enable-oslogin-sk",
    "oslogin-2fa",
    "block-project-ssh-keys",
    "serial-port-enable",
    "serial-port-logging-enable",
    "ssh-keys",
    "sshKeys",
    "enable-guest-attributes",
    "enable-windows-ssh",
    "enable-osconfig",
    "enable-os-inventory",
    "disable-legacy-endpoints",
    "google-compute-default-region",
    "google-compute-default-zone",
    "google-logging-enabled",
    "google-monitoring-enabled",
    "vmDnsSetting",
    "cluster-name",
    "cluster-location",
];

/// Redacts instance/project metadata values: startup and shutdown scripts
/// are replaced by a marker naming the secret-looking lines (the script is
/// never kept), other custom keys by the usual rule; settings and SSH
/// public keys stay.
pub fn redact_metadata(items: &mut [Value]) {
    for item in items {
        let key = item["key"].as_str().unwrap_or_default().to_string();
        if PLAIN_KEYS.contains(&key.as_str()) {
            continue;
        }
        let Some(value) = item.get_mut("value") else { continue };
        let Some(text) = value.as_str() else { continue };
        if text.starts_with(redact::REDACTED) {
            continue;
        }
        let chars = text.chars().count();
        if key.contains("script") || key == "user-data" {
            let summary = redact::summarise_text(text);
            let names: Vec<&str> = summary["Secrets"]
                .as_array()
                .map(|s| s.iter().filter_map(|e| e["Name"].as_str()).collect())
                .unwrap_or_default();
            let what = if names.is_empty() {
                String::new()
            } else {
                format!(" with secret-looking values ({})", names.join(", "))
            };
            *value = Value::String(format!("{} a script{what}, {chars} characters", redact::REDACTED));
        } else if let Some(marker) = redact::redact_value(&key, text) {
            *value = Value::String(marker);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn metadata_scripts_and_secrets_are_redacted_settings_kept() {
        let mut items = vec![
            json!({"key": "enable-oslogin", "value": "FALSE"}),
            json!({"key": "ssh-keys", "value": "alice:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx alice"}),
            json!({"key": "startup-script", "value": "#!/bin/bash\nexport DB_PASSWORD=hunter2\napt-get update\n"}),
            json!({"key": "api-token", "value": "9f8e7d6c5b4a39281706f5e4d3c2b1a0ZyXwVu"}),
            json!({"key": "team", "value": "payments"}),
        ];
        redact_metadata(&mut items);
        let text = serde_json::to_string(&items).unwrap();
        assert!(!text.contains("hunter2") && !text.contains("9f8e7d"), "{text}");
        assert_eq!(items[0]["value"], "FALSE");
        assert!(items[1]["value"].as_str().unwrap().starts_with("alice:ssh-ed25519"));
        assert_eq!(items[2]["value"], "[redacted] a script with secret-looking values (DB_PASSWORD), 54 characters");
        assert!(items[3]["value"].as_str().unwrap().starts_with("[redacted] "));
        assert_eq!(items[4]["value"], "payments");
    }
}
