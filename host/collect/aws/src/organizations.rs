//! AWS Organizations (`--organization`): discover the member accounts with
//! the management account's (or a delegated administrator's) credentials,
//! then collect each member through a read-only audit role assumed in it.
//! `docs/organizations.md`, "AWS Organizations".
//!
//! Discovery walks the organization's tree once from the root
//! (ListRoots, then ListOrganizationalUnitsForParent and
//! ListAccountsForParent for each parent, every page): that yields every
//! account with its OU path, so OU filters need no further call and
//! ListAccounts is not needed. Tags (ListTagsForResource) are read for the
//! accounts that pass the id and OU filters only.
//!
//! Each member is an ordinary [`crate::collect`] with
//! [`AwsOptions::member`] set: the SDK's `AssumeRoleProvider` behind the
//! SDK's identity cache, which assumes the role again shortly before the
//! session ends (`session_seconds`), so a long member scan never runs on
//! expired credentials. The caller's own account, when it passes the
//! filter, is collected with the caller's credentials (no role).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;
use splitline_collect::{CollectError, Collection, GapCode, Operation, ProviderProgress, Request, Sink};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::call::{Cx, Failure};
use crate::clients::Clients;
use crate::{AwsOptions, MemberTarget};

/// The role assumed in each member when none is given: a read-only audit
/// role that must exist in every member (`examples/aws-org/member-role.yaml`).
pub const DEFAULT_MEMBER_ROLE: &str = "SplitlineAudit";
/// STS's own default session length.
pub const DEFAULT_SESSION_SECONDS: u32 = 3600;
/// STS refuses shorter sessions.
pub const MIN_SESSION_SECONDS: u32 = 900;
/// Members collected at once by [`collect_members`] (their calls share the
/// request's limiter, the global budget).
pub const DEFAULT_PARALLEL_MEMBERS: usize = 4;

/// What the management (or delegated administrator) identity needs, beyond
/// the member policy: discovery, and assuming the audit role in the members.
///
/// `sts:AssumeRole` is the one action here that is not a read: scanning a
/// member needs its credentials. It is not in the member registry
/// ([`crate::Aws`]'s operations, which stay read-only), and
/// [`management_policy`] grants it on the member role only
/// (`arn:aws:iam::*:role/<member-role>`); the role itself grants the
/// read-only member policy.
pub const OPS: &[Operation] = &[
    Operation { service: "sts", name: "GetCallerIdentity", permission: "sts:GetCallerIdentity", kinds: &[] },
    Operation {
        service: "organizations",
        name: "DescribeOrganization",
        permission: "organizations:DescribeOrganization",
        kinds: &[],
    },
    Operation { service: "organizations", name: "ListRoots", permission: "organizations:ListRoots", kinds: &[] },
    Operation {
        service: "organizations",
        name: "ListOrganizationalUnitsForParent",
        permission: "organizations:ListOrganizationalUnitsForParent",
        kinds: &[],
    },
    Operation {
        service: "organizations",
        name: "ListAccountsForParent",
        permission: "organizations:ListAccountsForParent",
        kinds: &[],
    },
    Operation {
        service: "organizations",
        name: "ListTagsForResource",
        permission: "organizations:ListTagsForResource",
        kinds: &[],
    },
    // Not a read: see above. Made by the SDK's credentials provider for each
    // member (again when the session nears its end), recorded under the member.
    Operation { service: "sts", name: "AssumeRole", permission: "sts:AssumeRole", kinds: &[] },
];

/// Which members to scan. Empty lists select nothing out: with no `ous`
/// and no `accounts`, every account is included; otherwise the accounts
/// listed plus every account beneath the OUs listed. Then
/// `exclude_accounts` are removed, and every tag of `tags` must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrgFilter {
    /// OU ids (or the root id): accounts anywhere beneath them.
    pub ous: Vec<String>,
    pub accounts: Vec<String>,
    pub exclude_accounts: Vec<String>,
    /// `key=value`: all must match the account's tags.
    pub tags: Vec<(String, String)>,
}

