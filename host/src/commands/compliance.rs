//! `splitline compliance`: per framework, requirements covered, passing,
//! failing, manual, and coverage.

use anyhow::bail;

use crate::cli::{ComplianceArgs, GlobalArgs, ListFormat};
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::report::baseline;
use crate::scan::{self, ScanOptions};

pub fn run(global: &GlobalArgs, config: &Config, args: ComplianceArgs) -> anyhow::Result<ExitStatus> {
    let mut report = if let Some(path) = &args.results {
        baseline::read_result(path)?
    } else if args.demo || args.inventory.is_some() {
        let (_runtime, set) = super::scan::load_for_scan(global, config)?;
        let (inventory, target) = match &args.inventory {
            Some(path) => (crate::inventory::read_file(path)?, path.display().to_string()),
            None => (super::scan::demo_inventory()?, "demo inventory".to_string()),
        };
        let jobs = config.scan.jobs.unwrap_or(0);
        scan::run(&inventory, &set, config, &ScanOptions { target, jobs })
    } else {
        bail!(
            "what should be assessed? Pass --results FILE (a saved `scan --format json` result), --demo, or --inventory FILE"
        );
    };
    super::output::prepare(&mut report, args.mutes.as_deref(), None)?;

    let mut results = report.compliance.clone();
    if !args.framework.is_empty() {
        for id in &args.framework {
            if !results.iter().any(|r| &r.id == id) {
                let known: Vec<&str> = results.iter().map(|r| r.id.as_str()).collect();
                bail!("no compliance pack `{id}`; known packs: {}", known.join(", "));
            }
        }
        results.retain(|r| args.framework.contains(&r.id));
    }

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &results)?;
            std::io::Write::write_all(&mut out, b"\n")?;
        }
        ListFormat::Table => {
            crate::report::compliance::render_summary(&results, &mut out)?;
            if args.requirements {
                for r in &results {
                    std::io::Write::write_fmt(&mut out, format_args!("\n{} {}\n", r.name, r.version))?;
                    for q in &r.requirements {
                        std::io::Write::write_fmt(
                            &mut out,
                            format_args!(
                                "  {:<14} {:<13} {}{}\n",
                                q.id,
                                q.status.as_str(),
                                q.title,
                                if q.failed_findings > 0 {
                                    format!(" ({} failed finding(s))", q.failed_findings)
                                } else {
                                    String::new()
                                }
                            ),
                        )?;
                    }
                }
            }
        }
    }
    if !report.scan.complete {
        eprintln!(
            "warning: the result is incomplete (errors or coverage gaps); requirements may show as not evaluated"
        );
    }
    Ok(ExitStatus::Success)
}
