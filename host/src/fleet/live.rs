//! Live units: the accounts a scan will collect, found before any is
//! collected (AWS Organizations or the caller's account, Azure
//! subscriptions, GCP projects), then each collected only when its turn
//! comes, evaluated and released. Memory holds the units in flight, not the
//! estate; a resumed or other shard's unit is never collected.
//!
//! Every unit shares one [`Request`]: one concurrency budget for the whole
//! scan and one pacer per (account, region, service) that slows down on
//! throttles (`splitline_collect::pace`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;
use splitline_collect::{ApiCall, Collection, Request};

use super::{CollectFuture, UnitKey, UnitSource};
use crate::collect::{CollectOptions, ProviderFailure};
use crate::inventory::{self, CoverageGap, Inventory};
use crate::model::Provider;
use crate::report::model::ScanReport;

/// How one unit is collected.
enum Plan {
    /// The caller's own AWS account.
    #[cfg(feature = "aws")]
    AwsAccount(splitline_collect_aws::AwsOptions),
    /// A member of the organization, through the member role.
    #[cfg(feature = "aws")]
    AwsMember {
        base: splitline_collect_aws::AwsOptions,
        org: std::sync::Arc<splitline_collect_aws::organizations::Organization>,
        member: Box<splitline_collect_aws::organizations::Member>,
        role: splitline_collect_aws::organizations::MemberRole,
    },
    /// One subscription (`subscriptions: [id]`).
    #[cfg(feature = "azure")]
    AzureSubscription(splitline_collect_azure::AzureOptions),
    /// One project (`projects: [id]`).
    #[cfg(feature = "gcp")]
    GcpProject(splitline_collect_gcp::GcpOptions),
}

/// What the collections of a live scan added up to.
#[derive(Debug, Default)]
pub struct LiveTotals {
    pub calls: usize,
    pub resources: usize,
    pub gaps: usize,
}

/// The units of a live scan and how to collect each.
pub struct LiveSource {
    header: Inventory,
    order: Vec<UnitKey>,
    plans: HashMap<UnitKey, Plan>,
    request: Request,
    /// Gaps of discovery itself: in a unit's account they go to its slice;
    /// the others (a GCP folder that could not be listed) to the report.
    discovery_gaps: Vec<CoverageGap>,
    log: Option<Mutex<Vec<u8>>>,
    calls: AtomicUsize,
    resources: AtomicUsize,
    gaps: AtomicUsize,
}

