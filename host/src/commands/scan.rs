//! `splitline scan`: from the demo, a saved inventory, or live collection.

use std::path::Path;

use anyhow::{Context as _, bail};

use crate::cli::{GlobalArgs, ScanArgs};
use crate::collect;
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::inventory;
use crate::scan::ScanOptions;

/// The demo inventory bundled into the binary.
pub(crate) const DEMO_INVENTORY: &str = include_str!("../../assets/demo-inventory.json");

pub fn run(global: &GlobalArgs, config: &Config, args: ScanArgs) -> anyhow::Result<ExitStatus> {
    // Refuse bad output flags before a possibly long collection.
    super::output::formats(&args.report, config)?;

    let providers = if args.demo || args.inventory.is_some() || !args.provider.is_empty() {
        args.provider.clone()
    } else {
        collect::providers_with_credentials()
    };
    if !args.demo && args.inventory.is_none() && providers.is_empty() {
        bail!(
            "nothing to scan: pass --demo to evaluate the bundled demo inventory, --inventory FILE to evaluate a saved one, or --provider aws,azure,gcp to collect live (no cloud credentials were found in the environment)"
        );
    }

    let (_runtime, set) = load_for_scan(global, config)?;

    let mut inputs = crate::fleet::checkpoint::Inputs::of(&set, config);
    let live = !args.demo && args.inventory.is_none();
    // One unit per account, each collected (or sliced from the inventory),
    // evaluated and released; the partial results merged
    // (docs/organizations.md).
    let jobs = args.jobs.or(config.scan.jobs).unwrap_or(0);
    let mut fleet = crate::fleet::FleetOptions {
        parallel_accounts: args.fleet.parallel_accounts,
        jobs,
        shard: args.fleet.shard,
        checkpoint: args.fleet.resume.clone().or_else(|| args.fleet.checkpoint.clone()),
        resume: args.fleet.resume.is_some(),
        inputs: crate::fleet::checkpoint::Inputs::default(),
        progress: !global.quiet,
        quiet: global.quiet,
    };
    let (mut report, failures) = if live {
        // Accounts are discovered first; each is collected only in its turn
        // (never when resumed or another shard's). A live unit's input is
        // not known before it is collected, so its checkpoint fingerprint
        // is the scan's options: a resumed live scan keeps the accounts it
        // had finished.
        let kinds = super::declared_kinds(&set);
        let opts = super::collect_options(global, &args.live, providers.clone());
        let (mut source, failures) = crate::fleet::live::LiveSource::discover(&opts, &kinds)?;
        for f in &failures {
            eprintln!("error: {}", f.message);
        }
        inputs.options = live_options(&args.live, &providers);
        fleet.inputs = inputs;
        let target =
            format!("live collection ({})", providers.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", "));
        let header = crate::fleet::empty_like(source.header());
        let report = crate::fleet::run(&source, &header, &set, config, &ScanOptions { target, jobs }, &fleet)?;
        if let (Some(path), Some(log)) = (&opts.api_log, source.take_log()) {
            crate::report::write_atomic(path, &log)
                .with_context(|| format!("cannot write the API log {}", path.display()))?;
        }
        print_live_summary(&source);
        (report, failures)
    } else {
        let (inventory, target) = if args.demo {
            (demo_inventory()?, "demo inventory".to_string())
        } else {
            let path = args.inventory.as_ref().expect("not live: an inventory was given");
            (inventory::read_file(path)?, path.display().to_string())
        };
        inputs.inventory = Some(
            [
                ("scan_time".to_string(), inventory.scan_time.clone()),
                ("version".to_string(), inventory.version.clone()),
            ]
            .into(),
        );
        fleet.inputs = inputs;
        let source = crate::fleet::InventorySource::new(inventory);
        let header = crate::fleet::empty_like(source.header());
        (crate::fleet::run(&source, &header, &set, config, &ScanOptions { target, jobs }, &fleet)?, Vec::new())
    };
    for f in failures {
        report.scan.complete = false;
        report.errors.push(crate::report::model::ScanError {
            plugin: format!("{} collector", f.provider),
            account: None,
            kind: "collection".into(),
            message: f.message,
        });
    }
    for e in report.errors.iter().filter(|e| e.account.is_some()) {
        eprintln!("error: {}", e.message);
    }
    super::output::finish(global, config, report, &args.report)
}

/// What the live collection added up to, on stderr: coverage gaps and
/// throttles (the per-call detail is in `--api-log`).
fn print_live_summary(source: &crate::fleet::live::LiveSource) {
    let totals = source.totals();
    let pace = source.request().pacer().stats();
    tracing::info!(
        resources = totals.resources,
        calls = totals.calls,
        gaps = totals.gaps,
        throttles = pace.throttles,
        "collection finished"
    );
    if totals.gaps > 0 {
        eprintln!(
            "warning: {} coverage gap(s): some kinds could not be collected; their checks report `error` (see coverage_gaps in the report or --api-log)",
            totals.gaps
        );
    }
    if let Some((key, n, peak)) = &pace.worst {
        eprintln!(
            "note: {} throttling answer(s) on {} (account, region, service) key(s); calls there were slowed down and retried (most: {n} on {key}, spaced up to {} ms)",
            pace.throttles,
            pace.throttled_keys,
            peak.as_millis()
        );
    }
}

/// Loads the plugins for an evaluation, printing load errors; refuses to go
/// on with none.
pub(crate) fn load_for_scan(
    global: &GlobalArgs,
    config: &Config,
) -> anyhow::Result<(crate::runtime::Runtime, crate::plugins::PluginSet)> {
    let (runtime, set) = super::load_plugins(global, config)?;
    super::print_load_errors(&set);
    if set.plugins.is_empty() {
        bail!("no plugin could be loaded, so nothing would be checked; see the errors above");
    }
    Ok((runtime, set))
}

/// The bundled demo inventory, parsed.
pub(crate) fn demo_inventory() -> anyhow::Result<inventory::Inventory> {
    Ok(inventory::parse(DEMO_INVENTORY, Path::new("<bundled demo inventory>"))?)
}

/// The live-collection options that change what is collected: part of the
/// checkpoint fingerprint.
fn live_options(
    live: &crate::cli::LiveArgs,
    providers: &[crate::model::Provider],
) -> std::collections::BTreeMap<String, String> {
    let list = |v: &[String]| v.join(",");
    // External ids are written to the checkpoint as digests only.
    let secret = |v: &Option<String>| v.as_deref().map(|s| crate::digest::sha256_hex(s.as_bytes())).unwrap_or_default();
    [
        ("providers", providers.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(",")),
        ("regions", list(&live.region)),
        ("profile", live.profile.clone().unwrap_or_default()),
        ("role_arn", live.role_arn.clone().unwrap_or_default()),
        ("external_id", secret(&live.external_id)),
        ("subscriptions", list(&live.subscription)),
        ("tenant", live.tenant.clone().unwrap_or_default()),
        ("projects", list(&live.project)),
        ("organization", live.organization.to_string()),
        ("member_role", live.member_role.clone().unwrap_or_default()),
        ("member_external_id", secret(&live.member_external_id)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}
