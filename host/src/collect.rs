//! Live collection: runs the selected providers' collectors side by side on
//! one tokio runtime and turns what they return into an inventory, the same
//! document `splitline collect` writes and `scan --inventory` reads.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use serde_json::value::to_raw_value;
use splitline_collect::{Collection, Progress, ProviderProgress, Request};

use crate::inventory::{self, Account, CoverageGap, Inventory, Resource, Source};
use crate::model::Provider;

/// Stack of every thread that polls collection futures: the SDKs' futures
/// nest deeply (an organization member's collection inside the member
/// task), beyond the 2 MiB default in debug builds.
pub const COLLECT_STACK: usize = 16 << 20;

/// Provider-specific choices from the command line.
#[derive(Debug, Default)]
pub struct CollectOptions {
    pub providers: Vec<Provider>,
    pub concurrency: usize,
    /// Time allowed for one API call, retries included (`Request`'s 60 s when `None`).
    pub call_timeout: Option<std::time::Duration>,
    pub profile: Option<String>,
    pub role_arn: Option<String>,
    pub external_id: Option<String>,
    pub regions: Vec<String>,
    pub subscriptions: Vec<String>,
    pub tenant: Option<String>,
    pub projects: Vec<String>,
    /// Azure management groups whose subscriptions to collect.
    pub management_groups: Vec<String>,
    /// GCP organizations and folders whose projects to collect.
    pub gcp_organizations: Vec<String>,
    pub gcp_folders: Vec<String>,
    /// Write every API call (service, operation, account, region, outcome) as JSON lines.
    pub api_log: Option<PathBuf>,
    pub progress: bool,
    /// `--organization` (AWS): scan the organization's member accounts.
    pub aws_organization: Option<AwsOrgOptions>,
}

/// `--organization` and its filters (AWS), as given on the command line.
#[derive(Debug, Default, Clone)]
pub struct AwsOrgOptions {
    /// Default `SplitlineAudit`.
    pub member_role: Option<String>,
    pub member_external_id: Option<String>,
    /// Default 3600.
    pub member_session_seconds: Option<u32>,
    pub ous: Vec<String>,
    pub accounts: Vec<String>,
    pub exclude_accounts: Vec<String>,
    pub account_tags: Vec<(String, String)>,
}

/// A provider that could not be collected at all (no credentials, no
/// account visible, not compiled in). The scan goes on without it and ends
/// incomplete.
#[derive(Debug)]
pub struct ProviderFailure {
    pub provider: Provider,
    pub message: String,
}

/// What a collection run produced.
pub struct Collected {
    pub inventory: Inventory,
    pub failures: Vec<ProviderFailure>,
    pub calls: usize,
}

/// The providers whose credentials appear configured, judged without any
/// network call (the default of `scan` and `collect`).
#[allow(unused_mut)]
pub fn providers_with_credentials() -> Vec<Provider> {
    let mut out = Vec::new();
    #[cfg(feature = "aws")]
    if <splitline_collect_aws::Aws as splitline_collect::Collector>::credentials_configured() {
        out.push(Provider::Aws);
    }
    #[cfg(feature = "azure")]
    if <splitline_collect_azure::Azure as splitline_collect::Collector>::credentials_configured() {
        out.push(Provider::Azure);
    }
    #[cfg(feature = "gcp")]
    if <splitline_collect_gcp::Gcp as splitline_collect::Collector>::credentials_configured() {
        out.push(Provider::Gcp);
    }
    out
}

/// Every kind a provider's collector can produce (its registry's kinds).
pub fn collectable_kinds(provider: Provider) -> Vec<String> {
    let ops: &[splitline_collect::Operation] = match provider {
        #[cfg(feature = "aws")]
        Provider::Aws => <splitline_collect_aws::Aws as splitline_collect::Collector>::operations(),
        #[cfg(feature = "azure")]
        Provider::Azure => <splitline_collect_azure::Azure as splitline_collect::Collector>::operations(),
        #[cfg(feature = "gcp")]
        Provider::Gcp => <splitline_collect_gcp::Gcp as splitline_collect::Collector>::operations(),
        #[allow(unreachable_patterns)]
        _ => &[],
    };
    let kinds: BTreeSet<String> = ops.iter().flat_map(|op| op.kinds.iter().map(|k| k.to_string())).collect();
    kinds.into_iter().collect()
}

/// The policy document a scan of `kinds` needs on `provider`.
pub fn permissions(provider: Provider, kinds: Option<&[String]>) -> anyhow::Result<String> {
    let _ = kinds;
    match provider {
        #[cfg(feature = "aws")]
        Provider::Aws => Ok(<splitline_collect_aws::Aws as splitline_collect::Collector>::permissions(kinds)),
        #[cfg(feature = "azure")]
        Provider::Azure => Ok(<splitline_collect_azure::Azure as splitline_collect::Collector>::permissions(kinds)),
        #[cfg(feature = "gcp")]
        Provider::Gcp => Ok(<splitline_collect_gcp::Gcp as splitline_collect::Collector>::permissions(kinds)),
        #[allow(unreachable_patterns)]
        other => Err(not_built(other)),
    }
}

