//! `azure.authorization.role-assignment`: every assignment that applies to
//! the subscription, merged with its role definition (one call per
//! definition, cached).

use std::collections::HashMap;

use serde_json::Value;
use splitline_collect::{Operation, Resource};
use tokio::sync::Mutex;

use crate::api_versions::AUTHORIZATION;
use crate::arm::{Cx, list_url, str_at, url_of};
use crate::http::Plane;

pub const ASSIGNMENT: &str = "azure.authorization.role-assignment";
pub const KINDS: &[&str] = &[ASSIGNMENT];

pub const OPS: &[Operation] = &[
    Operation {
        service: "Microsoft.Authorization",
        name: "GET roleAssignments",
        permission: "Microsoft.Authorization/roleAssignments/read",
        kinds: KINDS,
    },
    Operation {
        service: "Microsoft.Authorization",
        name: "GET roleDefinitions",
        permission: "Microsoft.Authorization/roleDefinitions/read",
        kinds: KINDS,
    },
];

pub async fn collect(cx: &Cx, sub: &str) {
    let url = list_url(sub, "Microsoft.Authorization/roleAssignments", AUTHORIZATION);
    let assignments = match cx.api.list(Plane::Arm, &OPS[0], sub, &url).await {
        Ok(a) => a,
        Err(e) => return cx.gap(sub, "global", KINDS, &e),
    };
    // One call per distinct definition, made once.
    let mut ids: Vec<String> = assignments
        .iter()
        .filter_map(|a| a.pointer("/properties/roleDefinitionId").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    ids.sort();
    ids.dedup();
    let cache: Mutex<HashMap<String, Value>> = Mutex::new(HashMap::new());
    let fetch = ids.iter().map(|id| {
        let cache = &cache;
        async move {
            match cx.api.get(Plane::Arm, &OPS[1], sub, &url_of(id, "", AUTHORIZATION)).await {
                Ok(def) => {
                    cache.lock().await.insert(id.to_ascii_lowercase(), def);
                }
                Err(mut e) => {
                    e.message = format!("role definition {id}: {}", e.message);
                    cx.gap(sub, "global", KINDS, &e);
                }
            }
        }
    });
    futures::future::join_all(fetch).await;
    let cache = cache.into_inner();
    for mut a in assignments {
        let def_id =
            a.pointer("/properties/roleDefinitionId").and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
        let principal = a.pointer("/properties/principalId").and_then(Value::as_str).unwrap_or("").to_string();
        let def = cache.get(&def_id).cloned();
        let role_name = def
            .as_ref()
            .and_then(|d| d.pointer("/properties/roleName"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| def_id.rsplit('/').next().unwrap_or("").to_string());
        if let (Some(def), Some(map)) = (def, a.as_object_mut()) {
            map.insert("roleDefinition".into(), def);
        }
        cx.sink().resource(Resource {
            kind: ASSIGNMENT.into(),
            id: str_at(&a, "id").to_string(),
            account: sub.to_string(),
            region: "global".into(),
            name: format!("{role_name} → {principal}"),
            tags: Default::default(),
            config: a,
        });
    }
}
