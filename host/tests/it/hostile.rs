//! Plugins that loop, exhaust memory or stack, panic, lie, flood the host
//! with output or smuggle escape sequences: each costs only its own
//! findings; every other plugin's findings are intact and the exit code
//! says the scan was incomplete.

use std::collections::BTreeSet;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{Run, baseline_ids, finding_ids, fixture_plugin, json, run, splitline, temp_file};

const CONFIG: &str = r#"
[plugins.hostile-loop]
limits = { timeout-ms = 500 }

[plugins.hostile-alloc]
limits = { memory-mb = 64 }
"#;

/// Peak resident memory of a scan with hostile plugins: the host itself
/// (about 25 MiB for a clean demo scan), plus for each concurrent call the
/// plugin's linear memory and what the host copies out of it. Scans here
/// run two calls at a time (`--jobs 2`); flood and alias peak under 300 MiB.
const RSS_BOUND_KIB: u64 = 512 << 10;

/// One scan: what it printed, how long it took, and its peak resident
/// memory when GNU time is there to measure it.
struct Scan {
    run: Run,
    elapsed: Duration,
    peak_rss_kib: Option<u64>,
}

const TIME: &str = "/usr/bin/time";
const RSS_MARK: &str = "splitline-test-peak-rss-kib=";

/// Runs `cmd`, under GNU time when it is installed to report its peak RSS.
fn run_measured(cmd: &mut Command) -> Scan {
    // GNU time (Linux): `-f %M` is its peak-RSS format; BSD time has no `-f`.
    let gnu_time = cfg!(target_os = "linux") && std::path::Path::new(TIME).is_file();
    let mut timed;
    let cmd = if gnu_time {
        timed = Command::new(TIME);
        timed.arg("-f").arg(format!("{RSS_MARK}%M")).arg(cmd.get_program()).args(cmd.get_args());
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => timed.env(k, v),
                None => timed.env_remove(k),
            };
        }
        if let Some(dir) = cmd.get_current_dir() {
            timed.current_dir(dir);
        }
        &mut timed
    } else {
        cmd
    };
    let started = Instant::now();
    let mut r = run(cmd);
    let elapsed = started.elapsed();
    let mut peak_rss_kib = None;
    if gnu_time {
        let mut kept = Vec::new();
        for line in r.stderr.lines() {
            if let Some(kib) = line.strip_prefix(RSS_MARK) {
                peak_rss_kib = kib.trim().parse().ok();
            } else if !line.starts_with("Command exited with non-zero status") {
                kept.push(line);
            }
        }
        r.stderr = kept.join("\n");
    }
    Scan { run: r, elapsed, peak_rss_kib }
}

fn scan_with(fixtures: &[&str]) -> Scan {
    let (_dir, config) = temp_file("splitline.toml", CONFIG.as_bytes());
    let mut cmd = splitline();
    // Two calls at a time whatever the machine, so that memory is comparable.
    cmd.args(["scan", "--demo", "--format", "json", "--jobs", "2", "--config"]).arg(&config);
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
    run_measured(&mut cmd)
}

/// Ids of the findings of the built-in plugins (every fixture is named hostile-*).
fn builtin_ids(report: &serde_json::Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["plugin"].as_str().unwrap().starts_with("hostile-"))
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

fn assert_contained(fixture: &str, plugin: &str, kind: &str, words: &str) -> Scan {
    let scan = scan_with(&[fixture]);
    let r = &scan.run;
    assert_eq!(r.code, 2, "an incomplete scan exits 2; stderr: {}", r.stderr);
    let report = json(r);
    assert_eq!(report["scan"]["complete"], false);
    let errors: Vec<_> = report["errors"].as_array().unwrap().iter().filter(|e| e["plugin"] == plugin).collect();
    assert!(!errors.is_empty(), "an error entry for {plugin}: {}", report["errors"]);
    for e in &errors {
        assert_eq!(e["kind"], kind, "{e}");
        assert!(e["message"].as_str().unwrap().contains(words), "{e}");
    }
    assert!(r.stderr.contains(&format!("plugin {plugin} ")), "stderr names the plugin: {}", r.stderr);
    assert_eq!(
        finding_ids(&report),
        baseline_ids(),
        "every other plugin's findings are present, and none from {plugin}"
    );
    eprintln!("{plugin}: {:?}, peak RSS {:?} KiB", scan.elapsed, scan.peak_rss_kib);
    scan
}

