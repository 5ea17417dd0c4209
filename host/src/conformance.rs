//! `splitline plugins check`: runs a plugin through the contract's rules
//! without cloud access and says, one sentence per rule, what passed and
//! what did not.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::inventory::Inventory;
use crate::runtime::{CallInput, LoadedPlugin, RawFinding, wit};

/// Resources in the generated inventory of the performance rule.
pub const GENERATED_RESOURCES: usize = 2_000;
/// Slowest acceptable evaluation per resource in the performance rule.
pub const MAX_PER_RESOURCE: Duration = Duration::from_millis(2);

/// The outcome of one rule.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleResult {
    pub rule: &'static str,
    pub passed: bool,
    /// One sentence: what was found.
    pub detail: String,
}

/// Measurements taken while checking, for authors comparing plugins.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Measurements {
    pub instantiate_us: u64,
    pub resources: usize,
    pub evaluate_ms: f64,
    pub per_resource_us: f64,
    pub peak_memory_kib: u64,
}

fn rule(rule: &'static str, passed: bool, detail: String) -> RuleResult {
    RuleResult { rule, passed, detail }
}

/// Runs every rule after a successful load. `sample` supplies realistic
/// resources (the demo inventory).
pub fn check(plugin: &LoadedPlugin, sample: &Inventory) -> (Vec<RuleResult>, Measurements) {
    let mut results = vec![metadata(plugin)];
    let resources = sample_resources(plugin, sample);
    let ctx = context(plugin, sample, "conformance-account");

    // Empty input: must succeed with no findings.
    let (empty, _) = plugin.evaluate_with_stats(CallInput { context: &ctx, resources: &[] });
    results.push(match empty {
        Ok(f) if f.is_empty() => rule("empty-input", true, "evaluating no resources returned no findings.".into()),
        Ok(f) => rule("empty-input", false, format!("evaluating no resources returned {} findings.", f.len())),
        Err(e) => rule("empty-input", false, format!("evaluating no resources failed: the plugin {e}.")),
    });

    // Sample input: valid output covering the sample.
    let (first, stats) = plugin.evaluate_with_stats(CallInput { context: &ctx, resources: &resources });
    results.push(match &first {
        Ok(f) => rule(
            "valid-output",
            true,
            format!("{} sample resources of {} kind(s) gave {} well-formed findings, only for declared checks and given resources.", resources.len(), plugin.meta.resource_kinds.len(), f.len()),
        ),
        Err(e) => rule("valid-output", false, format!("evaluating {} sample resources failed: the plugin {e}.", resources.len())),
    });
    if let Ok(f) = &first {
        let silent: Vec<&str> = plugin
            .checks
            .iter()
            .filter(|c| !f.iter().any(|x| x.check_id == c.id))
            .filter(|c| resources.iter().any(|r| c.resource_kinds.contains(&r.kind)))
            .map(|c| c.id.as_str())
            .collect();
        results.push(if silent.is_empty() {
            rule("reports-on-input", true, "every check reported on the sample resources of its kinds.".into())
        } else {
            rule("reports-on-input", false, format!("check(s) {} reported nothing on sample resources of their kinds; a check should pass, fail or say why not for every resource it reads.", silent.join(", ")))
        });
    }

    // Determinism: the same input twice gives the same findings.
    let (second, _) = plugin.evaluate_with_stats(CallInput { context: &ctx, resources: &resources });
    results.push(match (&first, &second) {
        (Ok(a), Ok(b)) if same(a, b) => {
            rule("deterministic", true, "the same input twice gave the same findings.".into())
        }
        (Ok(_), Ok(_)) => rule(
            "deterministic",
            false,
            "the same input twice gave different findings; results must depend only on the input.".into(),
        ),
        _ => rule("deterministic", false, "could not compare two runs because evaluation failed.".into()),
    });

    // Unexpected configuration: must not crash or produce invalid output.
    let odd: Vec<wit::Resource> = plugin
        .meta
        .resource_kinds
        .iter()
        .flat_map(|k| {
            [r#"{}"#, r#"{"Name": 7, "name": [], "properties": "x", "unexpected": {"deep": [null]}}"#]
                .into_iter()
                .enumerate()
                .map(move |(i, c)| resource(k, &format!("conformance-odd-{k}-{i}"), "conformance-account", c))
        })
        .collect();
    let (odd_result, _) = plugin.evaluate_with_stats(CallInput { context: &ctx, resources: &odd });
    results.push(match odd_result {
        Ok(_) => rule("unexpected-config", true, format!("{} resources with empty or ill-typed configuration were handled without a crash.", odd.len())),
        Err(e) => rule("unexpected-config", false, format!("resources with empty or ill-typed configuration made the plugin fail: it {e}; report `error` for what cannot be read instead.")),
    });

    // Performance on a generated inventory.
    let generated = generate(&resources, plugin, GENERATED_RESOURCES);
    let (perf, perf_stats) = plugin.evaluate_with_stats(CallInput { context: &ctx, resources: &generated });
    let per_resource = perf_stats.call / generated.len().max(1) as u32;
    let measurements = Measurements {
        instantiate_us: stats.instantiate.as_micros() as u64,
        resources: generated.len(),
        evaluate_ms: perf_stats.call.as_secs_f64() * 1e3,
        per_resource_us: perf_stats.call.as_secs_f64() * 1e6 / generated.len().max(1) as f64,
        peak_memory_kib: perf_stats.peak_memory >> 10,
    };
    results.push(match perf {
        Ok(_) if per_resource <= MAX_PER_RESOURCE => rule(
            "performance",
            true,
            format!(
                "{} generated resources took {:.1} ms ({:.1} µs each) with {} KiB peak memory.",
                generated.len(),
                measurements.evaluate_ms,
                measurements.per_resource_us,
                measurements.peak_memory_kib
            ),
        ),
        Ok(_) => rule(
            "performance",
            false,
            format!(
                "{} generated resources took {:.1} µs each, slower than the {} µs limit.",
                generated.len(),
                measurements.per_resource_us,
                MAX_PER_RESOURCE.as_micros()
            ),
        ),
        Err(e) => {
            rule("performance", false, format!("{} generated resources made the plugin fail: it {e}.", generated.len()))
        }
    });
    (results, measurements)
}

/// Metadata beyond what loading already enforces.
fn metadata(plugin: &LoadedPlugin) -> RuleResult {
    let mut problems = Vec::new();
    let mut long_ids = BTreeSet::new();
    for c in &plugin.checks {
        if c.references.is_empty() {
            problems.push(format!("{} has no reference", c.id));
        }
        if !long_ids.insert(&c.long_id) {
            problems.push(format!("{} repeats long id {}", c.id, c.long_id));
        }
        if c.title.ends_with('.') {
            problems.push(format!("{}'s title ends with a period", c.id));
        }
        for x in &c.compliance {
            if x.framework.is_empty()
                || x.control.is_empty()
                || x.framework.chars().any(|ch| ch.is_ascii_uppercase() || ch == ' ')
            {
                problems
                    .push(format!("{} has a malformed compliance mapping ({:?} {:?})", c.id, x.framework, x.control));
            }
        }
    }
    if !plugin.checks.iter().any(|c| c.service_model == plugin.meta.service_model) {
        problems.push(format!("no check has the plugin's service model {}", plugin.meta.service_model));
    }
    if problems.is_empty() {
        rule("metadata", true, format!("{} checks with complete, well-formed metadata.", plugin.checks.len()))
    } else {
        rule("metadata", false, format!("{}.", problems.join("; ")))
    }
}

fn same(a: &[RawFinding], b: &[RawFinding]) -> bool {
    let key = |f: &RawFinding| (f.check_id.clone(), f.resource);
    let mut a = a.to_vec();
    let mut b = b.to_vec();
    a.sort_by_key(key);
    b.sort_by_key(key);
    a == b
}

fn context(plugin: &LoadedPlugin, sample: &Inventory, account: &str) -> wit::Context {
    wit::Context {
        scan_time: crate::time::parse_rfc3339(&sample.scan_time).unwrap_or(0),
        provider: plugin.meta.provider.to_string(),
        account: account.into(),
        inventory_schema: crate::inventory::VERSION.into(),
        settings: "{}".into(),
    }
}

fn resource(kind: &str, id: &str, account: &str, config: &str) -> wit::Resource {
    wit::Resource {
        kind: kind.into(),
        id: id.into(),
        account: account.into(),
        region: "global".into(),
        name: id.rsplit(['/', ':']).next().unwrap_or(id).into(),
        tags: vec![],
        config: config.into(),
    }
}

/// The sample's resources of the plugin's kinds, re-homed into one account;
/// a kind the sample lacks gets one resource with an empty configuration.
fn sample_resources(plugin: &LoadedPlugin, sample: &Inventory) -> Vec<wit::Resource> {
    let mut out: Vec<wit::Resource> = sample
        .resources
        .iter()
        .filter(|r| r.provider_str() == plugin.meta.provider.as_str() && plugin.meta.resource_kinds.contains(&r.kind))
        .map(|r| wit::Resource { account: "conformance-account".into(), ..crate::scan::to_wit(r) })
        .collect();
    for k in &plugin.meta.resource_kinds {
        if !out.iter().any(|r| &r.kind == k) {
            out.push(resource(k, &format!("conformance-{k}"), "conformance-account", "{}"));
        }
    }
    out
}

/// `n` resources cycling through the sample, with unique ids.
fn generate(sample: &[wit::Resource], plugin: &LoadedPlugin, n: usize) -> Vec<wit::Resource> {
    let base: Vec<wit::Resource> = if sample.is_empty() {
        plugin.meta.resource_kinds.iter().map(|k| resource(k, k, "conformance-account", "{}")).collect()
    } else {
        sample.to_vec()
    };
    (0..n)
        .map(|i| {
            let mut r = base[i % base.len()].clone();
            r.id = format!("{}#{i}", r.id);
            r
        })
        .collect()
}
