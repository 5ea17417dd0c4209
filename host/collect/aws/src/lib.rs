//! AWS collection with the AWS SDK for Rust (read-only).
//!
//! Credentials come from the SDK's default chain (as the AWS CLI finds
//! them), optionally a profile and a role to assume. Regions are the
//! account's enabled regions (EC2 DescribeRegions), or the ones asked for.
//! Global services (IAM, S3 listing, the account's S3 public access block)
//! are collected once; the others once per region, services and regions
//! concurrently under the request's limiter. Each service module holds its
//! kinds, its registry entries and the conversion to the documented shape
//! (`docs/kinds/aws.md`). Every call goes through [`call::Cx::call`], which
//! records what the SDK sent (an interceptor on every client) in the sink.

mod accessanalyzer;
mod apigateway;
mod beanstalk;
mod call;
mod clients;
mod cloudtrail;
mod configservice;
mod ec2;
mod guardduty;
mod iam;
mod json;
mod kms;
mod lambda;
pub mod organizations;
mod permissions;
mod rds;
mod s3;
mod securityhub;
mod ssm;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use splitline_collect::{CollectError, Collection, Collector, GapCode, Operation, ProviderProgress, Request, Sink};
use tokio::task::JoinSet;

use call::{Cx, Failure};
pub use call::{Recorder, Sent, recording, registry_service};
use clients::Clients;

/// Which credentials and regions.
#[derive(Clone, Debug, Default)]
pub struct AwsOptions {
    /// A named profile of the shared config/credentials files.
    pub profile: Option<String>,
    /// A role to assume with the found credentials, and its external id.
    pub role_arn: Option<String>,
    pub external_id: Option<String>,
    /// Empty: every region enabled for the account.
    pub regions: Vec<String>,
    /// Organization mode (`--organization`): the member account this
    /// collection is for, and the role assumed in it. `None`: the account
    /// the credentials above belong to. See [`organizations`].
    pub member: Option<MemberTarget>,
}

/// One member account of an organization, as [`organizations::collect_member`]
/// collects it: through `role_arn` assumed with the credentials of
/// [`AwsOptions`] (after its own `role_arn`, if any), or, when `role_arn` is
/// `None` (the caller's own account), with those credentials directly.
#[derive(Clone, Debug, Default)]
pub struct MemberTarget {
    /// The member's account id: its calls and gaps are recorded under it
    /// from the first call, and the assumed identity must belong to it.
    pub account_id: String,
    /// The account's name in the organization (the inventory's account name).
    pub account_name: Option<String>,
    pub role_arn: Option<String>,
    pub external_id: Option<String>,
    /// `DurationSeconds` of the assumed session (STS default 3600 when `None`).
    /// The SDK's identity cache assumes the role again shortly before the
    /// session expires, so a member scan may outlast it.
    pub session_seconds: Option<u32>,
}

pub struct Aws;

/// Operations every collection makes, whatever the kinds.
const BASE_OPS: &[Operation] = &[
    Operation { service: "sts", name: "GetCallerIdentity", permission: "sts:GetCallerIdentity", kinds: &[] },
    Operation { service: "ec2", name: "DescribeRegions", permission: "ec2:DescribeRegions", kinds: &[] },
];

static OPERATIONS: LazyLock<Vec<Operation>> = LazyLock::new(|| {
    [
        BASE_OPS,
        s3::OPS,
        ec2::OPS,
        ssm::OPS,
        iam::OPS,
        lambda::OPS,
        rds::OPS,
        kms::OPS,
        beanstalk::OPS,
        apigateway::OPS,
        cloudtrail::OPS,
        guardduty::OPS,
        configservice::OPS,
        securityhub::OPS,
        accessanalyzer::OPS,
    ]
    .concat()
});

/// Kinds collected once per account (region `global`, or the bucket's own).
const GLOBAL_KINDS: &[&[&str]] = &[iam::KINDS, s3::BUCKET_KINDS, s3::ACCOUNT_KINDS];

/// Kinds collected once per region, by service.
const REGIONAL_KINDS: &[&[&str]] = &[
    ec2::KINDS,
    ssm::KINDS,
    lambda::KINDS,
    rds::KINDS,
    kms::KINDS,
    beanstalk::KINDS,
    apigateway::KINDS,
    cloudtrail::KINDS,
    guardduty::KINDS,
    configservice::KINDS,
    securityhub::KINDS,
    accessanalyzer::KINDS,
];

/// Every kind this collector produces.
pub fn kinds() -> Vec<&'static str> {
    GLOBAL_KINDS.iter().chain(REGIONAL_KINDS).flat_map(|k| k.iter().copied()).collect()
}

