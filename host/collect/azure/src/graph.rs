//! Microsoft Entra ID kinds through Microsoft Graph v1.0, once per tenant:
//! users (+ MFA registration details), security defaults, conditional
//! access policies, directory roles (+ members).

use std::collections::HashMap;

use serde_json::{Map, Value};
use splitline_collect::{GapCode, Operation, Resource};

use crate::arm::{Cx, str_at};
use crate::error::CallError;
use crate::http::{GRAPH, Plane};

pub const USER: &str = "azure.entra.user";
pub const SECURITY_DEFAULTS: &str = "azure.entra.security-defaults";
pub const CONDITIONAL_ACCESS: &str = "azure.entra.conditional-access-policy";
pub const DIRECTORY_ROLE: &str = "azure.entra.directory-role";
pub const KINDS: &[&str] = &[USER, SECURITY_DEFAULTS, CONDITIONAL_ACCESS, DIRECTORY_ROLE];

pub const OPS: &[Operation] = &[
    Operation { service: "graph", name: "GET users", permission: "User.Read.All", kinds: &[USER] },
    Operation { service: "graph", name: "GET users signInActivity", permission: "AuditLog.Read.All", kinds: &[USER] },
    Operation {
        service: "graph",
        name: "GET reports/authenticationMethods/userRegistrationDetails",
        permission: "AuditLog.Read.All",
        kinds: &[USER],
    },
    Operation {
        service: "graph",
        name: "GET policies/identitySecurityDefaultsEnforcementPolicy",
        permission: "Policy.Read.All",
        kinds: &[SECURITY_DEFAULTS],
    },
    Operation {
        service: "graph",
        name: "GET identity/conditionalAccess/policies",
        permission: "Policy.Read.All",
        kinds: &[CONDITIONAL_ACCESS],
    },
    Operation {
        service: "graph",
        name: "GET directoryRoles",
        permission: "RoleManagement.Read.Directory",
        kinds: &[DIRECTORY_ROLE],
    },
    Operation {
        service: "graph",
        name: "GET directoryRoles/members",
        permission: "RoleManagement.Read.Directory",
        kinds: &[DIRECTORY_ROLE],
    },
];

const USER_FIELDS: &str = "id,displayName,userPrincipalName,userType,accountEnabled,createdDateTime,creationType,externalUserState,externalUserStateChangeDateTime";

/// Collects the tenant's objects under `account` (the first collected
/// subscription of the tenant).
pub async fn collect(cx: &Cx, tenant: &str, account: &str) {
    futures::join!(
        users(cx, tenant, account),
        security_defaults(cx, tenant, account),
        policies(cx, tenant, account),
        roles(cx, tenant, account)
    );
}

fn gap(cx: &Cx, account: &str, kinds: &[&str], mut e: CallError, endpoint: &str) {
    e.message = format!("Microsoft Graph {endpoint}: {}", e.message);
    cx.gap(account, "global", kinds, &e);
}

fn emit(cx: &Cx, kind: &str, account: &str, id: String, name: &str, config: Value) {
    cx.sink().resource(Resource {
        kind: kind.into(),
        id,
        account: account.into(),
        region: "global".into(),
        name: name.into(),
        tags: Default::default(),
        config,
    });
}

/// `@odata.*` annotations dropped (`@odata.type` kept when `keep_type`).
fn clean(v: Value, keep_type: bool) -> Value {
    match v {
        Value::Object(map) => {
            let out: Map<String, Value> = map
                .into_iter()
                .filter(|(k, _)| !k.starts_with("@odata.") || (keep_type && k == "@odata.type"))
                .collect();
            Value::Object(out)
        }
        other => other,
    }
}

