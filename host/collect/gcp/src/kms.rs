//! Cloud KMS API v1: crypto keys of every key ring in every location, with
//! their IAM policy.

use serde_json::Value;
use splitline_collect::Operation;

use crate::client::labels;
use crate::cx::{Cx, join_all};

pub const KEY: &str = "gcp.kms.crypto-key";
pub const KINDS: &[&str] = &[KEY];

const BASE: &str = "https://cloudkms.googleapis.com/v1";

pub const LOCATIONS: Operation = Operation {
    service: "cloudkms",
    name: "projects.locations.list",
    permission: "cloudkms.locations.list",
    kinds: &[KEY],
};
pub const KEY_RINGS: Operation = Operation {
    service: "cloudkms",
    name: "projects.locations.keyRings.list",
    permission: "cloudkms.keyRings.list",
    kinds: &[KEY],
};
pub const CRYPTO_KEYS: Operation = Operation {
    service: "cloudkms",
    name: "projects.locations.keyRings.cryptoKeys.list",
    permission: "cloudkms.cryptoKeys.list",
    kinds: &[KEY],
};
pub const GET_IAM_POLICY: Operation = Operation {
    service: "cloudkms",
    name: "projects.locations.keyRings.cryptoKeys.getIamPolicy",
    permission: "cloudkms.cryptoKeys.getIamPolicy",
    kinds: &[KEY],
};

pub const OPS: &[Operation] = &[LOCATIONS, KEY_RINGS, CRYPTO_KEYS, GET_IAM_POLICY];

pub async fn collect(cx: Cx) {
    let pid = cx.pid().to_string();
    let locations =
        match cx.api.list(&LOCATIONS, &pid, &format!("{BASE}/projects/{pid}/locations"), &[], "locations").await {
            Ok(l) => l,
            Err(e) => return cx.gap(KINDS, "global", &e),
        };
    let tasks = locations
        .into_iter()
        .filter_map(|l| l["locationId"].as_str().map(str::to_string))
        .map(|loc| {
            let cx = cx.clone();
            let pid = pid.clone();
            async move { location(cx, pid, loc).await }
        })
        .collect();
    join_all(tasks).await;
}

async fn location(cx: Cx, pid: String, loc: String) {
    let url = format!("{BASE}/projects/{pid}/locations/{loc}/keyRings");
    let rings = match cx.api.list(&KEY_RINGS, &pid, &url, &[], "keyRings").await {
        Ok(r) => r,
        Err(e) => return cx.gap(KINDS, &loc, &e),
    };
    for ring in rings {
        let Some(ring_name) = ring["name"].as_str() else { continue };
        let keys =
            match cx.api.list(&CRYPTO_KEYS, &pid, &format!("{BASE}/{ring_name}/cryptoKeys"), &[], "cryptoKeys").await {
                Ok(k) => k,
                Err(e) => {
                    cx.gap(KINDS, &loc, &e);
                    continue;
                }
            };
        let tasks = keys
            .into_iter()
            .map(|mut doc| {
                let (cx, loc) = (cx.clone(), loc.clone());
                async move {
                    let name = doc["name"].as_str().unwrap_or_default().to_string();
                    let url = format!("{BASE}/{name}:getIamPolicy");
                    crate::serverless::merge_iam_policy(&cx, &GET_IAM_POLICY, &url, KINDS, &loc, &mut doc).await;
                    emit(&cx, &loc, doc);
                }
            })
            .collect();
        join_all(tasks).await;
    }
}

fn emit(cx: &Cx, loc: &str, doc: Value) {
    let name = doc["name"].as_str().unwrap_or_default().to_string();
    // `projects/P/locations/L/keyRings/R/cryptoKeys/K` → `R/K`.
    let parts: Vec<&str> = name.split('/').collect();
    let short = match parts.as_slice() {
        [.., "keyRings", ring, "cryptoKeys", key] => format!("{ring}/{key}"),
        _ => name.clone(),
    };
    cx.emit(KEY, format!("//cloudkms.googleapis.com/{name}"), loc.to_string(), short, labels(&doc["labels"]), doc);
}