impl LiveSource {
    /// Finds every unit of `opts.providers`. A provider that cannot be
    /// discovered (no credentials, discovery refused) is a failure and the
    /// others go on.
    pub fn discover(
        opts: &CollectOptions,
        kinds: &BTreeSet<String>,
    ) -> anyhow::Result<(LiveSource, Vec<ProviderFailure>)> {
        let mut request = Request::new(kinds.iter().cloned(), opts.concurrency);
        if let Some(t) = opts.call_timeout {
            request.call_timeout = t;
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime for discovery")?;
        let mut source = LiveSource {
            header: crate::collect::header(opts),
            order: Vec::new(),
            plans: HashMap::new(),
            request,
            discovery_gaps: Vec::new(),
            log: opts.api_log.as_ref().map(|_| Mutex::new(Vec::new())),
            calls: AtomicUsize::new(0),
            resources: AtomicUsize::new(0),
            gaps: AtomicUsize::new(0),
        };
        let mut failures = Vec::new();
        for &provider in &opts.providers {
            match runtime.block_on(source.discover_one(provider, opts)) {
                Ok(n) => tracing::info!(provider = %provider, units = n, "accounts discovered"),
                Err(message) => failures.push(ProviderFailure { provider, message }),
            }
        }
        Ok((source, failures))
    }

    fn add(&mut self, provider: Provider, account: String, plan: Plan) {
        let key = UnitKey { provider, account };
        if self.plans.insert(key.clone(), plan).is_none() {
            self.order.push(key);
        }
    }

    fn log_calls(&self, provider: Provider, calls: &[ApiCall]) {
        self.calls.fetch_add(calls.len(), Ordering::Relaxed);
        let Some(log) = &self.log else { return };
        let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
        for call in calls {
            if let Ok(mut line) = serde_json::to_value(call) {
                line["provider"] = provider.as_str().into();
                let _ = writeln!(log, "{line}");
            }
        }
    }

    /// Adds `provider`'s units; returns how many.
    #[allow(unused_variables)]
    async fn discover_one(&mut self, provider: Provider, opts: &CollectOptions) -> Result<usize, String> {
        let before = self.order.len();
        match provider {
            #[cfg(feature = "aws")]
            Provider::Aws => {
                let base = crate::collect::aws_options(opts);
                match &opts.aws_organization {
                    Some(org) => {
                        use splitline_collect_aws::organizations as o;
                        let (filter, role) = crate::collect::aws_org_parts(org);
                        let (organization, found) = o::discover_organization(
                            &base,
                            &filter,
                            &self.request,
                            &splitline_collect::ProviderProgress::hidden(),
                        )
                        .await
                        .map_err(|e| e.to_string())?;
                        self.log_calls(provider, &found.calls);
                        let organization = std::sync::Arc::new(organization);
                        for m in &organization.members {
                            if let Some(why) = &m.skipped {
                                eprintln!("warning: aws account {} ({}) skipped: {why}", m.id, m.name);
                                continue;
                            }
                            let plan = Plan::AwsMember {
                                base: base.clone(),
                                org: organization.clone(),
                                member: Box::new(m.clone()),
                                role: role.clone(),
                            };
                            self.add(provider, m.id.clone(), plan);
                        }
                    }
                    None => {
                        let (account, calls) = splitline_collect_aws::caller_account(&base, &self.request)
                            .await
                            .map_err(|e| e.to_string())?;
                        self.log_calls(provider, &calls);
                        self.add(provider, account, Plan::AwsAccount(base));
                    }
                }
            }
            #[cfg(feature = "azure")]
            Provider::Azure => {
                let base = crate::collect::azure_options(opts);
                let found = splitline_collect_azure::discover_subscriptions(&base, &self.request)
                    .await
                    .map_err(|e| e.to_string())?;
                self.log_calls(provider, &found.calls);
                let mut tenants = HashSet::new();
                for t in &found.targets {
                    if let Some(why) = &t.skipped {
                        eprintln!(
                            "warning: azure subscription {} ({}) skipped: {why}",
                            t.id,
                            t.name.as_deref().unwrap_or("no name")
                        );
                        continue;
                    }
                    // The tenant's directory (Graph) once, with its first subscription.
                    let tenant = base.tenant.clone().or_else(|| t.tenant.clone()).unwrap_or_default();
                    let plan = splitline_collect_azure::AzureOptions {
                        tenant: base.tenant.clone(),
                        skip_directory: !tenants.insert(tenant),
                        discovered: vec![t.clone()],
                        ..Default::default()
                    };
                    self.add(provider, t.id.clone(), Plan::AzureSubscription(plan));
                }
                if self.order.len() == before {
                    return Err(if found.targets.is_empty() {
                        "the identity sees no enabled subscription: assign it a role on one (`splitline permissions azure` prints a read-only role) or name them with --subscription".into()
                    } else {
                        "no subscription to collect: every one found is skipped (see the warnings above)".into()
                    });
                }
            }
            #[cfg(feature = "gcp")]
            Provider::Gcp => {
                let base = crate::collect::gcp_options(opts);
                let found =
                    splitline_collect_gcp::discover_projects(&base, &self.request).await.map_err(|e| e.to_string())?;
                self.log_calls(provider, &found.calls);
                for g in &found.gaps {
                    self.discovery_gaps.push(crate::collect::coverage_gap(provider, g));
                }
                for t in &found.targets {
                    if let Some(why) = &t.skipped {
                        eprintln!("warning: gcp project {} skipped: {why}", t.id);
                        continue;
                    }
                    let plan = splitline_collect_gcp::GcpOptions { discovered: vec![t.clone()], ..Default::default() };
                    self.add(provider, t.id.clone(), Plan::GcpProject(plan));
                }
                if self.order.len() == before {
                    return Err("no GCP project to collect: the identity lists none (name them with --project, or grant it resourcemanager.projects.get)".into());
                }
            }
            #[allow(unreachable_patterns)]
            other => return Err(crate::collect::not_built(other).to_string()),
        }
        Ok(self.order.len() - before)
    }

    /// Collects one unit's plan into a collection.
    async fn collect_plan(&self, plan: &Plan) -> Result<Collection, String> {
        #[cfg(any(feature = "aws", feature = "azure", feature = "gcp"))]
        use splitline_collect::Collector as _;
        let progress = splitline_collect::ProviderProgress::hidden();
        let _ = &progress;
        match plan {
            #[cfg(feature = "aws")]
            Plan::AwsAccount(o) => {
                splitline_collect_aws::Aws::collect(o, &self.request, &progress).await.map_err(|e| e.to_string())
            }
            #[cfg(feature = "aws")]
            Plan::AwsMember { base, org, member, role } => {
                let r = splitline_collect_aws::organizations::collect_member(
                    base,
                    org,
                    member,
                    role,
                    &self.request,
                    &progress,
                )
                .await;
                match r.error {
                    // Not collected at all: the unit fails (its calls are still logged).
                    Some(e) if r.collection.resources.is_empty() => {
                        self.log_calls(Provider::Aws, &r.collection.calls);
                        Err(e)
                    }
                    _ => Ok(r.collection),
                }
            }
            #[cfg(feature = "azure")]
            Plan::AzureSubscription(o) => {
                splitline_collect_azure::Azure::collect(o, &self.request, &progress).await.map_err(|e| e.to_string())
            }
            #[cfg(feature = "gcp")]
            Plan::GcpProject(o) => {
                splitline_collect_gcp::Gcp::collect(o, &self.request, &progress).await.map_err(|e| e.to_string())
            }
            #[allow(unreachable_patterns)]
            _ => Err("this provider is not built in".into()),
        }
    }

    /// The inventory header every unit shares.
    pub fn header(&self) -> &Inventory {
        &self.header
    }

    /// The shared request (its pacer's stats, after the scan).
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// Calls, resources and gaps over every unit collected.
    pub fn totals(&self) -> LiveTotals {
        LiveTotals {
            calls: self.calls.load(Ordering::Relaxed),
            resources: self.resources.load(Ordering::Relaxed),
            gaps: self.gaps.load(Ordering::Relaxed),
        }
    }

    /// The API log (`--api-log`), every unit's calls as they finished.
    pub fn take_log(&mut self) -> Option<Vec<u8>> {
        self.log.take().map(|m| m.into_inner().unwrap_or_else(|p| p.into_inner()))
    }
}

impl UnitSource for LiveSource {
    fn units(&self) -> Vec<UnitKey> {
        self.order.clone()
    }

