//! Organisation-scale scanning: a scan split into *units*, one per
//! (provider, account), each collected, evaluated and released on its own,
//! several in flight at once; the partial results are merged into the one
//! report a single run gives (docs/organizations.md).
//!
//! - [`shard`]: `--shard K/N`, which units a machine scans;
//! - [`merge`]: folding partial results (units here, shards in `splitline merge`);
//! - [`checkpoint`]: `--checkpoint` / `--resume`;
//! - [`live`]: units discovered in the cloud, each collected in its turn;
//! - [`progress`]: the accounts line on stderr.
//!
//! A unit is "collect this account, then evaluate it": an async collect
//! step ([`UnitSource::collect`]) on a shared tokio runtime, then a
//! blocking evaluation ([`crate::scan::evaluate`] on the unit's slice), on one of
//! `--parallel-accounts` worker threads. A unit that fails (collection or
//! evaluation) becomes that account's error in the report; the others go on.

pub mod checkpoint;
pub mod live;
pub mod merge;
pub mod progress;
pub mod shard;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::inventory::{Account, CoverageGap, Inventory};
use crate::model::Provider;
use crate::plugins::PluginSet;
use crate::report::model::{ScanError, ScanReport};
use crate::scan::ScanOptions;

use checkpoint::{Checkpoint, Inputs, Lookup};
use merge::Merger;
use shard::Shard;

/// Accounts scanned at once by default (`--parallel-accounts`).
pub const DEFAULT_PARALLEL_ACCOUNTS: usize = 4;

/// One unit of a scan: a provider's account (AWS account, Azure
/// subscription, GCP project).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitKey {
    pub provider: Provider,
    pub account: String,
}

impl fmt::Display for UnitKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.provider, self.account)
    }
}

/// A unit's collected input: an inventory holding one account.
pub type CollectFuture<'a> = Pin<Box<dyn Future<Output = Result<Inventory, String>> + Send + 'a>>;

/// Where units and their inputs come from: a saved inventory split per
/// account ([`InventorySource`]), or live collection per account.
pub trait UnitSource: Sync {
    /// Every unit, in report order.
    fn units(&self) -> Vec<UnitKey>;
    /// A digest of the unit's input when it is known before collection (a
    /// saved inventory's slice): part of the checkpoint fingerprint.
    fn input_digest(&self, unit: &UnitKey) -> Option<String>;
    /// Collects the unit's slice (an inventory with only its account). The
    /// error is a sentence: the unit is reported as failed.
    fn collect<'a>(&'a self, unit: &'a UnitKey) -> CollectFuture<'a>;
    /// The unit will not be collected (another shard's, or resumed): its
    /// input may be released.
    fn skip(&self, unit: &UnitKey) {
        let _ = unit;
    }
    /// Puts the merged report's accounts and coverage gaps in their final
    /// order; `selected` are the units of this run (`report.scan.shard` is
    /// set). By default: accounts
    /// (failed units' too) and gaps in unit order.
    fn finalize(&self, report: &mut ScanReport, selected: &[UnitKey]) {
        order_by_units(report, selected);
    }
}

/// Lists every selected unit's account in the report (a failed unit's
/// too) and puts accounts and coverage gaps in unit order.
pub fn order_by_units(report: &mut ScanReport, selected: &[UnitKey]) {
    let order: HashMap<(Provider, &str), usize> =
        selected.iter().enumerate().map(|(i, u)| ((u.provider, u.account.as_str()), i)).collect();
    let have: HashSet<(Provider, String)> = report.accounts.iter().map(|a| (a.provider, a.id.clone())).collect();
    for u in selected {
        if !have.contains(&(u.provider, u.account.clone())) {
            report.accounts.push(Account { provider: u.provider, id: u.account.clone(), name: None });
        }
    }
    let pos = |p: Provider, a: &str| order.get(&(p, a)).copied().unwrap_or(usize::MAX);
    report.accounts.sort_by_key(|a| pos(a.provider, &a.id));
    report.coverage_gaps.sort_by_key(|g| pos(g.provider, &g.account));
}

