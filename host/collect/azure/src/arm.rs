//! What the per-service modules share: the collection context, turning an
//! ARM document into a resource, and recording a failed call as gaps.

use std::collections::BTreeMap;

use serde_json::Value;
use splitline_collect::{Request, Resource, Sink, redact};

use crate::blob::BlobAccess;
use crate::error::CallError;
use crate::http::Api;

/// One collection's shared state.
pub struct Cx {
    pub api: Api,
    pub req: Request,
    pub blob: BlobAccess,
}

impl Cx {
    pub fn sink(&self) -> &Sink {
        self.api.sink()
    }

    /// Records `err` as a gap for each of `kinds` (those requested) in
    /// `account`, region `global` unless known.
    pub fn gap(&self, account: &str, region: &str, kinds: &[&str], err: &CallError) {
        for kind in kinds.iter().filter(|k| self.req.wants(k)) {
            self.sink().gap(account, region, kind, err.code, err.to_string());
        }
    }

    pub fn emit(&self, kind: &str, account: &str, doc: Value) {
        self.sink().resource(resource(kind, account, doc));
    }
}

/// An ARM document as a resource: id, name, region from `location`
/// (normalised: `West Europe` → `westeurope`), tags (secret-looking values
/// redacted), the document as config.
pub fn resource(kind: &str, account: &str, doc: Value) -> Resource {
    let id = str_at(&doc, "id").to_string();
    let name = str_at(&doc, "name").to_string();
    let region = normalise_region(doc.get("location").and_then(Value::as_str).unwrap_or("global"));
    let tags = tags(&doc);
    let mut doc = doc;
    redact_tags_in(&mut doc);
    Resource { kind: kind.to_string(), id, account: account.to_string(), region, name, tags, config: doc }
}

pub fn normalise_region(location: &str) -> String {
    let r: String = location.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    if r.is_empty() { "global".into() } else { r }
}

fn tags(doc: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Some(Value::Object(map)) = doc.get("tags") {
        for (k, v) in map {
            let v = match v {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            let v = redact::redact_value(k, &v).unwrap_or(v);
            out.insert(k.clone(), v);
        }
    }
    out
}

/// Redacts secret-looking tag values inside the config too, so that the
/// inventory never holds what the resource's tags map hid.
pub fn redact_tags_in(doc: &mut Value) {
    if let Some(Value::Object(map)) = doc.get_mut("tags") {
        redact::redact_env(map);
    }
}

pub fn str_at<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `/subscriptions/S/resourceGroups/RG/…` → the URL of that id plus a suffix.
pub fn url_of(id: &str, suffix: &str, api_version: &str) -> String {
    format!("{}{}{suffix}?api-version={api_version}", crate::http::ARM, id)
}

/// The subscription-level list URL of a resource type.
pub fn list_url(sub: &str, provider_path: &str, api_version: &str) -> String {
    format!("{}/subscriptions/{sub}/providers/{provider_path}?api-version={api_version}", crate::http::ARM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arm_documents_become_resources() {
        let doc = serde_json::json!({"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a",
            "name": "a", "location": "West Europe", "tags": {"env": "prod", "api_token": "hunter2hunter2", "n": 1}});
        let r = resource("azure.web.site", "s", doc);
        assert_eq!(r.region, "westeurope");
        assert_eq!(r.name, "a");
        assert_eq!(r.tags["env"], "prod");
        assert_eq!(r.tags["n"], "1");
        assert!(r.tags["api_token"].starts_with("[redacted]"));
        assert_eq!(r.config["location"], "West Europe");
        assert!(r.config["tags"]["api_token"].as_str().unwrap().starts_with("[redacted]"));
    }
}