fn assert_rss_bounded(scan: &Scan) {
    match scan.peak_rss_kib {
        Some(kib) => assert!(kib < RSS_BOUND_KIB, "peak RSS {kib} KiB, more than {RSS_BOUND_KIB} KiB"),
        None => eprintln!("peak RSS not measured (it needs GNU time at {TIME})"),
    }
}

#[test]
fn infinite_loop_hits_the_deadline() {
    let scan = assert_contained("splitline-test-hostile-loop", "hostile-loop", "timeout", "time limit of 500 ms");
    // Two AWS accounts, evaluated in parallel or one after the other.
    assert!(scan.elapsed < Duration::from_millis(2 * 500 + 3_000), "scan took {:?}", scan.elapsed);
}

#[test]
fn unbounded_allocation_hits_the_memory_cap() {
    assert_contained("splitline-test-hostile-alloc", "hostile-alloc", "memory", "memory limit of 64 MiB");
}

#[test]
fn unbounded_recursion_overflows_the_stack() {
    // In one account the plugin overflows Rust's stack in linear memory
    // (wasmtime sees an out-of-bounds access), in the other wasmtime's
    // native wasm stack: both are reported as a stack overflow.
    let scan = assert_contained(
        "splitline-test-hostile-recursion",
        "hostile-recursion",
        "stack-overflow",
        "overflowed its stack",
    );
    assert_eq!(json(&scan.run)["errors"].as_array().unwrap().len(), 2, "one entry per account");
    assert!(scan.elapsed < Duration::from_secs(5), "scan took {:?}", scan.elapsed);
}

#[test]
fn flood_of_findings_hits_the_output_limit() {
    let scan = assert_contained(
        "splitline-test-hostile-flood",
        "hostile-flood",
        "invalid-output",
        "more than the output limit of 16384 KiB",
    );
    assert!(scan.run.stderr.contains("returned invalid output (48 findings totalling"), "{}", scan.run.stderr);
    // The demo's own result is about 1.1 MB; the flood alone would be over 16 MB.
    assert!(scan.run.stdout.len() < 2 << 20, "none of the flood reaches the report: {} bytes", scan.run.stdout.len());
    assert!(scan.elapsed < Duration::from_secs(5), "scan took {:?}", scan.elapsed);
    assert_rss_bounded(&scan);
}

#[test]
fn aliased_output_hits_the_copy_limit() {
    // 1,000 findings pointing at one 1 MiB string: the host stops copying at
    // 128 MiB, long before 1,000 MiB.
    let scan = assert_contained(
        "splitline-test-hostile-alias",
        "hostile-alias",
        "trap",
        "too much data is being copied between the host and the guest",
    );
    assert!(scan.elapsed < Duration::from_secs(5), "scan took {:?}", scan.elapsed);
    assert_rss_bounded(&scan);
}

#[test]
fn panic_is_reported_with_its_message() {
    assert_contained("splitline-test-hostile-panic", "hostile-panic", "panic", "hostile plugin gave up");
}

#[test]
fn forged_findings_are_discarded() {
    assert_contained("splitline-test-hostile-liar", "hostile-liar", "invalid-output", "did not declare");
}

/// Characters that must never reach a terminal from a plugin.
fn assert_no_escapes(what: &str, text: &str) {
    let bad: Vec<String> = text
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(bad.is_empty(), "{what} contains {bad:?}:\n{text}");
}

