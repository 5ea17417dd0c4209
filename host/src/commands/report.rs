//! `splitline report`: re-render a saved JSON result, with new mutes or a
//! baseline, in any format; or the responsibility matrix as its own document.

use anyhow::{Context as _, bail};

use crate::cli::{GlobalArgs, ReportCommandArgs};
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::report::{self, Format, baseline};

pub fn run(global: &GlobalArgs, config: &Config, args: ReportCommandArgs) -> anyhow::Result<ExitStatus> {
    let report = baseline::read_result(&args.results)?;
    if !args.responsibility {
        return super::output::finish(global, config, report, &args.report);
    }

    let mut report = report;
    let formats = if args.report.format.is_empty() { vec![Format::Markdown] } else { args.report.format.clone() };
    if let Some(f) = formats.iter().find(|f| !matches!(f, Format::Markdown | Format::Html)) {
        bail!(
            "the responsibility document is written as markdown or html, not {}; use --format markdown or --format html",
            f.name()
        );
    }
    if formats.len() > 1 && args.report.output_dir.is_none() {
        bail!("both markdown and html were asked for; add --output-dir DIR to write each to its own file");
    }
    super::output::prepare(&mut report, args.report.mutes.as_deref(), args.report.baseline.as_deref())?;
    for format in formats {
        let mut buf = Vec::new();
        report::render_responsibility(&report, format, &mut buf)?;
        let path = match (&args.report.output_dir, &args.report.output) {
            (Some(dir), _) => {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create the output directory {}", dir.display()))?;
                Some(dir.join(format!("responsibility.{}", if format == Format::Html { "html" } else { "md" })))
            }
            (None, Some(path)) => Some(path.clone()),
            (None, None) => None,
        };
        match path {
            Some(path) => {
                report::write_atomic(&path, &buf).with_context(|| format!("cannot write {}", path.display()))?;
                if !global.quiet {
                    eprintln!("wrote {}", path.display());
                }
            }
            None => {
                use std::io::Write as _;
                std::io::stdout().write_all(&buf)?;
            }
        }
    }
    Ok(ExitStatus::Success)
}
