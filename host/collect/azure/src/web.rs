//! `azure.web.site`: App Service apps and Function Apps, with `config/web`,
//! app settings (values redacted) and, for Function Apps, their functions.

use serde_json::Value;
use splitline_collect::{Operation, redact};

use crate::api_versions::WEB;
use crate::arm::{Cx, list_url, str_at, url_of};
use crate::http::Plane;

pub const SITE: &str = "azure.web.site";
pub const KINDS: &[&str] = &[SITE];

pub const OPS: &[Operation] = &[
    Operation { service: "Microsoft.Web", name: "GET sites", permission: "Microsoft.Web/sites/read", kinds: KINDS },
    Operation {
        service: "Microsoft.Web",
        name: "GET sites/config/web",
        permission: "Microsoft.Web/sites/config/read",
        kinds: KINDS,
    },
    Operation {
        service: "Microsoft.Web",
        name: "POST sites/config/appsettings/list",
        permission: "Microsoft.Web/sites/config/list/action",
        kinds: KINDS,
    },
    Operation {
        service: "Microsoft.Web",
        name: "GET sites/functions",
        permission: "Microsoft.Web/sites/functions/read",
        kinds: KINDS,
    },
];

pub async fn collect(cx: &Cx, sub: &str) {
    let url = list_url(sub, "Microsoft.Web/sites", WEB);
    let sites = match cx.api.list(Plane::Arm, &OPS[0], sub, &url).await {
        Ok(s) => s,
        Err(e) => return cx.gap(sub, "global", KINDS, &e),
    };
    futures::future::join_all(sites.into_iter().map(|s| site(cx, sub, s))).await;
}

async fn site(cx: &Cx, sub: &str, mut doc: Value) {
    let id = str_at(&doc, "id").to_string();
    let name = str_at(&doc, "name").to_string();
    let region = crate::arm::normalise_region(str_at(&doc, "location"));
    let is_function_app = str_at(&doc, "kind").contains("functionapp");
    let urls = [url_of(&id, "/config/web", WEB), url_of(&id, "/config/appsettings/list", WEB)];
    let config = cx.api.get(Plane::Arm, &OPS[1], sub, &urls[0]);
    let settings = cx.api.post(Plane::Arm, &OPS[2], sub, &urls[1]);
    let functions = async {
        if is_function_app {
            Some(cx.api.list(Plane::Arm, &OPS[3], sub, &url_of(&id, "/functions", WEB)).await)
        } else {
            None
        }
    };
    let (config, settings, functions) = futures::join!(config, settings, functions);
    let gap = |mut e: crate::error::CallError| {
        e.message = format!("site {name}: {}", e.message);
        cx.gap(sub, &region, KINDS, &e);
    };
    let Some(map) = doc.as_object_mut() else { return };
    match config {
        Ok(c) => {
            let site_config = c.get("properties").cloned().unwrap_or(Value::Null);
            if let Some(props) = map.get_mut("properties").and_then(Value::as_object_mut) {
                props.insert("siteConfig".into(), site_config);
            }
        }
        Err(e) => gap(e),
    }
    match settings {
        Ok(s) => map.insert("appSettings".into(), app_settings(&s)).map_or((), |_| ()),
        Err(e) => gap(e),
    }
    match functions {
        Some(Ok(mut f)) => {
            for func in &mut f {
                strip_function(func);
            }
            map.insert("functions".into(), Value::Array(f));
        }
        Some(Err(e)) => gap(e),
        None => {}
    }
    cx.emit(SITE, sub, doc);
}

/// The `properties` map of `config/appsettings/list`, every secret-looking
/// value redacted (Key Vault references stay in clear).
pub fn app_settings(answer: &Value) -> Value {
    let mut map = answer.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
    redact::redact_env(&mut map);
    Value::Object(map)
}

/// `files`, `test_data` and `secrets_file_href` are not collected.
fn strip_function(func: &mut Value) {
    if let Some(p) = func.get_mut("properties").and_then(Value::as_object_mut) {
        for k in ["files", "test_data", "secrets_file_href"] {
            p.remove(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_settings_are_redacted_but_key_vault_references_stay() {
        let answer = serde_json::json!({"name": "appsettings", "properties": {
            "DB_PASSWORD": "hunter2",
            "STORAGE": "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy==",
            "API_KEY": "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/api)",
            "FUNCTIONS_WORKER_RUNTIME": "node"}});
        let s = app_settings(&answer);
        let text = s.to_string();
        assert!(!text.contains("hunter2") && !text.contains("Zm9vYmFy"), "{text}");
        assert_eq!(s["API_KEY"], "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/api)");
        assert_eq!(s["FUNCTIONS_WORKER_RUNTIME"], "node");
    }
}
