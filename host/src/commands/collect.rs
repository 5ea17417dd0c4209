//! `splitline collect`: live collection into an inventory file.

use std::io::Write as _;

use anyhow::{Context as _, bail};

use crate::cli::{CollectArgs, GlobalArgs};
use crate::collect;
use crate::config::Config;
use crate::exit::ExitStatus;

pub fn run(global: &GlobalArgs, config: &Config, args: CollectArgs) -> anyhow::Result<ExitStatus> {
    let providers = if args.providers.is_empty() { collect::providers_with_credentials() } else { args.providers };
    if providers.is_empty() {
        bail!(
            "nothing to collect: name the providers (splitline collect aws,azure,gcp); no cloud credentials were found in the environment"
        );
    }
    let kinds = if args.all_kinds {
        providers.iter().flat_map(|&p| collect::collectable_kinds(p)).collect()
    } else {
        let (_runtime, set) = super::load_plugins(global, config)?;
        super::print_load_errors(&set);
        super::declared_kinds(&set)
    };
    let opts = super::collect_options(global, &args.live, providers);
    let collected = collect::collect(&opts, &kinds)?;
    super::print_collection_summary(&collected);

    let mut text = serde_json::to_vec_pretty(&collected.inventory).context("cannot serialise the inventory")?;
    text.push(b'\n');
    match &args.output {
        Some(path) => crate::report::write_atomic(path, &text)
            .with_context(|| format!("cannot write the inventory to {}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&text)?;
            out.flush()?;
        }
    }
    let complete = collected.failures.is_empty() && collected.inventory.coverage_gaps.is_empty();
    Ok(if complete { ExitStatus::Success } else { ExitStatus::Error })
}
