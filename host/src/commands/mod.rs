//! What each subcommand does.

mod checks;
mod collect;
mod compliance;
mod diff;
mod merge;
mod output;
mod permissions;
mod plugin;
mod plugins;
mod report;
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
        Command::Collect(args) => collect::run(&cli.global, &config, args),
        Command::Permissions(args) => permissions::run(&cli.global, &config, args),
        Command::Report(args) => report::run(&cli.global, &config, args),
        Command::Diff(args) => diff::run(args),
        Command::Compliance(args) => compliance::run(&cli.global, &config, args),
        Command::Merge(args) => merge::run(&cli.global, &config, args),
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

/// Every resource kind the loaded plugins read: what live collection asks for.
pub(crate) fn declared_kinds(set: &PluginSet) -> std::collections::BTreeSet<String> {
    set.plugins.iter().flat_map(|p| p.meta.resource_kinds.iter().cloned()).collect()
}

/// Live-collection options from the command line.
pub(crate) fn collect_options(
    global: &GlobalArgs,
    live: &crate::cli::LiveArgs,
    providers: Vec<crate::model::Provider>,
) -> crate::collect::CollectOptions {
    crate::collect::CollectOptions {
        providers,
        concurrency: live.concurrency,
        call_timeout: live.call_timeout.map(std::time::Duration::from_secs),
        profile: live.profile.clone(),
        role_arn: live.role_arn.clone(),
        external_id: live.external_id.clone(),
        regions: live.region.clone(),
        subscriptions: live.subscription.clone(),
        tenant: live.tenant.clone(),
        projects: live.project.clone(),
        management_groups: live.azure_management_group.clone(),
        gcp_organizations: live.gcp_organization.clone(),
        gcp_folders: live.gcp_folder.clone(),
        api_log: live.api_log.clone(),
        progress: !global.quiet,
        aws_organization: live.organization.then(|| crate::collect::AwsOrgOptions {
            member_role: live.member_role.clone(),
            member_external_id: live.member_external_id.clone(),
            member_session_seconds: live.member_session_seconds,
            ous: live.ou.clone(),
            accounts: live.account.clone(),
            exclude_accounts: live.exclude_account.clone(),
            account_tags: live.account_tag.clone(),
        }),
    }
}

/// One line per provider on stderr: what was collected, and what was not.
pub(crate) fn print_collection_summary(c: &crate::collect::Collected) {
    for f in &c.failures {
        eprintln!("error: {}", f.message);
    }
    let gaps = c.inventory.coverage_gaps.len();
    tracing::info!(
        resources = c.inventory.resources.len(),
        accounts = c.inventory.accounts.len(),
        gaps,
        calls = c.calls,
        "collection finished"
    );
    if gaps > 0 {
        eprintln!(
            "warning: {gaps} coverage gap(s): some kinds could not be collected; their checks report `error` (see coverage_gaps in the inventory or --api-log)"
        );
    }
}