impl OrgFilter {
    fn selects_by_place(&self, m: &Member) -> bool {
        let listed = self.ous.is_empty() && self.accounts.is_empty()
            || self.accounts.contains(&m.id)
            || m.ou_path.iter().any(|ou| self.ous.contains(ou));
        listed && !self.exclude_accounts.contains(&m.id)
    }

    fn selects_by_tags(&self, m: &Member) -> bool {
        self.tags.iter().all(|(k, v)| m.tags.get(k) == Some(v))
    }
}

/// One account of the organization that passed the filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    /// Ids from the root down to the account's parent: `["r-ab12", "ou-ab12-xyz"]`.
    pub ou_path: Vec<String>,
    /// Names along `ou_path` (`Root`, then the OUs' names).
    pub ou_names: Vec<String>,
    pub tags: BTreeMap<String, String>,
    /// The account's state in the organization: `ACTIVE`, `SUSPENDED`, …
    pub status: String,
    /// Why the account is not scanned (only `ACTIVE` accounts are), or `None`.
    pub skipped: Option<String>,
}

/// What discovery found.
#[derive(Clone, Debug, Default)]
pub struct Organization {
    pub id: String,
    pub management_account: String,
    /// The identity's own account (the management account or a delegated
    /// administrator): collected with its own credentials.
    pub caller_account: String,
    /// `aws`, `aws-us-gov`, `aws-cn`: the member roles' ARN partition.
    pub partition: String,
    /// The accounts that passed the filter, sorted by id; those with
    /// `skipped` set are not collected.
    pub members: Vec<Member>,
}

/// How the members are reached.
#[derive(Clone, Debug)]
pub struct MemberRole {
    /// Role name (with its path, if any) in every member.
    pub role_name: String,
    pub external_id: Option<String>,
    pub session_seconds: u32,
}

impl Default for MemberRole {
    fn default() -> Self {
        MemberRole {
            role_name: DEFAULT_MEMBER_ROLE.into(),
            external_id: None,
            session_seconds: DEFAULT_SESSION_SECONDS,
        }
    }
}

/// The ARN of the member role in `account`.
pub fn member_role_arn(partition: &str, account: &str, role_name: &str) -> String {
    format!("arn:{partition}:iam::{account}:role/{}", role_name.trim_start_matches('/'))
}

/// The members of the organization selected by `filter`.
pub async fn discover(opts: &AwsOptions, filter: &OrgFilter, req: &Request) -> Result<Vec<Member>, CollectError> {
    Ok(discover_organization(opts, filter, req, &ProviderProgress::hidden()).await?.0.members)
}

fn fatal(message: String) -> CollectError {
    CollectError::Fatal { provider: "aws", message }
}

/// Discovery errors worth their own words.
fn org_error(caller: &str, what: &str, f: &Failure) -> CollectError {
    match f.error_code.as_deref() {
        Some("AWSOrganizationsNotInUseException") => fatal(format!(
            "account {caller} is not in an AWS organization ({what}: {}); run --organization with the management account's or a delegated administrator's credentials",
            f.message
        )),
        _ if f.code == GapCode::AccessDenied => fatal(format!(
            "this identity (account {caller}) is not the management account or a delegated administrator of the organization, or lacks the discovery permissions (`splitline permissions aws --organization`): {what}: {}",
            f.message
        )),
        _ => fatal(format!("AWS Organizations {what} failed: {}", f.message)),
    }
}

