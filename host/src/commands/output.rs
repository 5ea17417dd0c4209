//! What `scan` and `report` do with a finished result: apply mutes and a
//! baseline, recompute the derived views, write every requested format, and
//! turn the result into an exit status.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, bail};

use crate::cli::{FailOn, GlobalArgs, ReportArgs};
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::model::{Severity, Status};
use crate::report::model::{Change, ScanReport};
use crate::report::{self, Format, baseline, mutes};

/// Applies `--mutes` (replacing any mutes already in the result) and
/// `--baseline`, then recomputes the summary, matrix and compliance views.
pub(crate) fn prepare(
    report: &mut ScanReport,
    mutes_file: Option<&Path>,
    baseline_file: Option<&Path>,
) -> anyhow::Result<()> {
    if let Some(path) = mutes_file {
        let rules = mutes::Mutes::read(path)?;
        mutes::apply(report, &rules, &mutes::today());
        for m in report.mutes.iter().filter(|m| m.expired) {
            eprintln!(
                "warning: mute rule {} in {} expired on {} and no longer hides its {} finding(s): {}",
                m.rule,
                path.display(),
                m.expires.as_deref().unwrap_or("?"),
                m.matched,
                m.reason
            );
        }
    }
    if let Some(path) = baseline_file {
        let base = baseline::read_result(path)?;
        baseline::classify(report, &base, &path.display().to_string());
    }
    report::refresh_derived(report);
    Ok(())
}

/// The formats to write: the flags, else the config's `scan.format`
/// (comma-separated), else the terminal report.
pub(crate) fn formats(args: &ReportArgs, config: &Config) -> anyhow::Result<Vec<Format>> {
    let mut formats = if !args.format.is_empty() {
        args.format.clone()
    } else if let Some(f) = config.scan.format.as_deref() {
        f.split(',')
            .map(|s| s.trim().parse::<Format>().map_err(|e| anyhow::anyhow!("config file: scan.format: {e}")))
            .collect::<anyhow::Result<_>>()?
    } else {
        vec![Format::Terminal]
    };
    let mut seen = std::collections::BTreeSet::new();
    formats.retain(|f| seen.insert(*f));
    if formats.len() > 1 && args.output_dir.is_none() {
        bail!(
            "{} formats were asked for but only one can go to {}; add --output-dir DIR to write each to its own file",
            formats.len(),
            if args.output.is_some() { "--output" } else { "stdout" }
        );
    }
    Ok(formats)
}

/// Writes the report in every format: to `--output-dir` (one file each,
/// atomically, plus the terminal summary on stdout), to `--output`, or to
/// stdout.
pub(crate) fn write(
    global: &GlobalArgs,
    report: &ScanReport,
    formats: &[Format],
    args: &ReportArgs,
) -> anyhow::Result<()> {
    if let Some(dir) = &args.output_dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the output directory {}", dir.display()))?;
        for &format in formats {
            let path = dir.join(format.file_name());
            report::write_atomic_with(&path, |out| report::render(report, format, out, false))
                .with_context(|| format!("cannot write {}", path.display()))?;
            if !global.quiet {
                eprintln!("wrote {}", path.display());
            }
        }
        if !global.quiet {
            to_stdout(global, report, Format::Terminal)?;
        }
        return Ok(());
    }
    let format = formats[0];
    match &args.output {
        Some(path) => {
            report::write_atomic_with(path, |out| report::render(report, format, out, false))
                .with_context(|| format!("cannot write the report to {}", path.display()))?;
            tracing::info!(path = %path.display(), "report written");
        }
        None => to_stdout(global, report, format)?,
    }
    Ok(())
}

fn to_stdout(global: &GlobalArgs, report: &ScanReport, format: Format) -> anyhow::Result<()> {
    let color = format == Format::Terminal && crate::logging::stdout_color(global.color);
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    report::render(report, format, &mut lock, color)?;
    lock.flush()?;
    Ok(())
}

/// `2` when the scan was incomplete; `1` when an unmuted failed finding is
/// at or above `--fail-on` (with `--fail-on-new`: and is new); else `0`.
pub(crate) fn exit_status(report: &ScanReport, args: &ReportArgs, config: &Config) -> anyhow::Result<ExitStatus> {
    let fail_on = match (args.fail_on, config.scan.fail_on.as_deref()) {
        (Some(f), _) => f,
        (None, Some(f)) => f.parse::<FailOn>().map_err(|e| anyhow::anyhow!("config file: scan.fail-on: {e}"))?,
        (None, None) => FailOn::AtLeast(Severity::Info),
    };
    if !report.scan.complete {
        return Ok(ExitStatus::Error);
    }
    let failing = report.findings.iter().any(|f| {
        f.effective_status() == Status::Fail
            && (!args.fail_on_new || f.change == Some(Change::New))
            && match fail_on {
                FailOn::AtLeast(threshold) => f.severity <= threshold,
                FailOn::Never => false,
            }
    });
    Ok(if failing { ExitStatus::Failure } else { ExitStatus::Success })
}

/// The whole tail of `scan` and `report`.
pub(crate) fn finish(
    global: &GlobalArgs,
    config: &Config,
    mut report: ScanReport,
    args: &ReportArgs,
) -> anyhow::Result<ExitStatus> {
    let formats = formats(args, config)?;
    prepare(&mut report, args.mutes.as_deref(), args.baseline.as_deref())?;
    write(global, &report, &formats, args)?;
    let status = exit_status(&report, args, config);
    // The process ends right after this: freeing every finding one by one
    // would cost about half a second per 100 000 resources (measured,
    // docs/benchmarks.md) for memory the OS takes back anyway.
    std::mem::forget(report);
    status
}