/// `permissions --organization`: the management account's and the member
/// role's policies (AWS only).
pub fn organization_permissions(
    provider: Provider,
    kinds: Option<&[String]>,
    member_role: Option<&str>,
) -> anyhow::Result<String> {
    let _ = (kinds, member_role);
    match provider {
        #[cfg(feature = "aws")]
        Provider::Aws => Ok(splitline_collect_aws::organizations::organization_policies(
            member_role.unwrap_or(splitline_collect_aws::organizations::DEFAULT_MEMBER_ROLE),
            &permissions(provider, kinds)?,
        )),
        #[cfg(feature = "aws")]
        other => anyhow::bail!("--organization is for aws; {other} has no organization mode here"),
        #[cfg(not(feature = "aws"))]
        other => Err(not_built(other)),
    }
}

pub(crate) fn not_built(p: Provider) -> anyhow::Error {
    anyhow::anyhow!(
        "this splitline was built without the `{p}` feature, so it cannot collect from {p}; rebuild with `--features {p}`"
    )
}

/// Collects `kinds` from every provider in `opts.providers`, concurrently.
pub fn collect(opts: &CollectOptions, kinds: &BTreeSet<String>) -> anyhow::Result<Collected> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(COLLECT_STACK)
        .thread_name("splitline-collect")
        .build()
        .context("cannot start the async runtime for collection")?;
    let mut request = Request::new(kinds.iter().cloned(), opts.concurrency);
    if let Some(t) = opts.call_timeout {
        request.call_timeout = t;
    }
    let progress = Progress::new(opts.progress);
    let scan_time = crate::time::format_rfc3339(crate::time::now());

    let results: Vec<(Provider, Result<Collection, String>)> = runtime.block_on(async {
        let futures = opts.providers.iter().map(|&p| {
            let bar = progress.provider(p.as_str());
            let request = &request;
            async move {
                let r = collect_one(p, opts, request, &bar).await;
                bar.finish();
                (p, r)
            }
        });
        futures_join_all(futures).await
    });

    let mut inv = header(opts);
    inv.scan_time = scan_time;
    let mut failures = Vec::new();
    let mut calls = 0;
    // Built in memory and written atomically at the end, like every output file.
    let mut log: Option<Vec<u8>> = opts.api_log.as_ref().map(|_| Vec::new());
    for (provider, result) in results {
        let collection = match result {
            Ok(c) => c,
            Err(message) => {
                failures.push(ProviderFailure { provider, message });
                continue;
            }
        };
        calls += collection.calls.len();
        if let Some(log) = log.as_mut() {
            for call in &collection.calls {
                let mut line = serde_json::to_value(call)?;
                line["provider"] = provider.as_str().into();
                writeln!(log, "{line}").context("cannot write the API log")?;
            }
        }
        add_collection(&mut inv, provider, collection)?;
    }
    if let (Some(path), Some(log)) = (&opts.api_log, log) {
        crate::report::write_atomic(path, &log)
            .with_context(|| format!("cannot write the API log {}", path.display()))?;
    }
    Ok(Collected { inventory: inv, failures, calls })
}

async fn collect_one(
    provider: Provider,
    opts: &CollectOptions,
    req: &Request,
    bar: &ProviderProgress,
) -> Result<Collection, String> {
    #[cfg(any(feature = "aws", feature = "azure", feature = "gcp"))]
    use splitline_collect::Collector;
    let _ = (opts, req, bar);
    match provider {
        #[cfg(feature = "aws")]
        Provider::Aws => {
            let o = aws_options(opts);
            if let Some(org) = &opts.aws_organization {
                return collect_aws_organization(&o, org, req, bar).await;
            }
            splitline_collect_aws::Aws::collect(&o, req, bar).await.map_err(|e| e.to_string())
        }
        #[cfg(feature = "azure")]
        Provider::Azure => {
            splitline_collect_azure::Azure::collect(&azure_options(opts), req, bar).await.map_err(|e| e.to_string())
        }
        #[cfg(feature = "gcp")]
        Provider::Gcp => {
            splitline_collect_gcp::Gcp::collect(&gcp_options(opts), req, bar).await.map_err(|e| e.to_string())
        }
        #[allow(unreachable_patterns)]
        other => Err(not_built(other).to_string()),
    }
}

/// The AWS collector's options (the caller's account, or the base of an organization).
#[cfg(feature = "aws")]
pub(crate) fn aws_options(opts: &CollectOptions) -> splitline_collect_aws::AwsOptions {
    splitline_collect_aws::AwsOptions {
        profile: opts.profile.clone(),
        role_arn: opts.role_arn.clone(),
        external_id: opts.external_id.clone(),
        regions: opts.regions.clone(),
        member: None,
    }
}

/// The Azure collector's options (every subscription the flags select).
#[cfg(feature = "azure")]
pub(crate) fn azure_options(opts: &CollectOptions) -> splitline_collect_azure::AzureOptions {
    splitline_collect_azure::AzureOptions {
        subscriptions: opts.subscriptions.clone(),
        management_groups: opts.management_groups.clone(),
        tenant: opts.tenant.clone(),
        skip_directory: false,
        discovered: Vec::new(),
    }
}

