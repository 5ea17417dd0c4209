//! Subscription discovery and `azure.resources.subscription`.
//!
//! Which subscriptions are collected:
//!
//! - named (`--subscription`): each read with `GET /subscriptions/{id}`,
//!   collected whatever its state (it was asked for);
//! - under management groups (`--azure-management-group`): the subscriptions
//!   among each group's descendants (`GET /providers/Microsoft.Management/
//!   managementGroups/{id}/descendants`, the whole subtree, all pages), read
//!   from `GET /subscriptions` (all pages) for their state and tenant;
//! - otherwise every subscription the identity can see (`GET /subscriptions`,
//!   all pages).
//!
//! Found but not collected (each a [`Target`] with `skipped` set, and a
//! warning): `Disabled` and `Deleted` subscriptions (`Warned` and `PastDue`
//! ones still run resources, so they are collected), and subscriptions under
//! a group that `GET /subscriptions` does not list (no role on them).

use std::collections::{HashMap, HashSet};

use serde_json::Value;
use splitline_collect::{CollectError, GapCode, Operation, Resource};

use crate::api_versions::{MANAGEMENT_GROUPS, SUBSCRIPTIONS};
use crate::arm::{Cx, str_at};
use crate::error::CallError;
use crate::http::{ARM, Plane};

pub const SUBSCRIPTION: &str = "azure.resources.subscription";

pub const LIST: Operation = Operation {
    service: "Microsoft.Resources",
    name: "GET subscriptions",
    permission: "Microsoft.Resources/subscriptions/read",
    kinds: &[],
};
pub const GET: Operation = Operation {
    service: "Microsoft.Resources",
    name: "GET subscription",
    permission: "Microsoft.Resources/subscriptions/read",
    kinds: &[SUBSCRIPTION],
};
pub const DESCENDANTS: Operation = Operation {
    service: "Microsoft.Management",
    name: "GET managementGroups descendants",
    permission: "Microsoft.Management/managementGroups/descendants/read",
    kinds: &[],
};

pub const OPS: &[Operation] = &[LIST, GET, DESCENDANTS];

const GROUP_TYPE: &str = "Microsoft.Management/managementGroups";
const SUBSCRIPTION_TYPE: &str = "Microsoft.Management/managementGroups/subscriptions";

/// A management group on a subscription's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ancestor {
    /// The group's id (its name in ARM, e.g. `mg-platform`).
    pub id: String,
    /// Its display name, when the descendants listing gave it (the group
    /// named on the command line has none: descendants lists what is below it).
    pub name: Option<String>,
}

/// One subscription discovery found.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The subscription id (lower-case GUID): the inventory's account id.
    pub id: String,
    /// `displayName`.
    pub name: Option<String>,
    /// `tenantId`, when the subscription was read.
    pub tenant: Option<String>,
    /// ARM `state`: `Enabled`, `Warned`, `PastDue`, `Disabled`, `Deleted`.
    pub state: Option<String>,
    /// Management groups from the one named with `--azure-management-group`
    /// down to the subscription's direct parent; empty when discovery was
    /// not by management group.
    pub path: Vec<Ancestor>,
    /// Why it is not collected; `None`: it is.
    pub skipped: Option<String>,
    /// The ARM subscription document, when it was read.
    pub document: Option<Value>,
}

impl Target {
    fn from_document(doc: Value, path: Vec<Ancestor>) -> Target {
        let state = doc.get("state").and_then(Value::as_str).map(str::to_string);
        let skipped = state.as_deref().and_then(skip_reason);
        Target {
            id: subscription_id(&doc),
            name: doc.get("displayName").and_then(Value::as_str).map(str::to_string),
            tenant: doc.get("tenantId").and_then(Value::as_str).map(str::to_string),
            state,
            path,
            skipped,
            document: Some(doc),
        }
    }
}

/// Why a subscription in `state` is not collected.
fn skip_reason(state: &str) -> Option<String> {
    matches!(state, "Disabled" | "Deleted")
        .then(|| format!("its state is {state} (Enabled, Warned and PastDue subscriptions are collected)"))
}

