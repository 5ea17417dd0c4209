//! `splitline plugins list|check|inspect|add`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::cli::{GlobalArgs, ListFormat, PluginsCommand};
use crate::config::Config;
use crate::conformance;
use crate::exit::ExitStatus;
use crate::inventory;
use crate::lock::{Lock, Pin};
use crate::model::PluginSource;
use crate::runtime::{LoadedPlugin, Runtime};

pub fn run(global: &GlobalArgs, config: &Config, cmd: PluginsCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        PluginsCommand::List { format } => list(global, config, format),
        PluginsCommand::Check { files, builtin, format } => check(global, config, &files, builtin, format),
        PluginsCommand::Inspect { file, format } => inspect(global, config, &file, format),
        PluginsCommand::Add { file } => add(global, config, &file),
    }
}

fn list(global: &GlobalArgs, config: &Config, format: ListFormat) -> anyhow::Result<ExitStatus> {
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

/// Loads one file on its own (no built-ins), for check, inspect and add.
fn load_file(runtime: &Runtime, config: &Config, file: &Path) -> Result<LoadedPlugin, String> {
    let label = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| format!("plugin file {label} cannot be read: {e}."))?;
    let mut plugin = runtime
        .load(PluginSource::File(label.clone()), &bytes, config.limits.apply(Default::default()))
        .map_err(|e| format!("plugin file {label} {e}."))?;
    plugin.limits = config.limits_for(&plugin.meta.name);
    Ok(plugin)
}

#[derive(serde::Serialize)]
struct CheckReport {
    target: String,
    plugin: Option<crate::model::PluginMeta>,
    rules: Vec<conformance::RuleResult>,
    measurements: Option<conformance::Measurements>,
    passed: bool,
}

fn check(
    global: &GlobalArgs,
    config: &Config,
    files: &[PathBuf],
    builtin: bool,
    format: ListFormat,
) -> anyhow::Result<ExitStatus> {
    if files.is_empty() && !builtin {
        bail!("nothing to check: pass plugin files, or --builtin for the plugins built into splitline");
    }
    let runtime = super::runtime(global)?;
    let sample = inventory::parse(super::scan::DEMO_INVENTORY, Path::new("<bundled demo inventory>"))?;
    let mut targets: Vec<(String, Result<LoadedPlugin, String>)> = Vec::new();
    if builtin {
        for (name, bytes) in crate::plugins::builtin() {
            let loaded = runtime
                .load(PluginSource::Builtin, bytes, config.limits_for(name))
                .map_err(|e| format!("built-in plugin {name} {e}."));
            targets.push((format!("built-in {name}"), loaded));
        }
    }
    for f in files {
        targets.push((f.display().to_string(), load_file(&runtime, config, f)));
    }

    let mut reports = Vec::new();
    for (target, loaded) in targets {
        let report = match loaded {
            Err(sentence) => CheckReport {
                target,
                plugin: None,
                rules: vec![conformance::RuleResult { rule: "loads", passed: false, detail: sentence }],
                measurements: None,
                passed: false,
            },
            Ok(plugin) => {
                let mut rules = vec![conformance::RuleResult {
                    rule: "loads",
                    passed: true,
                    detail: format!(
                        "a component for splitline:plugin@{} importing only WASI, with {} check(s) whose metadata the host accepts.",
                        plugin.meta.contract,
                        plugin.checks.len()
                    ),
                }];
                let (more, measurements) = conformance::check(&plugin, &sample);
                rules.extend(more);
                let passed = rules.iter().all(|r| r.passed);
                CheckReport {
                    target,
                    plugin: Some(plugin.meta.clone()),
                    rules,
                    measurements: Some(measurements),
                    passed,
                }
            }
        };
        reports.push(report);
    }

    let mut out = std::io::stdout().lock();
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &reports)?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            for r in &reports {
                match &r.plugin {
                    Some(m) => writeln!(
                        out,
                        "{} {} · {}/{} · contract {} · sha256 {}… · {}",
                        m.name,
                        m.version,
                        m.provider,
                        m.service_model,
                        m.contract,
                        &m.digest[..16],
                        r.target
                    )?,
                    None => writeln!(out, "{}", r.target)?,
                }
                for rule in &r.rules {
                    writeln!(
                        out,
                        "  {}  {:<18} {}",
                        if rule.passed { "pass" } else { "FAIL" },
                        rule.rule,
                        rule.detail
                    )?;
                }
                if let Some(m) = &r.measurements {
                    writeln!(
                        out,
                        "  instantiate {} µs · {} resources in {:.1} ms ({:.1} µs each) · peak memory {} KiB",
                        m.instantiate_us, m.resources, m.evaluate_ms, m.per_resource_us, m.peak_memory_kib
                    )?;
                }
                writeln!(out)?;
            }
            let failed = reports.iter().filter(|r| !r.passed).count();
            writeln!(out, "{} plugin(s) checked: {} passed, {failed} failed.", reports.len(), reports.len() - failed)?;
        }
    }
    Ok(if reports.iter().all(|r| r.passed) { ExitStatus::Success } else { ExitStatus::Failure })
}