#[test]
fn escape_sequences_never_reach_the_terminal() {
    let plugin = fixture_plugin("splitline-test-hostile-escapes");
    let started = Instant::now();

    // Within every limit: it loads and its findings are reported, cleaned.
    let report = json(&run(splitline().args(["scan", "--demo", "--format", "json", "--plugin"]).arg(&plugin)));
    assert_eq!(report["errors"].as_array().unwrap().len(), 0, "{}", report["errors"]);
    assert_eq!(builtin_ids(&report), baseline_ids(), "the built-in plugins' findings are complete");
    let ours: Vec<_> =
        report["findings"].as_array().unwrap().iter().filter(|f| f["plugin"] == "hostile-escapes").collect();
    assert_eq!(ours.len(), 10, "one finding per demo bucket");
    assert_no_escapes("JSON messages", &ours.iter().map(|f| f["message"].as_str().unwrap()).collect::<String>());

    for args in [
        &["scan", "--demo", "--color", "never"][..],
        &["checks", "show", "HOSTILE-ESCAPES-001"],
        &["checks", "list"],
        &["plugins", "list"],
    ] {
        let r = run(splitline().args(args).arg("--plugin").arg(&plugin));
        let what = args.join(" ");
        assert!(r.code <= 1, "{what} exited {}: {}", r.code, r.stderr);
        assert!(r.stdout.contains("HOSTILE-ESCAPES-001") || r.stdout.contains("hostile-escapes"), "{what}");
        assert_no_escapes(&format!("stdout of `{what}`"), &r.stdout);
        assert_no_escapes(&format!("stderr of `{what}`"), &r.stderr);
    }
    let r = run(splitline().args(["plugins", "inspect"]).arg(&plugin));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_no_escapes("stdout of `plugins inspect`", &r.stdout);

    // What is left is visible text: the escapes' printable tails, not silence.
    let show = run(splitline().args(["checks", "show", "HOSTILE-ESCAPES-001", "--plugin"]).arg(&plugin));
    assert!(show.stdout.contains("Clears  [2J [H the screen  and  reverses text"), "{}", show.stdout);
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
}

/// Every hostile fixture that loads, and every one that is refused at load.
const ALL_HOSTILE: &[&str] = &[
    "splitline-test-hostile-loop",
    "splitline-test-hostile-alloc",
    "splitline-test-hostile-panic",
    "splitline-test-hostile-liar",
    "splitline-test-hostile-recursion",
    "splitline-test-hostile-flood",
    "splitline-test-hostile-alias",
    "splitline-test-hostile-escapes",
    "splitline-test-hostile-dupe-self",
    "splitline-test-hostile-dupe-other",
    "splitline-test-hostile-metadata",
    "splitline-test-hostile-other-world",
    "splitline-test-hostile-exfil",
];

#[test]
fn all_hostile_plugins_at_once() {
    let scan = scan_with(ALL_HOSTILE);
    let r = &scan.run;
    assert_eq!(r.code, 2);
    let report = json(r);
    let kinds: BTreeSet<String> =
        report["errors"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_string()).collect();
    assert_eq!(
        kinds,
        BTreeSet::from(
            ["invalid-output", "load", "memory", "panic", "stack-overflow", "timeout", "trap"].map(String::from)
        )
    );
    let loads = report["errors"].as_array().unwrap().iter().filter(|e| e["kind"] == "load").count();
    assert_eq!(loads, 5, "dupe-self, dupe-other, metadata, other-world and exfil are refused: {}", report["errors"]);
    assert_eq!(builtin_ids(&report), baseline_ids());
    eprintln!("all hostile plugins: {:?}, peak RSS {:?} KiB", scan.elapsed, scan.peak_rss_kib);
    assert!(scan.elapsed < Duration::from_millis(2 * 500 + 4_000), "scan took {:?}", scan.elapsed);
    assert_rss_bounded(&scan);
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
