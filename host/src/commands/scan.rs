//! `splitline scan`: from the demo, a saved inventory, or live collection.

use std::path::Path;

use anyhow::bail;

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

    let mut failures = Vec::new();
    let mut inputs = crate::fleet::checkpoint::Inputs::of(&set, config);
    let (inventory, target) = if args.demo {
        (demo_inventory()?, "demo inventory".to_string())
    } else if let Some(path) = &args.inventory {
        (inventory::read_file(path)?, path.display().to_string())
    } else {
        let kinds = super::declared_kinds(&set);
        let opts = super::collect_options(global, &args.live, providers.clone());
        let collected = collect::collect(&opts, &kinds)?;
        super::print_collection_summary(&collected);
        failures = collected.failures;
        let target =
            format!("live collection ({})", providers.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", "));
        (collected.inventory, target)
    };
    let live = !args.demo && args.inventory.is_none();
    if live {
        inputs.options = live_options(&args.live, &providers);
    } else {
        inputs.inventory = Some(
            [
                ("scan_time".to_string(), inventory.scan_time.clone()),
                ("version".to_string(), inventory.version.clone()),
            ]
            .into(),
        );
    }

    // One unit per account: each evaluated on its own slice and released,
    // the partial results merged (docs/organizations.md). Live collection
    // is split per account after the fact; the slices of a live scan are not
    // part of the checkpoint fingerprint (a resumed live scan keeps the
    // accounts it had finished).
    let jobs = args.jobs.or(config.scan.jobs).unwrap_or(0);
    let fleet = crate::fleet::FleetOptions {
        parallel_accounts: args.fleet.parallel_accounts,
        jobs,
        shard: args.fleet.shard,
        checkpoint: args.fleet.resume.clone().or_else(|| args.fleet.checkpoint.clone()),
        resume: args.fleet.resume.is_some(),
        inputs,
        progress: !global.quiet,
        quiet: global.quiet,
    };
    let source = crate::fleet::InventorySource::new(inventory, !live);
    let header = crate::fleet::empty_like(source.header());
    let mut report = crate::fleet::run(&source, &header, &set, config, &ScanOptions { target, jobs }, &fleet)?;
    drop(source);
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
    [
        ("providers", providers.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(",")),
        ("regions", list(&live.region)),
        ("profile", live.profile.clone().unwrap_or_default()),
        ("role_arn", live.role_arn.clone().unwrap_or_default()),
        ("external_id", live.external_id.clone().unwrap_or_default()),
        ("subscriptions", list(&live.subscription)),
        ("tenant", live.tenant.clone().unwrap_or_default()),
        ("projects", list(&live.project)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}
