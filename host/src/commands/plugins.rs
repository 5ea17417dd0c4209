//! `splitline plugins …`.

use std::io::Write;

use crate::cli::{GlobalArgs, ListFormat, PluginsCommand};
use crate::config::Config;
use crate::exit::ExitStatus;

pub fn run(global: &GlobalArgs, config: &Config, cmd: PluginsCommand) -> anyhow::Result<ExitStatus> {
    let PluginsCommand::List { format } = cmd;
    let (_runtime, set) = super::load_plugins(global, config)?;
    super::print_load_errors(&set);
    let mut out = std::io::stdout().lock();
    match format {
        ListFormat::Json => {
            let metas: Vec<_> =
                set.plugins.iter().map(|p| serde_json::json!({"plugin": p.meta, "checks": p.checks.len()})).collect();
            serde_json::to_writer_pretty(&mut out, &metas)?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            writeln!(
                out,
                "{:<22} {:<8} {:<6} {:<11} {:>6}  {:<14} SOURCE",
                "NAME", "VERSION", "CLOUD", "MODEL", "CHECKS", "DIGEST"
            )?;
            for p in &set.plugins {
                writeln!(
                    out,
                    "{:<22} {:<8} {:<6} {:<11} {:>6}  {:<14} {}",
                    p.meta.name,
                    p.meta.version,
                    p.meta.provider,
                    p.meta.service_model,
                    p.checks.len(),
                    &p.meta.digest[..12],
                    p.meta.source
                )?;
            }
        }
    }
    Ok(if set.errors.is_empty() { ExitStatus::Success } else { ExitStatus::Error })
}
