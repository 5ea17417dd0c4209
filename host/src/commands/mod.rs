//! What each subcommand does.

mod checks;
mod plugin;
mod plugins;
pub(crate) mod scan;

use anyhow::Context as _;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::config::Config;
use crate::exit::ExitStatus;
use crate::plugins::{PluginSelection, PluginSet};
use crate::runtime::Runtime;

pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    let config = Config::load(cli.global.config.as_deref())?;
    match cli.command {
        Command::Scan(args) => scan::run(&cli.global, &config, args),
        Command::Plugins(cmd) => plugins::run(&cli.global, &config, cmd),
        Command::Checks(cmd) => checks::run(&cli.global, &config, cmd),
        Command::Plugin(cmd) => plugin::run(cmd),
    }
}

/// The runtime plus every plugin the flags and config select.
pub(crate) fn load_plugins(global: &GlobalArgs, config: &Config) -> anyhow::Result<(Runtime, PluginSet)> {
    let runtime = runtime(global)?;
    let lock = crate::lock::Lock::load(&lock_path(global, config))?;
    let mut selection = PluginSelection {
        builtin: !global.no_builtin,
        files: global.plugins.clone(),
        dirs: Vec::new(),
        lock: Some(lock),
    };
    selection.files.extend(config.scan.plugins.iter().map(|p| config.resolve(p)));
    if let Some(d) = &global.plugins_dir {
        selection.dirs.push(d.clone());
    } else if let Some(d) = &config.scan.plugins_dir {
        selection.dirs.push(config.resolve(d));
    }
    let set = PluginSet::load(&runtime, config, &selection);
    Ok((runtime, set))
}

/// Where the lock file is: `--lock`, else beside the config file, else in
/// the working directory.
pub(crate) fn lock_path(global: &GlobalArgs, config: &Config) -> std::path::PathBuf {
    if let Some(p) = &global.lock {
        return p.clone();
    }
    match config.path.as_deref().and_then(std::path::Path::parent) {
        Some(dir) => dir.join(crate::lock::FILE_NAME),
        None => std::path::PathBuf::from(crate::lock::FILE_NAME),
    }
}

/// The runtime alone, with the configured cache.
pub(crate) fn runtime(global: &GlobalArgs) -> anyhow::Result<Runtime> {
    let cache_dir =
        if global.no_cache { None } else { global.cache_dir.clone().or_else(crate::runtime::default_cache_dir) };
    Runtime::new(cache_dir).context("cannot start the WebAssembly runtime")
}

/// Prints load errors to stderr, one sentence each.
pub(crate) fn print_load_errors(set: &PluginSet) {
    for e in &set.errors {
        eprintln!("error: {}", e.message);
    }
}