/// Which subscriptions there are to collect: see the module doc. Errors:
/// a listing failed (no token is [`CollectError::NoCredentials`]), or a
/// management group cannot be read or does not exist.
pub async fn discover(cx: &Cx, named: &[String], management_groups: &[String]) -> Result<Vec<Target>, CollectError> {
    if !named.is_empty() {
        let mut out = Vec::new();
        for id in named {
            let id = id.trim().to_ascii_lowercase();
            let url = format!("{ARM}/subscriptions/{id}?api-version={SUBSCRIPTIONS}");
            match cx.api.get(Plane::Arm, &GET, &id, &url).await {
                Ok(doc) => {
                    // Named: collected whatever its state.
                    let mut t = Target::from_document(doc, Vec::new());
                    t.skipped = None;
                    out.push(t);
                }
                Err(mut e) => {
                    e.message = format!("subscription {id}: {}", e.message);
                    return Err(listing_error(e));
                }
            }
        }
        return Ok(out);
    }
    if management_groups.is_empty() {
        let listed = list_all(cx).await.map_err(listing_error)?;
        return Ok(listed.into_iter().map(|doc| Target::from_document(doc, Vec::new())).collect());
    }
    let mut under = Vec::new();
    for group in management_groups {
        let group = group.trim();
        if group.is_empty() || group.contains(['/', '?', '#', '%', '&', ' ']) {
            return Err(fatal(format!(
                "`{group}` is not a management group id (the group's name, e.g. `mg-platform`, as `az account \
                 management-group list` shows it)"
            )));
        }
        let url = format!(
            "{ARM}/providers/Microsoft.Management/managementGroups/{group}/descendants?api-version={MANAGEMENT_GROUPS}"
        );
        let items = cx.api.list(Plane::Arm, &DESCENDANTS, group, &url).await.map_err(|e| group_error(group, e))?;
        under.extend(subscriptions_under(group, &items));
    }
    let listed = list_all(cx).await.map_err(listing_error)?;
    Ok(merge(under, listed))
}

async fn list_all(cx: &Cx) -> Result<Vec<Value>, CallError> {
    let url = format!("{ARM}/subscriptions?api-version={SUBSCRIPTIONS}");
    cx.api.list(Plane::Arm, &LIST, "", &url).await
}

fn fatal(message: String) -> CollectError {
    CollectError::Fatal { provider: "azure", message }
}

/// A failed subscription read or listing. No token at all means no
/// usable credentials.
fn listing_error(e: CallError) -> CollectError {
    if e.code == GapCode::AccessDenied && e.status.is_none() {
        return CollectError::NoCredentials { provider: "azure", hint: e.to_string() };
    }
    fatal(format!("cannot list the subscriptions to collect: {e}"))
}

/// A failed descendants listing, as a sentence naming the group.
fn group_error(group: &str, e: CallError) -> CollectError {
    match (e.code, e.status) {
        (GapCode::AccessDenied, None) => CollectError::NoCredentials { provider: "azure", hint: e.to_string() },
        (_, Some(404)) => fatal(format!(
            "management group `{group}` does not exist ({}). --azure-management-group takes the group's id (its \
             name, as `az account management-group list` shows it), not its display name",
            e.message
        )),
        (GapCode::AccessDenied, Some(_)) => fatal(format!(
            "the identity cannot read management group `{group}` ({}). It needs \
             `Microsoft.Management/managementGroups/descendants/read` on the group: assign it the role that \
             `splitline permissions azure` prints (or Management Group Reader) at the scope \
             /providers/Microsoft.Management/managementGroups/{group}. ARM answers the same for a group id it does \
             not know, so check the id too",
            e.message
        )),
        _ => fatal(format!("cannot list the subscriptions under management group `{group}`: {e}")),
    }
}

/// The last segment of an ARM id (`/providers/…/managementGroups/mg-a` → `mg-a`).
fn last_segment(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}

/// The subscriptions among a group's descendants, in listing order, each
/// with its display name and its management group path from `root` down.
fn subscriptions_under(root: &str, items: &[Value]) -> Vec<(String, Option<String>, Vec<Ancestor>)> {
    let parent_of = |item: &Value| -> String {
        let parent = item.pointer("/properties/parent/id").and_then(Value::as_str).unwrap_or("");
        last_segment(parent).to_ascii_lowercase()
    };
    let display = |item: &Value| item.pointer("/properties/displayName").and_then(Value::as_str).map(str::to_string);
    let mut groups: HashMap<String, (String, Option<String>, String)> = HashMap::new();
    for item in items.iter().filter(|i| str_at(i, "type").eq_ignore_ascii_case(GROUP_TYPE)) {
        let name = str_at(item, "name").to_string();
        groups.insert(name.to_ascii_lowercase(), (name, display(item), parent_of(item)));
    }
    let root_key = root.to_ascii_lowercase();
    let mut out = Vec::new();
    for item in items.iter().filter(|i| str_at(i, "type").eq_ignore_ascii_case(SUBSCRIPTION_TYPE)) {
        let name = str_at(item, "name");
        let id = if name.is_empty() { last_segment(str_at(item, "id")) } else { name }.to_ascii_lowercase();
        let mut path = Vec::new();
        let mut current = parent_of(item);
        // Up to the root; a cycle or a parent outside the listing ends the walk.
        while current != root_key && path.len() <= groups.len() {
            let Some((name, display, parent)) = groups.get(&current) else { break };
            path.push(Ancestor { id: name.clone(), name: display.clone() });
            current = parent.clone();
        }
        path.push(Ancestor { id: root.to_string(), name: None });
        path.reverse();
        out.push((id, display(item), path));
    }
    out
}