async fn users(cx: &Cx, tenant: &str, account: &str) {
    if !cx.req.wants(USER) {
        return;
    }
    let with_sign_in = format!("{GRAPH}/users?$select={USER_FIELDS},signInActivity");
    let without = format!("{GRAPH}/users?$select={USER_FIELDS}");
    let listed = match cx.api.list(Plane::Graph, &OPS[1], account, &with_sign_in).await {
        Ok(u) => Ok(u),
        // signInActivity needs Entra ID P1 (and AuditLog.Read.All): ask again without it.
        Err(e) if matches!(e.code, GapCode::AccessDenied | GapCode::Error) => {
            tracing::debug!(reason = %e, "users without signInActivity");
            cx.api.list(Plane::Graph, &OPS[0], account, &without).await
        }
        Err(e) => Err(e),
    };
    let users = match listed {
        Ok(u) => u,
        Err(e) => return gap(cx, account, &[USER], e, "/users"),
    };
    let details_url = format!("{GRAPH}/reports/authenticationMethods/userRegistrationDetails");
    let mut details: HashMap<String, Value> = HashMap::new();
    match cx.api.list(Plane::Graph, &OPS[2], account, &details_url).await {
        Ok(items) => {
            for d in items {
                details.insert(str_at(&d, "id").to_string(), clean(d, false));
            }
        }
        Err(e) => gap(cx, account, &[USER], e, "/reports/authenticationMethods/userRegistrationDetails"),
    }
    for u in users {
        let mut u = clean(u, false);
        let oid = str_at(&u, "id").to_string();
        let upn = str_at(&u, "userPrincipalName").to_string();
        if let (Some(d), Some(map)) = (details.remove(&oid), u.as_object_mut()) {
            map.insert("userRegistrationDetails".into(), d);
        }
        emit(cx, USER, account, format!("/tenants/{tenant}/users/{oid}"), &upn, u);
    }
}

async fn security_defaults(cx: &Cx, tenant: &str, account: &str) {
    if !cx.req.wants(SECURITY_DEFAULTS) {
        return;
    }
    let path = "/policies/identitySecurityDefaultsEnforcementPolicy";
    match cx.api.get(Plane::Graph, &OPS[3], account, &format!("{GRAPH}{path}")).await {
        Ok(p) => emit(
            cx,
            SECURITY_DEFAULTS,
            account,
            format!("/tenants/{tenant}{path}"),
            "security defaults",
            clean(p, false),
        ),
        Err(e) => gap(cx, account, &[SECURITY_DEFAULTS], e, path),
    }
}

async fn policies(cx: &Cx, tenant: &str, account: &str) {
    if !cx.req.wants(CONDITIONAL_ACCESS) {
        return;
    }
    let path = "/identity/conditionalAccess/policies";
    match cx.api.list(Plane::Graph, &OPS[4], account, &format!("{GRAPH}{path}")).await {
        Ok(items) => {
            for p in items {
                let p = clean(p, false);
                let id = format!("/tenants/{tenant}{path}/{}", str_at(&p, "id"));
                let name = str_at(&p, "displayName").to_string();
                emit(cx, CONDITIONAL_ACCESS, account, id, &name, p);
            }
        }
        Err(e) => gap(cx, account, &[CONDITIONAL_ACCESS], e, path),
    }
}

async fn roles(cx: &Cx, tenant: &str, account: &str) {
    if !cx.req.wants(DIRECTORY_ROLE) {
        return;
    }
    let roles = match cx.api.list(Plane::Graph, &OPS[5], account, &format!("{GRAPH}/directoryRoles")).await {
        Ok(r) => r,
        Err(e) => return gap(cx, account, &[DIRECTORY_ROLE], e, "/directoryRoles"),
    };
    let work = roles.into_iter().map(|role| async move {
        let role_id = str_at(&role, "id").to_string();
        let url = format!("{GRAPH}/directoryRoles/{role_id}/members?$select=id,displayName,userPrincipalName,userType");
        match cx.api.list(Plane::Graph, &OPS[6], account, &url).await {
            Ok(members) => {
                let mut role = clean(role, false);
                let members: Vec<Value> = members.into_iter().map(|m| clean(m, true)).collect();
                if let Some(map) = role.as_object_mut() {
                    map.insert("members".into(), Value::Array(members));
                }
                let name = str_at(&role, "displayName").to_string();
                emit(cx, DIRECTORY_ROLE, account, format!("/tenants/{tenant}/directoryRoles/{role_id}"), &name, role);
            }
            Err(e) => gap(cx, account, &[DIRECTORY_ROLE], e, &format!("/directoryRoles/{role_id}/members")),
        }
    });
    futures::future::join_all(work).await;
}
