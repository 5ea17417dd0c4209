//! IAM (global): users with their credentials, roles with their policies,
//! customer managed policies, the password policy and the account summary.

use std::collections::BTreeMap;
use std::sync::Arc;

use aws_sdk_iam::types as t;
use serde_json::Value;
use splitline_collect::{Operation, Resource};
use tokio::task::JoinSet;

use crate::call::{Cx, Failure};
use crate::clients::Clients;
use crate::json::{Obj, arr, policy_document, tags, ts};

pub const USER: &str = "aws.iam.user";
pub const PASSWORD_POLICY: &str = "aws.iam.password-policy";
pub const ACCOUNT_SUMMARY: &str = "aws.iam.account-summary";
pub const ROLE: &str = "aws.iam.role";
pub const POLICY: &str = "aws.iam.policy";
pub const KINDS: &[&str] = &[USER, PASSWORD_POLICY, ACCOUNT_SUMMARY, ROLE, POLICY];

const fn op(name: &'static str, permission: &'static str, kinds: &'static [&'static str]) -> Operation {
    Operation { service: "iam", name, permission, kinds }
}

pub const OPS: &[Operation] = &[
    op("ListUsers", "iam:ListUsers", &[USER]),
    op("GetLoginProfile", "iam:GetLoginProfile", &[USER]),
    op("ListMFADevices", "iam:ListMFADevices", &[USER]),
    op("ListAccessKeys", "iam:ListAccessKeys", &[USER]),
    op("GetAccessKeyLastUsed", "iam:GetAccessKeyLastUsed", &[USER]),
    op("ListAttachedUserPolicies", "iam:ListAttachedUserPolicies", &[USER]),
    op("ListUserPolicies", "iam:ListUserPolicies", &[USER]),
    op("GetAccountPasswordPolicy", "iam:GetAccountPasswordPolicy", &[PASSWORD_POLICY]),
    op("GetAccountSummary", "iam:GetAccountSummary", &[ACCOUNT_SUMMARY]),
    op("ListRoles", "iam:ListRoles", &[ROLE]),
    op("GetRole", "iam:GetRole", &[ROLE]),
    op("ListAttachedRolePolicies", "iam:ListAttachedRolePolicies", &[ROLE]),
    op("ListRolePolicies", "iam:ListRolePolicies", &[ROLE]),
    op("GetRolePolicy", "iam:GetRolePolicy", &[ROLE]),
    op("ListPolicies", "iam:ListPolicies", &[POLICY]),
    op("GetPolicyVersion", "iam:GetPolicyVersion", &[POLICY]),
];

/// Runs a `Marker`/`IsTruncated`-paginated IAM list.
macro_rules! marked {
    ($cx:expr, |$marker:ident| $call:expr, |$out:ident| $items:expr) => {{
        let mut all = Vec::new();
        let mut $marker: Option<String> = None;
        loop {
            match $cx.call($call).await {
                Ok($out) => {
                    all.extend($items.iter().cloned());
                    $marker = if $out.is_truncated() { $out.marker().map(str::to_string) } else { None };
                    if $marker.is_none() {
                        break Ok::<_, Failure>(all);
                    }
                }
                Err(f) => break Err(f),
            }
        }
    }};
}

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    let iam = clients.iam(clients.home_region());
    tokio::join!(
        users(&cx, &iam),
        password_policy(&cx, &iam),
        account_summary(&cx, &iam),
        roles(&cx, &iam),
        policies(&cx, &iam),
    );
}

fn emit(cx: &Cx, kind: &str, id: String, name: String, tags: BTreeMap<String, String>, config: Value) {
    cx.sink.resource(Resource {
        kind: kind.into(),
        id,
        account: cx.account.clone(),
        region: "global".into(),
        name,
        tags,
        config,
    });
}

fn attached(p: &t::AttachedPolicy) -> Value {
    Obj::new().put("PolicyName", p.policy_name()).put("PolicyArn", p.policy_arn()).build()
}