/// The subscriptions found under the groups, read from the listing (first
/// occurrence kept when groups overlap).
fn merge(under: Vec<(String, Option<String>, Vec<Ancestor>)>, listed: Vec<Value>) -> Vec<Target> {
    let mut by_id: HashMap<String, Value> = listed.into_iter().map(|d| (subscription_id(&d), d)).collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (id, name, path) in under {
        if !seen.insert(id.clone()) {
            continue;
        }
        match by_id.remove(&id) {
            Some(doc) => out.push(Target::from_document(doc, path)),
            None => {
                let group = path.last().map(|a| a.id.clone()).unwrap_or_default();
                out.push(Target {
                    id,
                    name,
                    tenant: None,
                    state: None,
                    path,
                    skipped: Some(format!(
                        "it is under management group `{group}` but the identity cannot read it (`GET /subscriptions` \
                         does not list it): assign the role on the group or the subscription"
                    )),
                    document: None,
                });
            }
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn group(name: &str, display: &str, parent: &str) -> Value {
        json!({"id": format!("/providers/Microsoft.Management/managementGroups/{name}"), "type": GROUP_TYPE,
               "name": name, "properties": {"displayName": display,
               "parent": {"id": format!("/providers/Microsoft.Management/managementGroups/{parent}")}}})
    }

    fn sub(id: &str, display: &str, parent: &str) -> Value {
        json!({"id": format!("/subscriptions/{id}"), "type": SUBSCRIPTION_TYPE, "name": id,
               "properties": {"displayName": display,
               "parent": {"id": format!("/providers/Microsoft.Management/managementGroups/{parent}")}}})
    }

    fn listed(id: &str, state: &str) -> Value {
        json!({"subscriptionId": id, "displayName": format!("sub {id}"), "state": state, "tenantId": "t"})
    }

    #[test]
    fn paths_run_from_the_named_group_to_the_direct_parent() {
        // Listed child-first: the order of the descendants answer does not matter.
        let items = [
            sub("S2", "two", "mg-b"),
            group("mg-b", "B", "mg-a"),
            group("mg-a", "A", "root"),
            sub("s1", "one", "root"),
        ];
        let found = subscriptions_under("root", &items);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0, "s2", "ids are lower-cased");
        let ids: Vec<&str> = found[0].2.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["root", "mg-a", "mg-b"]);
        assert_eq!(found[0].2[2].name.as_deref(), Some("B"));
        assert_eq!(found[1].2, [Ancestor { id: "root".into(), name: None }]);
    }

    #[test]
    fn a_parent_cycle_ends_the_walk() {
        let items = [group("x", "X", "y"), group("y", "Y", "x"), sub("s", "s", "x")];
        let found = subscriptions_under("root", &items);
        assert!(found[0].2.len() <= 4, "{:?}", found[0].2);
    }

    #[test]
    fn disabled_unlisted_and_repeated_subscriptions_are_handled() {
        let root = vec![Ancestor { id: "root".into(), name: None }];
        let under = vec![
            ("a".to_string(), None, root.clone()),
            ("b".to_string(), None, root.clone()),
            ("c".to_string(), Some("hidden".to_string()), root.clone()),
            ("a".to_string(), None, root.clone()),
            ("w".to_string(), None, root.clone()),
        ];
        let targets = merge(
            under,
            vec![listed("a", "Enabled"), listed("b", "Disabled"), listed("w", "Warned"), listed("z", "Enabled")],
        );
        let ids: Vec<&str> = targets.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "w"], "z is not under the group; a once");
        assert!(targets[0].skipped.is_none() && targets[3].skipped.is_none());
        assert!(targets[1].skipped.as_deref().unwrap().contains("Disabled"));
        assert!(targets[2].skipped.as_deref().unwrap().contains("cannot read it"));
        assert_eq!(targets[2].name.as_deref(), Some("hidden"));
        assert_eq!(targets[0].tenant.as_deref(), Some("t"));
    }
}
