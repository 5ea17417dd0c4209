//! `sandbox-overhead INVENTORY [--jobs N] [--repeat R]`: evaluates every
//! first-party plugin on every account of an inventory twice, once natively
//! (the plugin crates linked as rlibs, called through the SDK's
//! `Plugin::evaluate`) and once through the embedded WebAssembly components
//! (`LoadedPlugin::evaluate`: fresh sandboxed instance per plugin × account,
//! as `splitline scan` does), on the same jobs and the same number of
//! threads, and prints one JSON line with both times and their ratio.
//!
//! Included on both sides: per job, turning the account's resources into
//! what the checks read (parsing each configuration document from its JSON
//! text into a `serde_json::Value`), running every check, collecting the
//! findings. Added on the WASM side only, which is the overhead measured:
//! instantiation, copying resources into and findings out of linear memory
//! (canonical ABI), running compiled WebAssembly instead of native code,
//! epoch checks, and the host's validation of the findings. Excluded on both
//! sides: reading the inventory file, building the job list, the report.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use splitline::config::Config;
use splitline::inventory::Inventory;
use splitline::plugins::{PluginSelection, PluginSet};
use splitline::runtime::{CallInput, Runtime, wit};
use splitline_plugin_sdk as sdk;

const NATIVE: &[sdk::Plugin] = &[
    splitline_plugin_aws_iaas::PLUGIN,
    splitline_plugin_aws_paas::PLUGIN,
    splitline_plugin_aws_saas::PLUGIN,
    splitline_plugin_aws_serverless::PLUGIN,
    splitline_plugin_azure_iaas::PLUGIN,
    splitline_plugin_azure_paas::PLUGIN,
    splitline_plugin_azure_saas::PLUGIN,
    splitline_plugin_azure_serverless::PLUGIN,
    splitline_plugin_gcp_iaas::PLUGIN,
    splitline_plugin_gcp_paas::PLUGIN,
    splitline_plugin_gcp_saas::PLUGIN,
    splitline_plugin_gcp_serverless::PLUGIN,
];

struct Job {
    plugin: usize,
    account: String,
    resources: Vec<usize>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: sandbox-overhead INVENTORY [--jobs N] [--repeat R]");
        std::process::exit(2);
    };
    let flag = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let threads = flag("--jobs", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2));
    let repeat = flag("--repeat", 3).max(1);

    let inventory = splitline::inventory::read_file(std::path::Path::new(path)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let runtime = Runtime::new(splitline::runtime::default_cache_dir()).expect("wasmtime runtime");
    let config = Config::default();
    let set = PluginSet::load(&runtime, &config, &PluginSelection { builtin: true, ..Default::default() });
    assert!(set.errors.is_empty(), "built-in plugins load: {:?}", set.errors);
    let native: Vec<&sdk::Plugin> = set
        .plugins
        .iter()
        .map(|p| NATIVE.iter().find(|n| n.name == p.meta.name).expect("every built-in plugin is linked natively"))
        .collect();

    let jobs = jobs(&inventory, &set);
    let scan_time = splitline::time::parse_rfc3339(&inventory.scan_time).unwrap_or(0);
    let wit_resources: Vec<wit::Resource> = inventory.resources.iter().map(to_wit).collect();

    let mut best_native = Duration::MAX;
    let mut best_wasm = Duration::MAX;
    let (mut native_findings, mut wasm_findings) = (0, 0);
    for _ in 0..repeat {
        let started = Instant::now();
        native_findings = run(&jobs, threads, |job| {
            let plugin = native[job.plugin];
            let ctx = sdk::Context {
                scan_time,
                provider: plugin.provider.into(),
                account: job.account.clone(),
                inventory_schema: inventory.version.clone(),
                settings: serde_json::Value::Object(Default::default()),
            };
            let list = job
                .resources
                .iter()
                .map(|&i| {
                    let r = &inventory.resources[i];
                    sdk::Resource {
                        kind: r.kind.clone(),
                        id: r.id.clone(),
                        account: r.account.clone(),
                        region: r.region.clone(),
                        name: r.name.clone(),
                        tags: r.tags.clone(),
                        config: serde_json::from_str(r.config.get()).expect("configuration is JSON"),
                    }
                })
                .collect();
            plugin.evaluate(&ctx, &sdk::Inventory::new(list)).len()
        });
        best_native = best_native.min(started.elapsed());

        let started = Instant::now();
        wasm_findings = run(&jobs, threads, |job| {
            let plugin = &set.plugins[job.plugin];
            let context = wit::Context {
                scan_time,
                provider: plugin.meta.provider.to_string(),
                account: job.account.clone(),
                inventory_schema: inventory.version.clone(),
                settings: "{}".into(),
            };
            let resources: Vec<wit::Resource> = job.resources.iter().map(|&i| wit_resources[i].clone()).collect();
            plugin.evaluate(CallInput { context: &context, resources: &resources }).expect("plugin call succeeds").len()
        });
        best_wasm = best_wasm.min(started.elapsed());
    }
    assert_eq!(native_findings, wasm_findings, "both paths report the same findings");
    println!(
        "{{\"resources\":{},\"jobs\":{},\"threads\":{threads},\"repeat\":{repeat},\"findings\":{native_findings},\"native_s\":{:.4},\"wasm_s\":{:.4},\"ratio\":{:.3}}}",
        inventory.resources.len(),
        jobs.len(),
        best_native.as_secs_f64(),
        best_wasm.as_secs_f64(),
        best_wasm.as_secs_f64() / best_native.as_secs_f64()
    );
}

/// Plugin × account jobs, as `splitline scan` forms them.
fn jobs(inventory: &Inventory, set: &PluginSet) -> Vec<Job> {
    let mut by_account: std::collections::HashMap<(&str, &str), Vec<usize>> = Default::default();
    for (i, r) in inventory.resources.iter().enumerate() {
        by_account.entry((r.provider_str(), r.account.as_str())).or_default().push(i);
    }
    let mut jobs = Vec::new();
    for (pi, plugin) in set.plugins.iter().enumerate() {
        for account in inventory.accounts.iter().filter(|a| a.provider == plugin.meta.provider) {
            let resources = by_account
                .get(&(account.provider.as_str(), account.id.as_str()))
                .map(|rs| {
                    rs.iter().copied().filter(|&i| plugin.meta.resource_kinds.contains(&inventory.resources[i].kind))
                })
                .into_iter()
                .flatten()
                .collect();
            jobs.push(Job { plugin: pi, account: account.id.clone(), resources });
        }
    }
    jobs
}

fn to_wit(r: &splitline::inventory::Resource) -> wit::Resource {
    wit::Resource {
        kind: r.kind.clone(),
        id: r.id.clone(),
        account: r.account.clone(),
        region: r.region.clone(),
        name: r.name.clone(),
        tags: r.tags.iter().map(|(k, v)| wit::Tag { key: k.clone(), value: v.clone() }).collect(),
        config: r.config.get().to_string(),
    }
}

/// Runs every job on `threads` workers; returns the total of what `f` counts.
fn run<F: Fn(&Job) -> usize + Sync>(jobs: &[Job], threads: usize, f: F) -> usize {
    let next = AtomicUsize::new(0);
    let total = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    total.fetch_add(f(job), Ordering::Relaxed);
                }
            });
        }
    });
    total.into_inner()
}