    fn input_digest(&self, _unit: &UnitKey) -> Option<String> {
        None
    }

    fn collect<'a>(&'a self, unit: &'a UnitKey) -> CollectFuture<'a> {
        Box::pin(async move {
            let plan = self.plans.get(unit).ok_or_else(|| format!("{unit} was not discovered"))?;
            let collection = self.collect_plan(plan).await?;
            self.log_calls(unit.provider, &collection.calls);
            self.resources.fetch_add(collection.resources.len(), Ordering::Relaxed);
            self.gaps.fetch_add(collection.gaps.len(), Ordering::Relaxed);
            let mut slice = super::empty_like(&self.header);
            crate::collect::add_collection(&mut slice, unit.provider, collection).map_err(|e| format!("{e:#}"))?;
            // Discovery's gaps in this account (a project that could not be read).
            slice.coverage_gaps.extend(
                self.discovery_gaps
                    .iter()
                    .filter(|g| g.provider == unit.provider && g.account == unit.account)
                    .cloned(),
            );
            // Only this unit's account (an organization member's collection
            // names only its own).
            slice.accounts.retain(|a| a.id == unit.account);
            if slice.accounts.is_empty() {
                slice.accounts.push(inventory::Account {
                    provider: unit.provider,
                    id: unit.account.clone(),
                    name: None,
                });
            }
            Ok(slice)
        })
    }

    fn finalize(&self, report: &mut ScanReport, selected: &[UnitKey]) {
        super::order_by_units(report, selected);
        // Discovery's gaps outside any unit (a folder that could not be
        // listed), once over all shards: in the first.
        if report.scan.shard.is_some_and(|s| s.index != 1) {
            return;
        }
        report.coverage_gaps.extend(
            self.discovery_gaps
                .iter()
                .filter(|g| !self.plans.contains_key(&UnitKey { provider: g.provider, account: g.account.clone() }))
                .cloned(),
        );
    }
}