async fn users(cx: &Cx, iam: &aws_sdk_iam::Client) {
    if !cx.wants(USER) {
        return;
    }
    let users = match marked!(cx, |m| iam.list_users().set_marker(m.clone()).send(), |out| out.users()) {
        Ok(u) => u,
        Err(f) => return cx.gap(&[USER], "IAM ListUsers", &f),
    };
    let mut tasks = JoinSet::new();
    for u in users {
        let (cx, iam) = (cx.clone(), iam.clone());
        tasks.spawn(async move { user(&cx, &iam, &u).await });
    }
    while tasks.join_next().await.is_some() {}
}

async fn user(cx: &Cx, iam: &aws_sdk_iam::Client, u: &t::User) {
    let name = u.user_name();
    let (login, mfa, keys, attached_p, inline) = tokio::join!(
        cx.optional(iam.get_login_profile().user_name(name).send()),
        async {
            marked!(cx, |m| iam.list_mfa_devices().user_name(name).set_marker(m.clone()).send(), |out| out
                .mfa_devices())
        },
        async {
            marked!(cx, |m| iam.list_access_keys().user_name(name).set_marker(m.clone()).send(), |out| out
                .access_key_metadata())
        },
        async {
            marked!(cx, |m| iam.list_attached_user_policies().user_name(name).set_marker(m.clone()).send(), |out| out
                .attached_policies())
        },
        async {
            marked!(cx, |m| iam.list_user_policies().user_name(name).set_marker(m.clone()).send(), |out| out
                .policy_names())
        },
    );
    let fail = |op: &str, f: &Failure| cx.gap(&[USER], &format!("IAM {op} of user {name}"), f);
    macro_rules! need {
        ($e:expr, $op:literal) => {
            match $e {
                Ok(v) => v,
                Err(f) => return fail($op, &f),
            }
        };
    }
    let login = need!(login, "GetLoginProfile");
    let mfa = need!(mfa, "ListMFADevices");
    let keys = need!(keys, "ListAccessKeys");
    let attached_p = need!(attached_p, "ListAttachedUserPolicies");
    let inline = need!(inline, "ListUserPolicies");
    let mut key_values = Vec::new();
    for k in &keys {
        let Some(id) = k.access_key_id() else { continue };
        let last =
            need!(cx.call(iam.get_access_key_last_used().access_key_id(id).send()).await, "GetAccessKeyLastUsed");
        let used = last.access_key_last_used();
        key_values.push(
            Obj::new()
                .put("AccessKeyId", id)
                .put("Status", k.status().map(|s| s.as_str()))
                .put("CreateDate", k.create_date().map(ts))
                .put("LastUsedDate", used.and_then(|u| u.last_used_date()).map(ts))
                .put("LastUsedService", used.map(|u| u.service_name()).filter(|s| !s.is_empty() && *s != "N/A"))
                .put("LastUsedRegion", used.map(|u| u.region()).filter(|s| !s.is_empty() && *s != "N/A"))
                .build(),
        );
    }
    let config = user_config(u, login.as_ref().and_then(|l| l.login_profile()), &mfa, key_values, &attached_p, &inline);
    emit(cx, USER, u.arn().to_string(), name.to_string(), BTreeMap::new(), config);
}

pub fn user_config(
    u: &t::User,
    login: Option<&t::LoginProfile>,
    mfa: &[t::MfaDevice],
    keys: Vec<Value>,
    attached_p: &[t::AttachedPolicy],
    inline: &[String],
) -> Value {
    Obj::new()
        .put("UserName", u.user_name())
        .put("UserId", u.user_id())
        .put("Arn", u.arn())
        .put("Path", u.path())
        .put("CreateDate", ts(u.create_date()))
        .put("PasswordLastUsed", u.password_last_used().map(ts))
        .put(
            "LoginProfile",
            login.map(|l| {
                Obj::new()
                    .put("CreateDate", ts(l.create_date()))
                    .put("PasswordResetRequired", l.password_reset_required())
                    .build()
            }),
        )
        .put(
            "MFADevices",
            arr(mfa, |d| {
                Obj::new().put("SerialNumber", d.serial_number()).put("EnableDate", ts(d.enable_date())).build()
            }),
        )
        .put("AccessKeys", keys)
        .put("AttachedPolicies", arr(attached_p, attached))
        .put("PolicyNames", inline)
        .build()
}

