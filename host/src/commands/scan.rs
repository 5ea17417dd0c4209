//! `splitline scan`: from the demo, a saved inventory, or live collection.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, bail};

use crate::cli::{FailOn, GlobalArgs, ScanArgs};
use crate::collect;
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::inventory;
use crate::model::Status;
use crate::report::{self, Format};
use crate::scan::{self, ScanOptions};

/// The demo inventory bundled into the binary.
pub(crate) const DEMO_INVENTORY: &str = include_str!("../../assets/demo-inventory.json");

pub fn run(global: &GlobalArgs, config: &Config, args: ScanArgs) -> anyhow::Result<ExitStatus> {
    let format = match (args.format, config.scan.format.as_deref()) {
        (Some(f), _) => f,
        (None, Some(f)) => f.parse::<Format>().map_err(|e| anyhow::anyhow!("config file: scan.format: {e}"))?,
        (None, None) => Format::Terminal,
    };
    let fail_on = match (args.fail_on, config.scan.fail_on.as_deref()) {
        (Some(f), _) => f,
        (None, Some(f)) => f.parse::<FailOn>().map_err(|e| anyhow::anyhow!("config file: scan.fail-on: {e}"))?,
        (None, None) => FailOn::AtLeast(crate::model::Severity::Info),
    };

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

    let (_runtime, set) = super::load_plugins(global, config)?;
    super::print_load_errors(&set);
    if set.plugins.is_empty() {
        bail!("no plugin could be loaded, so nothing would be checked; see the errors above");
    }

    let mut failures = Vec::new();
    let (inventory, target) = if args.demo {
        (inventory::parse(DEMO_INVENTORY, Path::new("<bundled demo inventory>"))?, "demo inventory".to_string())
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

    let jobs = args.jobs.or(config.scan.jobs).unwrap_or(0);
    let mut report = scan::run(&inventory, &set, config, &ScanOptions { target, jobs });
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

    match &args.output {
        Some(path) => {
            let mut buf = Vec::new();
            report::render(&report, format, &mut buf, false)?;
            report::write_atomic(path, &buf)
                .with_context(|| format!("cannot write the report to {}", path.display()))?;
            tracing::info!(path = %path.display(), "report written");
        }
        None => {
            let color = crate::logging::stdout_color(global.color);
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            report::render(&report, format, &mut lock, color)?;
            lock.flush()?;
        }
    }

    if !report.scan.complete {
        return Ok(ExitStatus::Error);
    }
    let failing = report.findings.iter().any(|f| {
        f.status == Status::Fail
            && match fail_on {
                FailOn::AtLeast(threshold) => f.severity <= threshold,
                FailOn::Never => false,
            }
    });
    Ok(if failing { ExitStatus::Failure } else { ExitStatus::Success })
}
