//! `splitline permissions PROVIDER`: the read-only policy a scan needs,
//! rendered from the collector's operations registry.

use std::io::Write as _;

use crate::cli::{GlobalArgs, PermissionsArgs};
use crate::collect;
use crate::config::Config;
use crate::exit::ExitStatus;

pub fn run(global: &GlobalArgs, config: &Config, args: PermissionsArgs) -> anyhow::Result<ExitStatus> {
    let kinds: Option<Vec<String>> = if args.all_kinds {
        None
    } else {
        let (_runtime, set) = super::load_plugins(global, config)?;
        super::print_load_errors(&set);
        let prefix = format!("{}.", args.provider);
        Some(super::declared_kinds(&set).into_iter().filter(|k| k.starts_with(&prefix)).collect())
    };
    let doc = if args.organization {
        collect::organization_permissions(args.provider, kinds.as_deref(), args.member_role.as_deref())?
    } else {
        collect::permissions(args.provider, kinds.as_deref())?
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", doc.trim_end())?;
    out.flush()?;
    Ok(ExitStatus::Success)
}
