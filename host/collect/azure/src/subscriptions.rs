//! Subscription discovery (`GET /subscriptions`, or `GET /subscriptions/{id}`
//! for the ones asked for) and `azure.resources.subscription`.

use serde_json::Value;
use splitline_collect::{Operation, Resource};

use crate::api_versions::SUBSCRIPTIONS;
use crate::arm::{Cx, str_at};
use crate::error::CallError;
use crate::http::{ARM, Plane};

pub const SUBSCRIPTION: &str = "azure.resources.subscription";

pub const OPS: &[Operation] = &[
    Operation {
        service: "Microsoft.Resources",
        name: "GET subscriptions",
        permission: "Microsoft.Resources/subscriptions/read",
        kinds: &[],
    },
    Operation {
        service: "Microsoft.Resources",
        name: "GET subscription",
        permission: "Microsoft.Resources/subscriptions/read",
        kinds: &[SUBSCRIPTION],
    },
];

/// The subscriptions to collect, as their ARM documents, in the order
/// given (or as listed). Errors: the listing failed, or none is visible.
pub async fn discover(cx: &Cx, wanted: &[String]) -> Result<Vec<Value>, CallError> {
    if wanted.is_empty() {
        let url = format!("{ARM}/subscriptions?api-version={SUBSCRIPTIONS}");
        let mut subs = cx.api.list(Plane::Arm, &OPS[0], "", &url).await?;
        subs.retain(|s| !matches!(str_at(s, "state"), "Disabled" | "Deleted"));
        return Ok(subs);
    }
    let mut out = Vec::new();
    for id in wanted {
        let id = id.trim().to_ascii_lowercase();
        let url = format!("{ARM}/subscriptions/{id}?api-version={SUBSCRIPTIONS}");
        match cx.api.get(Plane::Arm, &OPS[1], &id, &url).await {
            Ok(doc) => out.push(doc),
            Err(mut e) => {
                e.message = format!("subscription {id}: {}", e.message);
                return Err(e);
            }
        }
    }
    Ok(out)
}

pub fn subscription_id(doc: &Value) -> String {
    str_at(doc, "subscriptionId").to_ascii_lowercase()
}

pub fn emit(cx: &Cx, doc: &Value) {
    if !cx.req.wants(SUBSCRIPTION) {
        return;
    }
    let sub = subscription_id(doc);
    cx.sink().resource(Resource {
        kind: SUBSCRIPTION.into(),
        id: format!("/subscriptions/{sub}"),
        account: sub.clone(),
        region: "global".into(),
        name: str_at(doc, "displayName").to_string(),
        tags: Default::default(),
        config: doc.clone(),
    });
}
