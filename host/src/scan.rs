//! Evaluation: every plugin on every account of its provider, in parallel,
//! each call in its own sandbox; then one report.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::Config;
use crate::inventory::Inventory;
use crate::model::{CheckInfo, Provider, Status};
use crate::plugins::PluginSet;
use crate::report::model::{EvidenceItem, Finding, PluginRun, ScanError, ScanMeta, ScanReport, Summary, Tool};
use crate::runtime::{CallError, CallInput, RawFinding, wit};

pub struct ScanOptions {
    /// What is being scanned, for the report header.
    pub target: String,
    /// Worker threads; 0 means one per CPU.
    pub jobs: usize,
}

/// One plugin × account evaluation.
struct Job {
    plugin: usize,
    account: String,
    resources: Vec<usize>,
}

type JobOutcome = (usize, Result<Vec<RawFinding>, CallError>);

/// Runs every loaded plugin over the inventory and builds the report.
pub fn run(inventory: &Inventory, set: &PluginSet, config: &Config, opts: &ScanOptions) -> ScanReport {
    let mut report = evaluate(inventory, set, config, opts);
    crate::report::refresh_derived(&mut report);
    report
}

/// [`run`] without the derived parts (responsibility matrix, compliance):
/// a partial result that [`crate::fleet`] merges and derives once.
pub(crate) fn evaluate(inventory: &Inventory, set: &PluginSet, config: &Config, opts: &ScanOptions) -> ScanReport {
    let scan_time = crate::time::parse_rfc3339(&inventory.scan_time).unwrap_or(0);

    // Resource indices per (provider, account), in inventory order: one pass
    // over the inventory, not one per plugin × account. Jobs keep indices;
    // each job converts its own resources to contract form when it runs, so
    // the configurations are never all copied at once.
    let mut by_account: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, r) in inventory.resources.iter().enumerate() {
        by_account.entry((r.provider_str(), r.account.as_str())).or_default().push(i);
    }
    let mut jobs = Vec::new();
    for (pi, plugin) in set.plugins.iter().enumerate() {
        let kinds: std::collections::HashSet<&str> = plugin.meta.resource_kinds.iter().map(String::as_str).collect();
        for account in inventory.accounts.iter().filter(|a| a.provider == plugin.meta.provider) {
            let resources: Vec<usize> = by_account
                .get(&(account.provider.as_str(), account.id.as_str()))
                .map(|all| {
                    all.iter().copied().filter(|&i| kinds.contains(inventory.resources[i].kind.as_str())).collect()
                })
                .unwrap_or_default();
            jobs.push(Job { plugin: pi, account: account.id.clone(), resources });
        }
    }

    let settings: Vec<String> = set.plugins.iter().map(|p| config.settings_json(&p.meta.name)).collect();
    let outcomes = run_jobs(&jobs, opts.jobs, |job| {
        let plugin = &set.plugins[job.plugin];
        let context = wit::Context {
            scan_time,
            provider: plugin.meta.provider.to_string(),
            account: job.account.clone(),
            inventory_schema: inventory.version.clone(),
            settings: settings[job.plugin].clone(),
        };
        let resources: Vec<wit::Resource> = job.resources.iter().map(|&i| to_wit(&inventory.resources[i])).collect();
        let started = std::time::Instant::now();
        let result = plugin.evaluate(CallInput { context: &context, resources: &resources });
        tracing::debug!(plugin = %plugin.meta.name, account = %job.account, resources = resources.len(), ms = started.elapsed().as_millis() as u64, ok = result.is_ok(), "evaluated");
        result
    });

    let mut findings = Vec::new();
    let mut errors = set.errors.clone();
    let mut runs: Vec<PluginRun> = set
        .plugins
        .iter()
        .map(|p| PluginRun { meta: p.meta.clone(), checks: p.checks.len(), accounts_evaluated: 0, accounts_failed: 0 })
        .collect();
    let check_index: HashMap<&str, &CheckInfo> =
        set.plugins.iter().flat_map(|p| p.checks.iter().map(|c| (c.id.as_str(), c))).collect();

    for (ji, result) in outcomes {
        let job = &jobs[ji];
        let plugin = &set.plugins[job.plugin];
        runs[job.plugin].accounts_evaluated += 1;
        match result {
            Ok(raw) => {
                for f in raw {
                    let r = &inventory.resources[job.resources[f.resource]];
                    let check = check_index[f.check_id.as_str()];
                    findings.push(Finding {
                        id: Finding::stable_id(plugin.meta.provider, &r.account, &r.region, &f.check_id, &r.id),
                        check_title: check.title.clone(),
                        plugin: plugin.meta.name.clone(),
                        provider: plugin.meta.provider,
                        account: r.account.clone(),
                        region: r.region.clone(),
                        resource_id: r.id.clone(),
                        resource_kind: r.kind.clone(),
                        resource_name: r.name.clone(),
                        status: f.status,
                        severity: f.severity,
                        service_model: check.service_model,
                        control_domain: check.control_domain,
                        message: f.message,
                        evidence: f
                            .evidence
                            .into_iter()
                            .map(|(property, value)| EvidenceItem { property, value })
                            .collect(),
                        resource_tags: report_tags(&r.tags),
                        mute: None,
                        change: None,
                        check_id: f.check_id,
                    });
                }
            }
            Err(e) => {
                runs[job.plugin].accounts_failed += 1;
                errors.push(ScanError {
                    plugin: plugin.meta.name.clone(),
                    account: Some(job.account.clone()),
                    kind: e.kind().into(),
                    message: format!(
                        "plugin {} {e} while evaluating {} account {}; its findings for that account are missing.",
                        plugin.meta.name, plugin.meta.provider, job.account
                    ),
                });
            }
        }
    }

    // Checks over kinds that could not be collected report `error`, never `pass`
    // (once per check, account, region and kind, however many calls failed).
    // Their other verdicts in that account and region were reached on partial
    // data (a resource missing, a sub-document absent because its call
    // failed), so they are withheld: the error finding replaces them. A gap
    // in region `global` covers every region of the account, and a gap in
    // any region covers the check's verdicts on `global` resources (an
    // account-level verdict such as "a multi-region trail exists" reads the
    // regional kinds).
    let mut gapped: std::collections::HashSet<(&str, Provider, &str, &str)> = std::collections::HashSet::new();
    for g in &inventory.coverage_gaps {
        for plugin in set.plugins.iter().filter(|p| p.meta.provider == g.provider) {
            for check in plugin.checks.iter().filter(|c| c.resource_kinds.contains(&g.kind)) {
                gapped.insert((check.id.as_str(), g.provider, g.account.as_str(), g.region.as_str()));
            }
        }
    }
    let before = findings.len();
    let gapped_anywhere: std::collections::HashSet<(&str, Provider, &str)> =
        gapped.iter().map(|&(check, provider, account, _)| (check, provider, account)).collect();
    findings.retain(|f| {
        let key = |region| (f.check_id.as_str(), f.provider, f.account.as_str(), region);
        let partial = gapped.contains(&key(f.region.as_str()))
            || gapped.contains(&key("global"))
            || (f.region == "global"
                && gapped_anywhere.contains(&(f.check_id.as_str(), f.provider, f.account.as_str())));
        !partial
    });
    if findings.len() < before {
        tracing::info!(withheld = before - findings.len(), "verdicts on partially collected data withheld");
    }
    let mut reported = std::collections::HashSet::new();
    for gap in &inventory.coverage_gaps {
        for plugin in set.plugins.iter().filter(|p| p.meta.provider == gap.provider) {
            for check in plugin.checks.iter().filter(|c| c.resource_kinds.contains(&gap.kind)) {
                let resource_id = format!("{}/{}/{}", gap.account, gap.region, gap.kind);
                if !reported.insert((check.id.clone(), resource_id.clone())) {
                    continue;
                }
                findings.push(Finding {
                    id: Finding::stable_id(gap.provider, &gap.account, &gap.region, &check.id, &resource_id),
                    check_id: check.id.clone(),
                    check_title: check.title.clone(),
                    plugin: plugin.meta.name.clone(),
                    provider: gap.provider,
                    account: gap.account.clone(),
                    region: gap.region.clone(),
                    resource_id,
                    resource_kind: gap.kind.clone(),
                    resource_name: format!("{} ({})", gap.kind, gap.region),
                    status: Status::Error,
                    severity: check.severity,
                    service_model: check.service_model,
                    control_domain: check.control_domain,
                    message: format!(
                        "{} could not be evaluated on {} in {} of account {}: {} was not collected ({}: {}).",
                        check.id,
                        gap.kind,
                        gap.region,
                        gap.account,
                        gap.kind,
                        gap.code,
                        gap.reason.trim_end_matches('.')
                    ),
                    evidence: vec![EvidenceItem { property: "coverage_gap".into(), value: gap.code.clone() }],
                    resource_tags: Default::default(),
                    mute: None,
                    change: None,
                });
            }
        }
    }

    sort_findings(&mut findings);
    errors.sort_by(|a, b| (&a.plugin, &a.account).cmp(&(&b.plugin, &b.account)));

    let mut checks: Vec<CheckInfo> = set.plugins.iter().flat_map(|p| p.checks.iter().cloned()).collect();
    checks.sort_by(|a, b| a.id.cmp(&b.id));
    let complete = errors.is_empty() && inventory.coverage_gaps.is_empty();
    ScanReport {
        format: crate::report::model::FORMAT.into(),
        version: crate::report::model::VERSION.into(),
        tool: Tool {
            name: "splitline".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            contract: crate::runtime::CONTRACT_VERSION.into(),
        },
        scan: ScanMeta {
            target: opts.target.clone(),
            scan_time: inventory.scan_time.clone(),
            inventory_version: inventory.version.clone(),
            resources: inventory.resources.len(),
            complete,
            shard: None,
        },
        accounts: inventory.accounts.clone(),
        plugins: runs,
        checks,
        summary: Summary::of(&findings),
        findings,
        coverage_gaps: inventory.coverage_gaps.clone(),
        errors,
        responsibility: Vec::new(),
        compliance: Vec::new(),
        mutes: Vec::new(),
        baseline: None,
    }
}