/// [`discover`], with the organization's ids, and the discovery calls
/// (recorded under the caller's account) as a collection without resources.
pub async fn discover_organization(
    opts: &AwsOptions,
    filter: &OrgFilter,
    req: &Request,
    progress: &ProviderProgress,
) -> Result<(Organization, Collection), CollectError> {
    let base = AwsOptions { member: None, ..opts.clone() };
    let clients = Clients::load(&base, req).await;
    let sink = Sink::new("aws", progress);
    let home = clients.home_region().to_string();
    let boot = Cx {
        sink: sink.clone(),
        req: Arc::new(req.clone()),
        account: String::new(),
        region: home.clone(),
        service: "",
    };
    let identity = boot.call(clients.sts(&home).get_caller_identity().send()).await.map_err(|f| {
        CollectError::NoCredentials {
            provider: "aws",
            hint: format!(
                "STS GetCallerIdentity failed: {} — --organization needs the management account's or a delegated administrator's credentials",
                f.message
            ),
        }
    })?;
    let caller = identity.account().unwrap_or_default().to_string();
    let cx = Cx { account: caller.clone(), ..boot.with_region("global") };
    let org = clients.organizations(&home);

    let described = cx
        .call(org.describe_organization().send())
        .await
        .map_err(|f| org_error(&caller, "DescribeOrganization", &f))?;
    let o = described.organization();
    let org_id = o.and_then(|o| o.id()).unwrap_or_default().to_string();
    let management = o.and_then(|o| o.master_account_id()).unwrap_or_default().to_string();
    let partition = o
        .and_then(|o| o.arn().or(o.master_account_arn()))
        .and_then(|arn| arn.split(':').nth(1))
        .filter(|p| !p.is_empty())
        .unwrap_or("aws")
        .to_string();

    // The tree, breadth first: (parent id, ids from the root, names from the root).
    let roots = cx.call(org.list_roots().send()).await.map_err(|f| org_error(&caller, "ListRoots", &f))?;
    let mut queue: std::collections::VecDeque<(String, Vec<String>, Vec<String>)> = roots
        .roots()
        .iter()
        .filter_map(|r| Some((r.id()?.to_string(), vec![r.id()?.to_string()], vec![r.name().unwrap_or("Root").into()])))
        .collect();
    let mut known_parents: BTreeSet<String> = queue.iter().map(|(id, _, _)| id.clone()).collect();
    let mut all: Vec<Member> = Vec::new();
    while let Some((parent, path, names)) = queue.pop_front() {
        let mut token: Option<String> = None;
        loop {
            let out = cx
                .call(
                    org.list_organizational_units_for_parent().parent_id(&parent).set_next_token(token.clone()).send(),
                )
                .await
                .map_err(|f| org_error(&caller, "ListOrganizationalUnitsForParent", &f))?;
            for ou in out.organizational_units() {
                let Some(id) = ou.id() else { continue };
                if known_parents.insert(id.to_string()) {
                    let mut p = path.clone();
                    p.push(id.to_string());
                    let mut n = names.clone();
                    n.push(ou.name().unwrap_or(id).to_string());
                    queue.push_back((id.to_string(), p, n));
                }
            }
            token = out.next_token().filter(|t| !t.is_empty()).map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        loop {
            let out = cx
                .call(org.list_accounts_for_parent().parent_id(&parent).set_next_token(token.clone()).send())
                .await
                .map_err(|f| org_error(&caller, "ListAccountsForParent", &f))?;
            for a in out.accounts() {
                let Some(id) = a.id() else { continue };
                let status = a
                    .state()
                    .map(|s| s.as_str().to_string())
                    .or_else(|| a.status().map(|s| s.as_str().to_string()))
                    .unwrap_or_else(|| "UNKNOWN".into());
                all.push(Member {
                    id: id.to_string(),
                    name: a.name().unwrap_or(id).to_string(),
                    email: a.email().map(str::to_string),
                    ou_path: path.clone(),
                    ou_names: names.clone(),
                    tags: BTreeMap::new(),
                    status,
                    skipped: None,
                });
            }
            token = out.next_token().filter(|t| !t.is_empty()).map(str::to_string);
            if token.is_none() {
                break;
            }
        }
    }
    all.sort_by(|a, b| a.id.cmp(&b.id));
    all.dedup_by(|a, b| a.id == b.id);

    // Explicit ids that match nothing are typos, not an empty scan.
    let unknown_accounts: Vec<&String> =
        filter.accounts.iter().filter(|id| !all.iter().any(|m| &m.id == *id)).collect();
    if !unknown_accounts.is_empty() {
        return Err(fatal(format!(
            "--account {} not in organization {org_id}",
            unknown_accounts.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        )));
    }
    let unknown_ous: Vec<&String> = filter.ous.iter().filter(|ou| !known_parents.contains(*ou)).collect();
    if !unknown_ous.is_empty() {
        return Err(fatal(format!(
            "--ou {} not in organization {org_id} (give OU ids, `ou-…`, or the root id, `r-…`)",
            unknown_ous.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        )));
    }

    let mut members: Vec<Member> = all.into_iter().filter(|m| filter.selects_by_place(m)).collect();
    for m in &mut members {
        let mut token: Option<String> = None;
        loop {
            match cx.call(org.list_tags_for_resource().resource_id(&m.id).set_next_token(token.clone()).send()).await {
                Ok(out) => {
                    for t in out.tags() {
                        m.tags.insert(t.key().to_string(), t.value().to_string());
                    }
                    token = out.next_token().filter(|t| !t.is_empty()).map(str::to_string);
                    if token.is_none() {
                        break;
                    }
                }
                // Tags only decide with a tag filter; without one they are
                // informative, and their absence is no reason to stop.
                Err(f) if filter.tags.is_empty() => {
                    tracing::warn!(account = %m.id, reason = %f.message, "cannot read the account's tags");
                    break;
                }
                Err(f) => return Err(org_error(&caller, "ListTagsForResource", &f)),
            }
        }
    }
    members.retain(|m| filter.selects_by_tags(m));
    for m in &mut members {
        if m.status != "ACTIVE" {
            m.skipped = Some(format!("account state is {}: only ACTIVE accounts are scanned", m.status));
        }
    }
    if members.is_empty() {
        return Err(fatal(format!(
            "no account of organization {org_id} matches the --ou/--account/--exclude-account/--account-tag filter"
        )));
    }
    let mut calls = sink.finish();
    // GetCallerIdentity went out before the account was known.
    for c in calls.calls.iter_mut().filter(|c| c.account.is_empty()) {
        c.account = caller.clone();
    }
    let org = Organization { id: org_id, management_account: management, caller_account: caller, partition, members };
    Ok((org, calls))
}

/// The options that collect `member`: the caller's own account with the
/// caller's credentials, any other through the member role.
pub fn member_options(base: &AwsOptions, org: &Organization, member: &Member, role: &MemberRole) -> AwsOptions {
    let own = member.id == org.caller_account;
    AwsOptions {
        member: Some(MemberTarget {
            account_id: member.id.clone(),
            account_name: Some(member.name.clone()),
            role_arn: (!own).then(|| member_role_arn(&org.partition, &member.id, &role.role_name)),
            external_id: role.external_id.clone(),
            session_seconds: Some(role.session_seconds),
        }),
        ..base.clone()
    }
}

/// A member whose collection could not start (the role cannot be assumed,
/// the credentials are of another account): a gap for every requested kind
/// in the account, so its checks report `error` and the others go on.
pub(crate) fn member_failed(cx: &Cx, m: &MemberTarget, f: &Failure) -> CollectError {
    let how =
        m.role_arn.as_deref().map_or_else(|| "with the caller's credentials".to_string(), |r| format!("through {r}"));
    let reason = format!("cannot collect account {} {how}: {}", m.account_id, f.message);
    let kinds: Vec<&str> = crate::kinds().into_iter().filter(|k| cx.wants(k)).collect();
    // A refused AssumeRole reaches the call as a credentials failure (the
    // SDK's dispatch failure): its STS answer is in the message.
    let code = if f.message.contains("AccessDenied") || f.message.contains("not authorized") {
        GapCode::AccessDenied
    } else {
        f.code
    };
    cx.sink.account(&m.account_id, m.account_name.clone());
    cx.sink.gaps(&m.account_id, "global", &kinds, code, &reason);
    fatal(reason)
}

/// One member's collection. `error`: it could not start; `collection` then
/// holds the account, a gap per requested kind and the calls tried.
#[derive(Debug)]
pub struct MemberCollection {
    pub member: Member,
    pub collection: Collection,
    pub error: Option<String>,
}

/// Collects one member (see [`member_options`]). Never fails: a member that
/// cannot be collected is gaps in its own account.
pub async fn collect_member(
    base: &AwsOptions,
    org: &Organization,
    member: &Member,
    role: &MemberRole,
    req: &Request,
    progress: &ProviderProgress,
) -> MemberCollection {
    let opts = member_options(base, org, member, role);
    let sink = Sink::new("aws", progress);
    let error = Box::pin(crate::collect_into(&opts, req, progress, &sink)).await.err().map(|e| e.to_string());
    MemberCollection { member: member.clone(), collection: sink.finish(), error }
}

/// Collects every member not skipped, `parallel` at once (all sharing
/// `req`'s limiter), in the members' order.
pub async fn collect_members(
    base: &AwsOptions,
    org: Arc<Organization>,
    role: &MemberRole,
    req: &Request,
    progress: &ProviderProgress,
    parallel: usize,
) -> Vec<MemberCollection> {
    let gate = Arc::new(Semaphore::new(parallel.max(1)));
    let mut tasks = JoinSet::new();
    for (i, m) in org.members.iter().enumerate().filter(|(_, m)| m.skipped.is_none()) {
        let (base, org, role, req, progress, gate, m) =
            (base.clone(), org.clone(), role.clone(), req.clone(), progress.clone(), gate.clone(), m.clone());
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.ok();
            (i, collect_member(&base, &org, &m, &role, &req, &progress).await)
        });
    }
    let mut out = Vec::new();
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(r) => out.push(r),
            Err(e) => tracing::error!(error = %e, "an AWS member collection task failed"),
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

