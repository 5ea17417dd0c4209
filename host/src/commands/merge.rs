//! `splitline merge`: combine saved results (the shards of one scan) into
//! one report, rendered like `splitline report`.

use crate::cli::{GlobalArgs, MergeArgs};
use crate::config::Config;
use crate::exit::ExitStatus;

pub fn run(global: &GlobalArgs, config: &Config, args: MergeArgs) -> anyhow::Result<ExitStatus> {
    super::output::formats(&args.report, config)?;
    let (report, warnings) = crate::fleet::merge::merge_files(&args.results)?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    super::output::finish(global, config, report, &args.report)
}