/// The GCP collector's options (every project the flags select).
#[cfg(feature = "gcp")]
pub(crate) fn gcp_options(opts: &CollectOptions) -> splitline_collect_gcp::GcpOptions {
    splitline_collect_gcp::GcpOptions {
        projects: opts.projects.clone(),
        organizations: opts.gcp_organizations.clone(),
        folders: opts.gcp_folders.clone(),
        discovered: Vec::new(),
    }
}

/// `--organization`'s filter and member role, defaults filled in.
#[cfg(feature = "aws")]
pub(crate) fn aws_org_parts(
    org: &AwsOrgOptions,
) -> (splitline_collect_aws::organizations::OrgFilter, splitline_collect_aws::organizations::MemberRole) {
    use splitline_collect_aws::organizations as o;
    let filter = o::OrgFilter {
        ous: org.ous.clone(),
        accounts: org.accounts.clone(),
        exclude_accounts: org.exclude_accounts.clone(),
        tags: org.account_tags.clone(),
    };
    let role = o::MemberRole {
        role_name: org.member_role.clone().unwrap_or_else(|| o::DEFAULT_MEMBER_ROLE.to_string()),
        external_id: org.member_external_id.clone(),
        session_seconds: org.member_session_seconds.unwrap_or(o::DEFAULT_SESSION_SECONDS),
    };
    (filter, role)
}

/// `--organization` (AWS): discovers the members with the caller's
/// credentials, then collects each (4 at once, all under `req`'s limiter)
/// through the member role; one collection holding every member account.
/// A member that cannot be collected is coverage gaps in its own account;
/// skipped members (not ACTIVE) are named on stderr.
#[cfg(feature = "aws")]
async fn collect_aws_organization(
    base: &splitline_collect_aws::AwsOptions,
    org: &AwsOrgOptions,
    req: &Request,
    bar: &ProviderProgress,
) -> Result<Collection, String> {
    use splitline_collect_aws::organizations as o;
    let (filter, role) = aws_org_parts(org);
    let (collection, organization) =
        o::collect_organization(base, &filter, &role, req, bar, o::DEFAULT_PARALLEL_MEMBERS)
            .await
            .map_err(|e| e.to_string())?;
    for m in organization.members.iter() {
        if let Some(why) = &m.skipped {
            eprintln!("warning: aws account {} ({}) skipped: {why}", m.id, m.name);
        }
    }
    Ok(collection)
}

/// An empty inventory of a live collection from `opts.providers`, scanned now.
pub(crate) fn header(opts: &CollectOptions) -> Inventory {
    Inventory {
        format: inventory::FORMAT.to_string(),
        version: inventory::VERSION.to_string(),
        scan_time: crate::time::format_rfc3339(crate::time::now()),
        source: Some(Source {
            tool: format!("splitline {}", env!("CARGO_PKG_VERSION")),
            description: Some(format!(
                "live collection from {}",
                opts.providers.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")
            )),
        }),
        accounts: Vec::new(),
        resources: Vec::new(),
        coverage_gaps: Vec::new(),
    }
}

/// Runs futures concurrently on the current task and returns their outputs
/// in order (a small `join_all`, to avoid a dependency for one function).
async fn futures_join_all<F: std::future::Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut set = Vec::new();
    for f in futures {
        set.push(Box::pin(f));
    }
    let mut outputs: Vec<Option<F::Output>> = set.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (f, out) in set.iter_mut().zip(outputs.iter_mut()) {
            if out.is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => *out = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending { std::task::Poll::Pending } else { std::task::Poll::Ready(()) }
    })
    .await;
    outputs.into_iter().map(|o| o.expect("every future completed")).collect()
}

pub(crate) fn add_collection(inv: &mut Inventory, provider: Provider, c: Collection) -> anyhow::Result<()> {
    for a in c.accounts {
        inv.accounts.push(Account { provider, id: a.id, name: a.name });
    }
    for r in c.resources {
        let config = to_raw_value(&r.config).with_context(|| format!("cannot serialise the config of {}", r.id))?;
        inv.resources.push(Resource {
            kind: r.kind,
            id: r.id,
            account: r.account,
            region: r.region,
            name: r.name,
            tags: r.tags,
            config,
        });
    }
    inv.coverage_gaps.extend(c.gaps.iter().map(|g| coverage_gap(provider, g)));
    Ok(())
}

/// A collector's gap as the inventory holds it.
pub(crate) fn coverage_gap(provider: Provider, g: &splitline_collect::Gap) -> CoverageGap {
    CoverageGap {
        provider,
        account: g.account.clone(),
        region: g.region.clone(),
        kind: g.kind.clone(),
        code: g.code.as_str().to_string(),
        reason: g.reason.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_all_keeps_order_and_runs_concurrently() {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let out = rt.block_on(futures_join_all((0..3u64).map(|i| async move {
            tokio::time::sleep(std::time::Duration::from_millis(30 * (3 - i))).await;
            i
        })));
        assert_eq!(out, [0, 1, 2]);
    }
}