async fn password_policy(cx: &Cx, iam: &aws_sdk_iam::Client) {
    if !cx.wants(PASSWORD_POLICY) {
        return;
    }
    let out = match cx.optional(iam.get_account_password_policy().send()).await {
        Ok(o) => o,
        Err(f) => return cx.gap(&[PASSWORD_POLICY], "IAM GetAccountPasswordPolicy", &f),
    };
    let policy = out.as_ref().and_then(|o| o.password_policy()).map(|p| {
        Obj::new()
            .put("MinimumPasswordLength", p.minimum_password_length())
            .put("RequireSymbols", p.require_symbols())
            .put("RequireNumbers", p.require_numbers())
            .put("RequireUppercaseCharacters", p.require_uppercase_characters())
            .put("RequireLowercaseCharacters", p.require_lowercase_characters())
            .put("AllowUsersToChangePassword", p.allow_users_to_change_password())
            .put("ExpirePasswords", p.expire_passwords())
            .put("MaxPasswordAge", p.max_password_age())
            .put("PasswordReusePrevention", p.password_reuse_prevention())
            .put("HardExpiry", p.hard_expiry())
            .build()
    });
    emit(
        cx,
        PASSWORD_POLICY,
        format!("arn:aws:iam::{}:account-password-policy", cx.account),
        "account password policy".into(),
        BTreeMap::new(),
        Obj::new().put("PasswordPolicy", policy).build(),
    );
}

async fn account_summary(cx: &Cx, iam: &aws_sdk_iam::Client) {
    if !cx.wants(ACCOUNT_SUMMARY) {
        return;
    }
    let out = match cx.call(iam.get_account_summary().send()).await {
        Ok(o) => o,
        Err(f) => return cx.gap(&[ACCOUNT_SUMMARY], "IAM GetAccountSummary", &f),
    };
    let map: BTreeMap<String, Value> = out
        .summary_map()
        .map(|m| m.iter().map(|(k, v)| (k.as_str().to_string(), Value::from(*v))).collect())
        .unwrap_or_default();
    emit(
        cx,
        ACCOUNT_SUMMARY,
        format!("arn:aws:iam::{}:account-summary", cx.account),
        "account summary".into(),
        BTreeMap::new(),
        serde_json::json!({ "SummaryMap": map }),
    );
}

async fn roles(cx: &Cx, iam: &aws_sdk_iam::Client) {
    if !cx.wants(ROLE) {
        return;
    }
    let roles = match marked!(cx, |m| iam.list_roles().set_marker(m.clone()).send(), |out| out.roles()) {
        Ok(r) => r,
        Err(f) => return cx.gap(&[ROLE], "IAM ListRoles", &f),
    };
    let mut tasks = JoinSet::new();
    for r in roles {
        let (cx, iam) = (cx.clone(), iam.clone());
        tasks.spawn(async move { role(&cx, &iam, &r).await });
    }
    while tasks.join_next().await.is_some() {}
}

async fn role(cx: &Cx, iam: &aws_sdk_iam::Client, r: &t::Role) {
    let name = r.role_name();
    let (full, attached_p, inline) = tokio::join!(
        cx.call(iam.get_role().role_name(name).send()),
        async {
            marked!(cx, |m| iam.list_attached_role_policies().role_name(name).set_marker(m.clone()).send(), |out| out
                .attached_policies())
        },
        async {
            marked!(cx, |m| iam.list_role_policies().role_name(name).set_marker(m.clone()).send(), |out| out
                .policy_names())
        },
    );
    let fail = |op: &str, f: &Failure| cx.gap(&[ROLE], &format!("IAM {op} of role {name}"), f);
    macro_rules! need {
        ($e:expr, $op:literal) => {
            match $e {
                Ok(v) => v,
                Err(f) => return fail($op, &f),
            }
        };
    }
    let full = need!(full, "GetRole");
    let attached_p = need!(attached_p, "ListAttachedRolePolicies");
    let inline = need!(inline, "ListRolePolicies");
    let mut docs = Vec::new();
    for p in &inline {
        let out = need!(cx.call(iam.get_role_policy().role_name(name).policy_name(p).send()).await, "GetRolePolicy");
        docs.push(
            Obj::new()
                .put("PolicyName", out.policy_name())
                .put("PolicyDocument", policy_document(out.policy_document()))
                .build(),
        );
    }
    let role = full.role().unwrap_or(r);
    let (tag_list, tag_map) = tags(role.tags(), |t| (Some(t.key()), Some(t.value())));
    let config = role_config(role, &attached_p, docs, tag_list);
    emit(cx, ROLE, role.arn().to_string(), name.to_string(), tag_map, config);
}

