//! `splitline diff A.json B.json`: what changed between two results.

use std::io::Write as _;

use crate::cli::{DiffArgs, ListFormat};
use crate::exit::ExitStatus;
use crate::model::Status;
use crate::report::baseline;
use crate::report::model::{Change, Finding};

/// Exit 1 when B has unmuted failures that are new against A, so a CI job
/// can gate on it; else 0.
pub fn run(args: DiffArgs) -> anyhow::Result<ExitStatus> {
    let before = baseline::read_result(&args.before)?;
    let mut after = baseline::read_result(&args.after)?;
    baseline::classify(&mut after, &before, &args.before.display().to_string());
    let summary = after.baseline.clone().expect("classify sets it");
    let of = |c: Change| -> Vec<&Finding> { after.findings.iter().filter(|f| f.change == Some(c)).collect() };
    let (new, unchanged, unevaluable) = (of(Change::New), of(Change::Unchanged), of(Change::NewlyUnevaluable));

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        ListFormat::Json => {
            let ids = |v: &[&Finding]| v.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
            let doc = serde_json::json!({
                "before": args.before.display().to_string(),
                "after": args.after.display().to_string(),
                "new": new,
                "unchanged": ids(&unchanged),
                "newly_unevaluable": unevaluable,
                "fixed": summary.fixed,
            });
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            writeln!(
                out,
                "{} → {}: {} new, {} unchanged, {} fixed, {} newly unevaluable",
                args.before.display(),
                args.after.display(),
                new.len(),
                unchanged.len(),
                summary.fixed.len(),
                unevaluable.len()
            )?;
            let line = |f: &Finding| {
                let muted = if f.mute.is_some() { " (muted)" } else { "" };
                format!(
                    "  {:<8} {:<14} {} {}/{} {}{muted}",
                    f.severity, f.check_id, f.provider, f.account, f.region, f.resource_id
                )
            };
            for (title, list) in [("new failures", &new), ("newly unevaluable", &unevaluable)] {
                if !list.is_empty() {
                    writeln!(out, "\n{title}:")?;
                    for f in list.iter() {
                        writeln!(out, "{}", line(f))?;
                    }
                }
            }
            if !summary.fixed.is_empty() {
                writeln!(out, "\nfixed:")?;
                for f in &summary.fixed {
                    writeln!(
                        out,
                        "  {:<8} {:<14} {} {}/{} {} (now {})",
                        f.severity, f.check_id, f.provider, f.account, f.region, f.resource_id, f.now
                    )?;
                }
            }
        }
    }
    out.flush()?;
    let gating = new.iter().any(|f| f.effective_status() == Status::Fail);
    Ok(if gating { ExitStatus::Failure } else { ExitStatus::Success })
}
