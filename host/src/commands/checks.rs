//! `splitline checks …`.

use std::io::Write;

use anyhow::bail;

use crate::cli::{ChecksCommand, GlobalArgs, ListFormat};
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::model::CheckInfo;

pub fn run(global: &GlobalArgs, config: &Config, cmd: ChecksCommand) -> anyhow::Result<ExitStatus> {
    let (_runtime, set) = super::load_plugins(global, config)?;
    super::print_load_errors(&set);
    let mut checks: Vec<&CheckInfo> = set.plugins.iter().flat_map(|p| p.checks.iter()).collect();
    checks.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = std::io::stdout().lock();
    match cmd {
        ChecksCommand::List { provider, service_model, severity, format } => {
            checks.retain(|c| {
                (provider.is_empty() || provider.contains(&c.provider))
                    && (service_model.is_empty() || service_model.contains(&c.service_model))
                    && (severity.is_empty() || severity.contains(&c.severity))
            });
            match format {
                ListFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &checks)?;
                    writeln!(out)?;
                }
                ListFormat::Table => {
                    writeln!(out, "{:<12} {:<9} {:<11} {:<19} TITLE", "ID", "SEVERITY", "MODEL", "DOMAIN")?;
                    for c in &checks {
                        writeln!(
                            out,
                            "{:<12} {:<9} {:<11} {:<19} {}",
                            c.id, c.severity, c.service_model, c.control_domain, c.title
                        )?;
                    }
                    writeln!(out, "{} check(s)", checks.len())?;
                }
            }
        }
        ChecksCommand::Show { id } => {
            let Some(c) = checks.iter().find(|c| c.id.eq_ignore_ascii_case(&id) || c.long_id == id) else {
                bail!("no loaded plugin has a check `{id}`; `splitline checks list` shows the available ids");
            };
            write_check(&mut out, c)?;
        }
    }
    Ok(if set.errors.is_empty() { ExitStatus::Success } else { ExitStatus::Error })
}

fn write_check(out: &mut dyn Write, c: &CheckInfo) -> std::io::Result<()> {
    writeln!(out, "{}  {}", c.id, c.title)?;
    writeln!(out, "long id:        {}", c.long_id)?;
    writeln!(out, "plugin:         {} ({})", c.plugin, c.provider)?;
    writeln!(out, "severity:       {}", c.severity)?;
    writeln!(out, "service model:  {}", c.service_model)?;
    writeln!(out, "control domain: {} ({})", c.control_domain.title(), c.control_domain)?;
    writeln!(out, "resource kinds: {}", c.resource_kinds.join(", "))?;
    writeln!(out)?;
    writeln!(out, "Risk\n  {}", c.risk)?;
    writeln!(out)?;
    writeln!(out, "Remediation\n  {}", c.remediation.text)?;
    if let Some(cli) = &c.remediation.cli {
        writeln!(out, "\n  CLI:\n    {}", cli.replace('\n', "\n    "))?;
    }
    if let Some(tf) = &c.remediation.terraform {
        writeln!(out, "\n  Terraform:\n    {}", tf.replace('\n', "\n    "))?;
    }
    if !c.compliance.is_empty() {
        writeln!(out, "\nCompliance")?;
        for x in &c.compliance {
            writeln!(out, "  {} {}", x.framework, x.control)?;
        }
    }
    if !c.references.is_empty() {
        writeln!(out, "\nReferences")?;
        for r in &c.references {
            writeln!(out, "  {r}")?;
        }
    }
    Ok(())
}