/// A saved (or already collected) inventory, split into one slice per
/// account. Resources are moved, not copied, into their slice; a slice is
/// dropped once its unit is evaluated or skipped, so memory falls as the
/// scan goes.
pub struct InventorySource {
    header: Inventory,
    order: Vec<UnitKey>,
    accounts: Vec<Account>,
    gaps: Vec<CoverageGap>,
    slices: Mutex<HashMap<UnitKey, Inventory>>,
    digests: HashMap<UnitKey, String>,
}

impl InventorySource {
    /// Splits `inventory` per account. Each slice's digest is part of its
    /// checkpoint fingerprint (a changed slice is re-done on resume).
    pub fn new(mut inventory: Inventory) -> InventorySource {
        let resources = std::mem::take(&mut inventory.resources);
        let accounts = std::mem::take(&mut inventory.accounts);
        let gaps = std::mem::take(&mut inventory.coverage_gaps);
        let order: Vec<UnitKey> =
            accounts.iter().map(|a| UnitKey { provider: a.provider, account: a.id.clone() }).collect();
        let mut slices: HashMap<UnitKey, Inventory> = accounts
            .iter()
            .map(|a| {
                let mut slice = empty_like(&inventory);
                slice.accounts.push(a.clone());
                (UnitKey { provider: a.provider, account: a.id.clone() }, slice)
            })
            .collect();
        let mut lookup = UnitKey { provider: Provider::Aws, account: String::new() };
        for r in resources {
            // The reader checked that every resource's account is listed.
            let Some(provider) = Provider::ALL.iter().copied().find(|p| p.as_str() == r.provider_str()) else {
                continue;
            };
            lookup.provider = provider;
            lookup.account.clone_from(&r.account);
            if let Some(slice) = slices.get_mut(&lookup) {
                slice.resources.push(r);
            }
        }
        for g in &gaps {
            if let Some(slice) = slices.get_mut(&UnitKey { provider: g.provider, account: g.account.clone() }) {
                slice.coverage_gaps.push(g.clone());
            }
        }
        let digests = slices.iter().map(|(k, s)| (k.clone(), slice_digest(s))).collect();
        InventorySource { header: inventory, order, accounts, gaps, slices: Mutex::new(slices), digests }
    }

    /// The inventory without accounts, resources or gaps (scan time, version, source).
    pub fn header(&self) -> &Inventory {
        &self.header
    }

    fn take(&self, unit: &UnitKey) -> Option<Inventory> {
        self.slices.lock().unwrap_or_else(|p| p.into_inner()).remove(unit)
    }
}

impl UnitSource for InventorySource {
    fn units(&self) -> Vec<UnitKey> {
        self.order.clone()
    }

    fn input_digest(&self, unit: &UnitKey) -> Option<String> {
        self.digests.get(unit).cloned()
    }

    fn collect<'a>(&'a self, unit: &'a UnitKey) -> CollectFuture<'a> {
        let slice = self.take(unit).ok_or_else(|| format!("{unit} is not in the inventory"));
        Box::pin(async move { slice })
    }

    fn skip(&self, unit: &UnitKey) {
        drop(self.take(unit));
    }

    /// The inventory's own order of accounts and gaps: exactly what a
    /// single `scan::run` over the selected accounts lists.
    fn finalize(&self, report: &mut ScanReport, selected: &[UnitKey]) {
        let selected: HashSet<(Provider, &str)> = selected.iter().map(|u| (u.provider, u.account.as_str())).collect();
        report.accounts =
            self.accounts.iter().filter(|a| selected.contains(&(a.provider, a.id.as_str()))).cloned().collect();
        report.coverage_gaps =
            self.gaps.iter().filter(|g| selected.contains(&(g.provider, g.account.as_str()))).cloned().collect();
    }
}

/// An inventory with `inv`'s header and nothing in it.
pub fn empty_like(inv: &Inventory) -> Inventory {
    Inventory {
        format: inv.format.clone(),
        version: inv.version.clone(),
        scan_time: inv.scan_time.clone(),
        source: inv.source.clone(),
        accounts: Vec::new(),
        resources: Vec::new(),
        coverage_gaps: Vec::new(),
    }
}

