//! IAM API v1: service accounts and their keys (metadata only; private key
//! material is never requested).

use serde_json::Value;
use splitline_collect::Operation;

use crate::client::{encode_segment, last_segment};
use crate::cx::{Cx, join_all};

pub const KEY: &str = "gcp.iam.service-account-key";
pub const KINDS: &[&str] = &[KEY];

const BASE: &str = "https://iam.googleapis.com/v1/projects";

pub const ACCOUNTS: Operation = Operation {
    service: "iam",
    name: "projects.serviceAccounts.list",
    permission: "iam.serviceAccounts.list",
    kinds: &[KEY],
};
pub const KEYS: Operation = Operation {
    service: "iam",
    name: "projects.serviceAccounts.keys.list",
    permission: "iam.serviceAccountKeys.list",
    kinds: &[KEY],
};

pub const OPS: &[Operation] = &[ACCOUNTS, KEYS];

pub async fn collect(cx: Cx) {
    let pid = cx.pid().to_string();
    let accounts = match cx.api.list(&ACCOUNTS, &pid, &format!("{BASE}/{pid}/serviceAccounts"), &[], "accounts").await {
        Ok(a) => a,
        Err(e) => return cx.gap(KINDS, "global", &e),
    };
    let tasks = accounts
        .into_iter()
        .filter_map(|a| a["email"].as_str().map(str::to_string))
        .map(|email| {
            let cx = cx.clone();
            let pid = pid.clone();
            async move {
                let url = format!("{BASE}/{pid}/serviceAccounts/{}/keys", encode_segment(&email));
                match cx.api.list(&KEYS, &pid, &url, &[], "keys").await {
                    Ok(keys) => keys.into_iter().for_each(|k| emit(&cx, &email, k)),
                    Err(e) => cx.gap(KINDS, "global", &e),
                }
            }
        })
        .collect();
    join_all(tasks).await;
}

fn emit(cx: &Cx, email: &str, mut doc: Value) {
    // The list answer holds no key material; drop it anyway should an API change add it.
    if let Some(o) = doc.as_object_mut() {
        o.remove("privateKeyData");
        o.remove("privateKeyType");
    }
    let name = doc["name"].as_str().unwrap_or_default().to_string();
    let key_id = last_segment(&name);
    let account = email.split('@').next().unwrap_or(email);
    let short: String = key_id.chars().take(8).collect();
    cx.emit(
        KEY,
        format!("//iam.googleapis.com/{name}"),
        "global".into(),
        format!("{account}/{short}"),
        Default::default(),
        doc,
    );
}