/// Discovery and every member, as one collection: the discovery calls, then
/// each member's accounts, resources, gaps and calls. Skipped members are
/// logged (and returned), not collected.
pub async fn collect_organization(
    base: &AwsOptions,
    filter: &OrgFilter,
    role: &MemberRole,
    req: &Request,
    progress: &ProviderProgress,
    parallel: usize,
) -> Result<(Collection, Organization), CollectError> {
    let (org, mut merged) = discover_organization(base, filter, req, progress).await?;
    for m in org.members.iter().filter(|m| m.skipped.is_some()) {
        tracing::warn!(account = %m.id, name = %m.name, reason = m.skipped.as_deref().unwrap_or(""), "organization member skipped");
    }
    let org = Arc::new(org);
    for r in collect_members(base, org.clone(), role, req, progress, parallel).await {
        if let Some(e) = &r.error {
            tracing::warn!(account = %r.member.id, error = %e, "organization member not collected");
        }
        merge(&mut merged, r.collection);
    }
    merged.normalise();
    Ok((merged, Arc::unwrap_or_clone(org)))
}

/// Appends `c` to `into` (both of the `aws` provider).
pub fn merge(into: &mut Collection, c: Collection) {
    into.provider = "aws".into();
    into.accounts.extend(c.accounts);
    into.resources.extend(c.resources);
    into.gaps.extend(c.gaps);
    into.calls.extend(c.calls);
}