/// The report's finding order: failures first, then by severity,
/// provider, account, check and resource (a stable sort: ties keep the
/// order the plugin returned them in). Merging partial results sorts with
/// it too, so a merged report lists findings as a single run does.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.status != Status::Fail, a.severity, a.provider, &a.account, &a.check_id, &a.resource_id).cmp(&(
            b.status != Status::Fail,
            b.severity,
            b.provider,
            &b.account,
            &b.check_id,
            &b.resource_id,
        ))
    });
}

/// An inventory resource in contract form; the config is passed as the raw
/// JSON text it was read as.
pub(crate) fn to_wit(r: &crate::inventory::Resource) -> wit::Resource {
    wit::Resource {
        kind: r.kind.clone(),
        id: r.id.clone(),
        account: r.account.clone(),
        region: r.region.clone(),
        name: r.name.clone(),
        tags: r.tags.iter().map(|(k, v)| wit::Tag { key: k.clone(), value: v.clone() }).collect(),
        config: r.config.get().to_string(),
    }
}

/// Runs `f` on every job with a fixed number of worker threads; results in
/// job order.
fn run_jobs<F>(jobs: &[Job], threads: usize, f: F) -> Vec<JobOutcome>
where
    F: Fn(&Job) -> Result<Vec<RawFinding>, CallError> + Sync,
{
    let threads =
        if threads == 0 { std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) } else { threads };
    let next = AtomicUsize::new(0);
    let results = Mutex::new(BTreeMap::new());
    std::thread::scope(|s| {
        for _ in 0..threads.min(jobs.len()).max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let r = f(job);
                    results.lock().expect("no worker panics while holding the lock").insert(i, r);
                }
            });
        }
    });
    results.into_inner().expect("workers finished").into_iter().collect()
}

/// A resource's tags as the report carries them: a tag whose name or value
/// looks like a secret (`api_token = …`) keeps its name, and its value is
/// replaced by a marker saying what it looks like.
fn report_tags(tags: &std::collections::BTreeMap<String, String>) -> std::collections::BTreeMap<String, String> {
    tags.iter()
        .map(|(k, v)| (k.clone(), splitline_collect::redact::redact_value(k, v).unwrap_or_else(|| v.clone())))
        .collect()
}
