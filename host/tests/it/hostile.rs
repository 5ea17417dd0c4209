//! Plugins that loop, exhaust memory, panic or lie: each costs only its own
//! findings; every other plugin's findings are intact and the exit code
//! says the scan was incomplete.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::support::{Run, fixture_plugin, json, run, splitline, temp_file};

const CONFIG: &str = r#"
[plugins.hostile-loop]
limits = { timeout-ms = 500 }

[plugins.hostile-alloc]
limits = { memory-mb = 64 }
"#;

fn scan_with(fixtures: &[&str]) -> (Run, Duration) {
    let (_dir, config) = temp_file("splitline.toml", CONFIG.as_bytes());
    let mut cmd = splitline();
    cmd.args(["scan", "--demo", "--format", "json", "--config"]).arg(&config);
    for f in fixtures {
        cmd.arg("--plugin").arg(fixture_plugin(f));
    }
    // Warm the compile cache so the timing below measures the scan.
    let mut warm = splitline();
    warm.args(["plugins", "list", "--config"]).arg(&config);
    for f in fixtures {
        warm.arg("--plugin").arg(fixture_plugin(f));
    }
    run(&mut warm);
    let started = Instant::now();
    let r = run(&mut cmd);
    (r, started.elapsed())
}

fn baseline_ids() -> BTreeSet<String> {
    let report = json(&run(splitline().args(["scan", "--demo", "--format", "json"])));
    report["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect()
}

fn assert_contained(fixture: &str, plugin: &str, kind: &str, words: &str) -> Duration {
    let (r, elapsed) = scan_with(&[fixture]);
    assert_eq!(r.code, 2, "an incomplete scan exits 2; stderr: {}", r.stderr);
    let report = json(&r);
    assert_eq!(report["scan"]["complete"], false);
    let errors: Vec<_> = report["errors"].as_array().unwrap().iter().filter(|e| e["plugin"] == plugin).collect();
    assert!(!errors.is_empty(), "an error entry for {plugin}: {}", report["errors"]);
    for e in &errors {
        assert_eq!(e["kind"], kind, "{e}");
        assert!(e["message"].as_str().unwrap().contains(words), "{e}");
    }
    assert!(r.stderr.contains(&format!("plugin {plugin} ")), "stderr names the plugin: {}", r.stderr);
    let ids: BTreeSet<String> =
        report["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, baseline_ids(), "every other plugin's findings are present, and none from {plugin}");
    elapsed
}

#[test]
fn infinite_loop_hits_the_deadline() {
    let elapsed = assert_contained("splitline-test-hostile-loop", "hostile-loop", "timeout", "time limit of 500 ms");
    // Two AWS accounts, evaluated in parallel or one after the other.
    assert!(elapsed < Duration::from_millis(2 * 500 + 3_000), "scan took {elapsed:?}");
}

#[test]
fn unbounded_allocation_hits_the_memory_cap() {
    assert_contained("splitline-test-hostile-alloc", "hostile-alloc", "memory", "memory limit of 64 MiB");
}

#[test]
fn panic_is_reported_with_its_message() {
    assert_contained("splitline-test-hostile-panic", "hostile-panic", "panic", "hostile plugin gave up");
}

#[test]
fn forged_findings_are_discarded() {
    assert_contained("splitline-test-hostile-liar", "hostile-liar", "invalid-output", "did not declare");
}

#[test]
fn all_hostile_plugins_at_once() {
    let (r, elapsed) = scan_with(&[
        "splitline-test-hostile-loop",
        "splitline-test-hostile-alloc",
        "splitline-test-hostile-panic",
        "splitline-test-hostile-liar",
    ]);
    assert_eq!(r.code, 2);
    let report = json(&r);
    let kinds: BTreeSet<String> =
        report["errors"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_string()).collect();
    assert_eq!(kinds, BTreeSet::from(["invalid-output", "memory", "panic", "timeout"].map(String::from)));
    let ids: BTreeSet<String> =
        report["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, baseline_ids());
    assert!(elapsed < Duration::from_millis(2 * 500 + 4_000), "scan took {elapsed:?}");
    assert!(!r.stdout.contains('\u{1b}'), "terminal escapes from plugins never reach the output");
}

/// Runs the snooping plugin twice and returns its evidence for one bucket.
fn snoop() -> Vec<serde_json::Map<String, serde_json::Value>> {
    (0..2)
        .map(|_| {
            let r = run(splitline()
                .args(["scan", "--demo", "--format", "json", "--no-builtin", "--plugin"])
                .arg(fixture_plugin("splitline-test-hostile-snoop"))
                .env("SPLITLINE_CANARY", "should-not-be-visible"));
            let report = json(&r);
            let f = report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["plugin"] == "hostile-snoop")
                .cloned()
                .unwrap();
            f["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| (e["property"].as_str().unwrap().to_string(), e["value"].clone()))
                .collect()
        })
        .collect()
}

#[test]
fn plugins_get_no_files_environment_network_clock_or_randomness() {
    let runs = snoop();
    let ev = &runs[0];
    assert_eq!(ev["file"], "denied");
    assert_eq!(ev["dir"], "denied");
    assert_eq!(ev["env"], "0", "no environment variables");
    assert_eq!(ev["args"], "0", "no arguments");
    assert_eq!(ev["net"], "denied");
    assert_eq!(ev["clock-minus-scan-time"], "0", "the wall clock is frozen at the scan time");
    assert_eq!(runs[0]["hash"], runs[1]["hash"], "randomness is a fixed sequence: same output every run");
}