/// SHA-256 over everything of a slice that reaches the plugins or the report.
fn slice_digest(slice: &Inventory) -> String {
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    for a in &slice.accounts {
        field(a.provider.as_str());
        field(&a.id);
        field(a.name.as_deref().unwrap_or("\u{0}"));
    }
    for r in &slice.resources {
        for s in [&r.kind, &r.id, &r.account, &r.region, &r.name] {
            field(s);
        }
        for (k, v) in &r.tags {
            field(k);
            field(v);
        }
        field(r.config.get());
    }
    for g in &slice.coverage_gaps {
        for s in [g.provider.as_str(), &g.account, &g.region, &g.kind, &g.code, &g.reason] {
            field(s);
        }
    }
    crate::digest::hex(&h.finalize())
}

/// How a fleet scan runs.
pub struct FleetOptions {
    /// Units in flight at once (`--parallel-accounts`).
    pub parallel_accounts: usize,
    /// Evaluation threads overall (`--jobs`; 0: one per CPU), shared by
    /// the units in flight.
    pub jobs: usize,
    pub shard: Option<Shard>,
    pub checkpoint: Option<PathBuf>,
    /// Take matching partials from the checkpoint.
    pub resume: bool,
    /// The scan-wide inputs of the checkpoint fingerprint.
    pub inputs: Inputs,
    /// Draw the accounts line on a terminal.
    pub progress: bool,
    /// Print notes (stale checkpoints) on stderr.
    pub quiet: bool,
}

/// What a unit produced.
enum UnitOutcome {
    Done(Box<ScanReport>),
    Failed(ScanError),
}