fn inspect(global: &GlobalArgs, config: &Config, file: &Path, format: ListFormat) -> anyhow::Result<ExitStatus> {
    let runtime = super::runtime(global)?;
    let plugin = load_file(&runtime, config, file).map_err(anyhow::Error::msg)?;
    let mut out = std::io::stdout().lock();
    match format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({"plugin": plugin.meta, "checks": plugin.checks}),
            )?;
            writeln!(out)?;
        }
        ListFormat::Table => {
            let m = &plugin.meta;
            writeln!(out, "name:           {}", m.name)?;
            writeln!(out, "version:        {}", m.version)?;
            writeln!(out, "provider:       {}", m.provider)?;
            writeln!(out, "service model:  {}", m.service_model)?;
            writeln!(out, "contract:       splitline:plugin@{}", m.contract)?;
            writeln!(out, "sha256:         {}", m.digest)?;
            writeln!(out, "resource kinds: {}", m.resource_kinds.join(", "))?;
            let lock = Lock::load(&super::lock_path(global, config))?;
            let pinned = match lock.pin_for(file) {
                Some(p) if p.sha256 == m.digest => format!("yes, in {}", lock.path.display()),
                Some(_) => format!("NO: {} pins a different digest", lock.path.display()),
                None => "no".into(),
            };
            writeln!(out, "pinned:         {pinned}")?;
            writeln!(out, "checks:")?;
            for c in &plugin.checks {
                writeln!(out, "  {:<18} {:<9} {:<11} {}", c.id, c.severity, c.service_model, c.title)?;
            }
        }
    }
    Ok(ExitStatus::Success)
}

fn add(global: &GlobalArgs, config: &Config, file: &Path) -> anyhow::Result<ExitStatus> {
    let runtime = super::runtime(global)?;
    let plugin = load_file(&runtime, config, file).map_err(|e| anyhow::anyhow!("{e} It was not pinned."))?;
    let lock_path = super::lock_path(global, config);
    let mut lock = Lock::load(&lock_path)?;
    let absolute = std::path::absolute(file).with_context(|| format!("cannot resolve {}", file.display()))?;
    let lock_dir =
        std::path::absolute(lock_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")))?;
    let stored = absolute.strip_prefix(&lock_dir).map(Path::to_path_buf).unwrap_or(absolute);
    lock.upsert(Pin {
        name: plugin.meta.name.clone(),
        path: stored.display().to_string(),
        sha256: plugin.meta.digest.clone(),
    });
    lock.save().with_context(|| format!("cannot write {}", lock_path.display()))?;
    println!(
        "Pinned {} {} (sha256 {}) in {}; it now loads on every run, and a changed file is refused.",
        plugin.meta.name,
        plugin.meta.version,
        plugin.meta.digest,
        lock_path.display()
    );
    Ok(ExitStatus::Success)
}