/// `splitline permissions aws --organization`: the management account's
/// policy (discovery, and `sts:AssumeRole` on the member role only) and the
/// member role's (the read-only `member_policy`), as one JSON document.
pub fn management_policy(role_name: &str) -> serde_json::Value {
    let discovery: Vec<&str> = OPS
        .iter()
        .map(|o| o.permission)
        .filter(|p| *p != "sts:AssumeRole")
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "SplitlineOrganizationsReadOnly",
                "Effect": "Allow",
                "Action": discovery,
                "Resource": "*",
            },
            {
                "Sid": "SplitlineAssumeMemberAuditRole",
                "Effect": "Allow",
                "Action": ["sts:AssumeRole"],
                "Resource": format!("arn:aws:iam::*:role/{}", role_name.trim_start_matches('/')),
            },
        ],
    })
}

/// Both policies of organization mode: `{"ManagementAccountPolicy": …,
/// "MemberRolePolicy": …}`; `member_policy` is the read-only policy
/// `splitline permissions aws` prints.
pub fn organization_policies(role_name: &str, member_policy: &str) -> String {
    let member: serde_json::Value = serde_json::from_str(member_policy).unwrap_or(serde_json::Value::Null);
    let doc = serde_json::json!({
        "MemberRoleName": role_name,
        "ManagementAccountPolicy": management_policy(role_name),
        "MemberRolePolicy": member,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests;