/// Scans every unit of `source` this shard owns and merges the results.
/// `header` is the inventory header every unit shares (scan time, version).
pub fn run(
    source: &dyn UnitSource,
    header: &Inventory,
    set: &PluginSet,
    config: &Config,
    scan: &ScanOptions,
    opts: &FleetOptions,
) -> anyhow::Result<ScanReport> {
    let mut merger = Merger::new();
    // The report of no account: the plugins, their checks and load errors,
    // even when this shard owns no unit.
    merger.add(crate::scan::evaluate(header, set, config, &ScanOptions { target: scan.target.clone(), jobs: 1 }));

    let mut selected = Vec::new();
    for unit in source.units() {
        if opts.shard.is_none_or(|s| s.contains(unit.provider, &unit.account)) {
            selected.push(unit);
        } else {
            source.skip(&unit);
        }
    }

    let checkpoint = match &opts.checkpoint {
        Some(dir) => {
            let (c, note) = Checkpoint::open(dir, &opts.inputs, opts.resume)?;
            if let Some(note) = note.filter(|_| !opts.quiet) {
                eprintln!("note: {note}");
            }
            Some(c)
        }
        None => None,
    };

    // Resume: take the matching partials now, one at a time.
    let mut todo: Vec<(UnitKey, Option<String>)> = Vec::new();
    let mut resumed = 0;
    let mut stale = Vec::new();
    for unit in &selected {
        let fingerprint = checkpoint.as_ref().map(|c| c.fingerprint(unit, source.input_digest(unit).as_deref()));
        if let (Some(c), Some(fp), true) = (&checkpoint, &fingerprint, opts.resume) {
            match c.lookup(unit, fp) {
                Lookup::Found(report) => {
                    source.skip(unit);
                    merger.add(*report);
                    resumed += 1;
                    continue;
                }
                Lookup::Stale => stale.push(unit.to_string()),
                Lookup::Missing => {}
            }
        }
        todo.push((unit.clone(), fingerprint));
    }
    if !stale.is_empty() && !opts.quiet {
        const SHOWN: usize = 5;
        let more = if stale.len() > SHOWN { format!(" and {} more", stale.len() - SHOWN) } else { String::new() };
        eprintln!(
            "note: {} unit(s) in the checkpoint were written from other inputs and are scanned again: {}{more}",
            stale.len(),
            stale[..stale.len().min(SHOWN)].join(", ")
        );
    }
    if resumed > 0 {
        tracing::info!(resumed, remaining = todo.len(), "resumed from the checkpoint");
    }

    let progress = progress::Progress::new(opts.progress, selected.len());
    progress.resumed(resumed);
    let workers = opts.parallel_accounts.max(1).min(todo.len()).max(1);
    let total_jobs =
        if opts.jobs == 0 { std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) } else { opts.jobs };
    let unit_jobs = total_jobs.div_ceil(workers).max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(crate::collect::COLLECT_STACK)
        .enable_all()
        .thread_name("splitline-units")
        .build()
        .context("cannot start the async runtime for the scan")?;
    let next = AtomicUsize::new(0);
    let checkpoint_warned = std::sync::atomic::AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, UnitOutcome)>();

    std::thread::scope(|s| -> anyhow::Result<()> {
        for _ in 0..workers {
            let tx = tx.clone();
            let (todo, next, progress, runtime, checkpoint, checkpoint_warned) =
                (&todo, &next, &progress, &runtime, &checkpoint, &checkpoint_warned);
            // A unit's collection is polled on this thread (`block_on`).
            let worker =
                std::thread::Builder::new().name("splitline-unit".into()).stack_size(crate::collect::COLLECT_STACK);
            let spawned = worker.spawn_scoped(s, move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((unit, fingerprint)) = todo.get(i) else { break };
                    progress.started();
                    let outcome = run_unit(source, runtime.handle(), unit, set, config, &scan.target, unit_jobs);
                    if let (UnitOutcome::Done(report), Some(c), Some(fp)) = (&outcome, checkpoint, fingerprint)
                        && let Err(e) = c.commit(unit, fp, report)
                        && !checkpoint_warned.swap(true, Ordering::Relaxed)
                    {
                        eprintln!(
                            "warning: {e:#}; the scan goes on, but an interrupted scan cannot resume these units"
                        );
                    }
                    progress.finished(matches!(outcome, UnitOutcome::Done(_)));
                    if tx.send((i, outcome)).is_err() {
                        break;
                    }
                }
            });
            spawned.context("cannot start a thread for the scan's units")?;
        }
        drop(tx);
        for (_, outcome) in rx {
            match outcome {
                UnitOutcome::Done(report) => merger.add(*report),
                UnitOutcome::Failed(error) => merger.error(error)?,
            }
        }
        Ok(())
    })?;
    progress.finish();

    let mut report = merger.finish().expect("the empty report was added");
    report.scan.shard = opts.shard;
    source.finalize(&mut report, &selected);
    report.scan.target.clone_from(&scan.target);
    crate::report::refresh_derived(&mut report);
    Ok(report)
}

/// Collects and evaluates one unit; its slice is dropped when done.
fn run_unit(
    source: &dyn UnitSource,
    runtime: &tokio::runtime::Handle,
    unit: &UnitKey,
    set: &PluginSet,
    config: &Config,
    target: &str,
    jobs: usize,
) -> UnitOutcome {
    let slice = match runtime.block_on(source.collect(unit)) {
        Ok(slice) => slice,
        Err(message) => {
            return UnitOutcome::Failed(ScanError {
                plugin: format!("{} collector", unit.provider),
                account: Some(unit.account.clone()),
                kind: "collection".into(),
                message: format!("{} account {} could not be collected: {message}", unit.provider, unit.account),
            });
        }
    };
    let opts = ScanOptions { target: target.to_string(), jobs };
    let started = std::time::Instant::now();
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| crate::scan::evaluate(&slice, set, config, &opts)));
    drop(slice);
    tracing::debug!(unit = %unit, ms = started.elapsed().as_millis() as u64, ok = result.is_ok(), "unit evaluated");
    match result {
        // Responsibility and compliance are derived once, on the merged report.
        Ok(report) => UnitOutcome::Done(Box::new(report)),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("a panic");
            UnitOutcome::Failed(ScanError {
                plugin: "splitline".into(),
                account: Some(unit.account.clone()),
                kind: "evaluation".into(),
                message: format!(
                    "evaluating {} account {} failed ({what}); its findings are missing",
                    unit.provider, unit.account
                ),
            })
        }
    }
}