pub fn role_config(r: &t::Role, attached_p: &[t::AttachedPolicy], inline: Vec<Value>, tag_list: Value) -> Value {
    Obj::new()
        .put("RoleName", r.role_name())
        .put("RoleId", r.role_id())
        .put("Arn", r.arn())
        .put("Path", r.path())
        .put("CreateDate", ts(r.create_date()))
        .put("MaxSessionDuration", r.max_session_duration())
        .put("Description", r.description())
        .put("AssumeRolePolicyDocument", r.assume_role_policy_document().map(policy_document))
        .put(
            "RoleLastUsed",
            Obj::new()
                .put("LastUsedDate", r.role_last_used().and_then(|u| u.last_used_date()).map(ts))
                .put("Region", r.role_last_used().and_then(|u| u.region()))
                .build(),
        )
        .put("AttachedPolicies", arr(attached_p, attached))
        .put("RolePolicyList", inline)
        .put(
            "PermissionsBoundary",
            r.permissions_boundary().map(|b| {
                Obj::new()
                    .put("PermissionsBoundaryArn", b.permissions_boundary_arn())
                    .put("PermissionsBoundaryType", b.permissions_boundary_type().map(|x| x.as_str()))
                    .build()
            }),
        )
        .put("Tags", tag_list)
        .build()
}

async fn policies(cx: &Cx, iam: &aws_sdk_iam::Client) {
    if !cx.wants(POLICY) {
        return;
    }
    let list =
        marked!(cx, |m| iam.list_policies().scope(t::PolicyScopeType::Local).set_marker(m.clone()).send(), |out| out
            .policies());
    let list = match list {
        Ok(p) => p,
        Err(f) => return cx.gap(&[POLICY], "IAM ListPolicies", &f),
    };
    let mut tasks = JoinSet::new();
    for p in list {
        let (cx, iam) = (cx.clone(), iam.clone());
        tasks.spawn(async move {
            let (Some(arn), Some(version)) = (p.arn(), p.default_version_id()) else { return };
            let out = match cx.call(iam.get_policy_version().policy_arn(arn).version_id(version).send()).await {
                Ok(o) => o,
                Err(f) => return cx.gap(&[POLICY], &format!("IAM GetPolicyVersion of policy {arn}"), &f),
            };
            let (tag_list, tag_map) = tags(p.tags(), |t| (Some(t.key()), Some(t.value())));
            let config = policy_config(&p, out.policy_version(), tag_list);
            emit(&cx, POLICY, arn.to_string(), p.policy_name().unwrap_or(arn).to_string(), tag_map, config);
        });
    }
    while tasks.join_next().await.is_some() {}
}

pub fn policy_config(p: &t::Policy, v: Option<&t::PolicyVersion>, tag_list: Value) -> Value {
    Obj::new()
        .put("PolicyName", p.policy_name())
        .put("PolicyId", p.policy_id())
        .put("Arn", p.arn())
        .put("Path", p.path())
        .put("DefaultVersionId", p.default_version_id())
        .put("AttachmentCount", p.attachment_count())
        .put("PermissionsBoundaryUsageCount", p.permissions_boundary_usage_count())
        .put("IsAttachable", p.is_attachable())
        .put("Description", p.description())
        .put("CreateDate", p.create_date().map(ts))
        .put("UpdateDate", p.update_date().map(ts))
        .put("Tags", tag_list)
        .put(
            "PolicyVersion",
            v.map(|v| {
                Obj::new()
                    .put("Document", v.document().map(policy_document))
                    .put("VersionId", v.version_id())
                    .put("IsDefaultVersion", v.is_default_version())
                    .put("CreateDate", v.create_date().map(ts))
                    .build()
            }),
        )
        .build()
}