impl Collector for Aws {
    const PROVIDER: &'static str = "aws";
    type Options = AwsOptions;

    fn operations() -> &'static [Operation] {
        &OPERATIONS
    }

    fn credentials_configured() -> bool {
        credentials_configured_in(&|k| std::env::var_os(k), home().as_deref())
    }

    async fn collect(
        opts: &AwsOptions,
        req: &Request,
        progress: &ProviderProgress,
    ) -> Result<Collection, CollectError> {
        collect(opts, req, progress).await
    }

    fn permissions(kinds: Option<&[String]>) -> String {
        permissions::policy(Self::operations(), kinds)
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")).map(PathBuf::from)
}

/// Whether the default chain would find something, judged from the
/// environment and the files only.
fn credentials_configured_in(env: &dyn Fn(&str) -> Option<std::ffi::OsString>, home: Option<&std::path::Path>) -> bool {
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty());
    if set("AWS_ACCESS_KEY_ID")
        || set("AWS_PROFILE")
        || set("AWS_WEB_IDENTITY_TOKEN_FILE")
        || set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        || set("AWS_CONTAINER_CREDENTIALS_FULL_URI")
    {
        return true;
    }
    let file = |var: &str, default: &str| {
        env(var).map(PathBuf::from).or_else(|| home.map(|h| h.join(".aws").join(default))).is_some_and(|p| p.is_file())
    };
    file("AWS_SHARED_CREDENTIALS_FILE", "credentials") || file("AWS_CONFIG_FILE", "config")
}

async fn collect(opts: &AwsOptions, req: &Request, progress: &ProviderProgress) -> Result<Collection, CollectError> {
    let sink = Sink::new("aws", progress);
    collect_into(opts, req, progress, &sink).await?;
    Ok(sink.finish())
}

/// The account `opts`' credentials belong to (STS GetCallerIdentity), and
/// the calls made to learn it: how a scan names the one account it will
/// collect before collecting it.
pub async fn caller_account(
    opts: &AwsOptions,
    req: &Request,
) -> Result<(String, Vec<splitline_collect::ApiCall>), CollectError> {
    let opts = AwsOptions { member: None, ..opts.clone() };
    let clients = Clients::load(&opts, req).await;
    let sink = Sink::new("aws", &ProviderProgress::hidden());
    let home = clients.home_region().to_string();
    let cx = Cx { sink: sink.clone(), req: Arc::new(req.clone()), account: String::new(), region: home, service: "" };
    let identity = cx.call(clients.sts(&cx.region).get_caller_identity().send()).await;
    drop(cx);
    let calls = sink.finish().calls;
    match identity.map(|i| i.account().unwrap_or_default().to_string()) {
        Ok(account) if !account.is_empty() => Ok((account, calls)),
        Ok(_) => {
            Err(CollectError::Fatal { provider: "aws", message: "STS GetCallerIdentity returned no account".into() })
        }
        Err(f) => Err(CollectError::NoCredentials {
            provider: "aws",
            hint: format!(
                "STS GetCallerIdentity failed: {} — set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run `aws configure` or `aws sso login`",
                f.message
            ),
        }),
    }
}

/// Collects into `sink`; on `Err` the sink still holds the calls made (and,
/// for an organization member, a gap per requested kind).
async fn collect_into(
    opts: &AwsOptions,
    req: &Request,
    progress: &ProviderProgress,
    sink: &Sink,
) -> Result<(), CollectError> {
    let clients = Arc::new(Clients::load(opts, req).await);
    let sink = sink.clone();
    let req = Arc::new(req.clone());
    let home_region = clients.home_region().to_string();
    // A member's account is known before the first call (its AssumeRole is
    // recorded under it too).
    let known = opts.member.as_ref().map(|m| m.account_id.clone()).unwrap_or_default();
    let boot = Cx { sink: sink.clone(), req: req.clone(), account: known, region: home_region.clone(), service: "" };

    let identity = boot.call(clients.sts(&home_region).get_caller_identity().send()).await.map_err(|f| {
        if let Some(m) = &opts.member {
            return organizations::member_failed(&boot, m, &f);
        }
        if f.message.contains("credentials") || f.message.contains("Credentials") {
            CollectError::NoCredentials {
                provider: "aws",
                hint: format!(
                    "{} — set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run `aws configure` or `aws sso login`",
                    f.message
                ),
            }
        } else {
            CollectError::Fatal {
                provider: "aws",
                message: format!("STS GetCallerIdentity failed: {} — check the credentials and the network", f.message),
            }
        }
    })?;
    let account = identity.account().unwrap_or_default().to_string();
    if account.is_empty() {
        return Err(CollectError::Fatal {
            provider: "aws",
            message: "STS GetCallerIdentity returned no account".into(),
        });
    }
    if let Some(m) = &opts.member
        && m.account_id != account
    {
        let f = Failure {
            code: GapCode::AccessDenied,
            not_found: false,
            error_code: None,
            message: format!("the credentials belong to account {account}, not to the member"),
        };
        return Err(organizations::member_failed(&boot, m, &f));
    }
    sink.account(&account, opts.member.as_ref().and_then(|m| m.account_name.clone()));
    let cx = Cx { account: account.clone(), ..boot };

    let mut tasks = JoinSet::new();
    let mut units = 0u64;

    // Global services, once.
    if req.wants_any(iam::KINDS) {
        units += 1;
        tasks
            .spawn(unit(iam::collect(cx.with_region("global").with_service("iam"), clients.clone()), progress.clone()));
    }
    if req.wants_any(s3::BUCKET_KINDS) {
        units += 1;
        tasks.spawn(unit(
            s3::collect_buckets(cx.with_region("global").with_service("s3"), clients.clone()),
            progress.clone(),
        ));
    }
    if req.wants_any(s3::ACCOUNT_KINDS) {
        units += 1;
        tasks.spawn(unit(
            s3::collect_account(cx.with_region("global").with_service("s3control"), clients.clone()),
            progress.clone(),
        ));
    }

    // Regional services, once per region.
    let regional: Vec<&str> = REGIONAL_KINDS.iter().flat_map(|k| k.iter().copied()).filter(|k| req.wants(k)).collect();
    if !regional.is_empty() {
        for region in regions(&cx, &clients, opts, &regional).await {
            let rcx = cx.with_region(&region);
            macro_rules! regional {
                ($($m:ident),*) => {$(
                    if req.wants_any($m::KINDS) {
                        units += 1;
                        tasks.spawn(unit($m::collect(rcx.with_service(stringify!($m)), clients.clone()), progress.clone()));
                    }
                )*};
            }
            regional!(
                ec2,
                ssm,
                lambda,
                rds,
                kms,
                beanstalk,
                apigateway,
                cloudtrail,
                guardduty,
                configservice,
                securityhub,
                accessanalyzer
            );
        }
    }
    progress.add_units(units);
    while let Some(done) = tasks.join_next().await {
        if let Err(e) = done {
            // A panicking task loses its own unit only; the others carry on.
            tracing::error!(error = %e, "an AWS collection task failed");
        }
    }
    Ok(())
}

async fn unit(fut: impl std::future::Future<Output = ()>, progress: ProviderProgress) {
    fut.await;
    progress.unit_done();
}

/// The regions to collect: enabled regions (or the requested ones that are
/// enabled); requested opt-in regions that are not enabled become
/// `region-disabled` gaps for the requested regional kinds.
async fn regions(cx: &Cx, clients: &Clients, opts: &AwsOptions, kinds: &[&str]) -> Vec<String> {
    let described = cx.call(clients.ec2(&cx.region).describe_regions().all_regions(true).send()).await.map(|out| {
        out.regions()
            .iter()
            .filter_map(|r| Some((r.region_name()?.to_string(), r.opt_in_status().unwrap_or("").to_string())))
            .collect::<BTreeMap<String, String>>()
    });
    let requested: Vec<String> = opts.regions.iter().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect();
    match described {
        Ok(all) => {
            let enabled = |status: &str| status != "not-opted-in";
            if requested.is_empty() {
                return all.iter().filter(|(_, s)| enabled(s)).map(|(r, _)| r.clone()).collect();
            }
            let mut out = Vec::new();
            for r in requested {
                match all.get(&r) {
                    Some(s) if !enabled(s) => {
                        let f = Failure {
                            code: GapCode::RegionDisabled,
                            not_found: false,
                            error_code: None,
                            message: format!("region {r} is an opt-in region not enabled for the account"),
                        };
                        cx.gap_in(&r, kinds, "EC2 DescribeRegions", &f);
                    }
                    // Listed and enabled, or unknown to DescribeRegions (a
                    // new region, an emulator): collect it and let the calls say.
                    _ => out.push(r),
                }
            }
            out.sort();
            out.dedup();
            out
        }
        Err(f) => {
            let fallback = if requested.is_empty() { vec![cx.region.clone()] } else { requested };
            tracing::warn!(
                reason = %f.message,
                "EC2 DescribeRegions failed; collecting only {}",
                fallback.join(", ")
            );
            fallback
        }
    }
}

#[cfg(test)]
mod tests;
