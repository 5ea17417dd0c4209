//! Plugin authors' tools: the conformance suite, inspect, pinning, and the
//! example third-party plugin.

use sha2::{Digest, Sha256};

use crate::support::{fixture_plugin, json, root, run, splitline, temp_file};

#[test]
fn every_builtin_plugin_passes_the_conformance_suite() {
    let r = run(splitline().args(["plugins", "check", "--builtin"]));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("FAIL"), "{}", r.stdout);
    let n = crate::support::builtin_count();
    assert!(r.stdout.contains(&format!("{n} plugin(s) checked: {n} passed, 0 failed.")), "{}", r.stdout);
}

#[test]
fn conformance_suite_names_what_a_broken_plugin_gets_wrong() {
    let (_d, garbage) = temp_file("garbage.wasm", b"nope");
    let r = run(splitline()
        .args(["plugins", "check", "--format", "json"])
        .arg(fixture_plugin("splitline-test-hostile-panic"))
        .arg(fixture_plugin("splitline-test-hostile-liar"))
        .arg(&garbage));
    assert_eq!(r.code, 1);
    let reports = json(&r);
    let failed = |i: usize| -> Vec<String> {
        reports[i]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["passed"] == false)
            .map(|r| r["rule"].as_str().unwrap().to_string())
            .collect()
    };
    // The panicking plugin fails every rule that evaluates, but loads.
    assert!(
        failed(0).contains(&"valid-output".to_string()) && !failed(0).contains(&"loads".to_string()),
        "{:?}",
        failed(0)
    );
    let detail =
        reports[0]["rules"].as_array().unwrap().iter().find(|r| r["rule"] == "valid-output").unwrap()["detail"].clone();
    assert!(detail.as_str().unwrap().contains("panicked"), "{detail}");
    // The liar's forged findings are caught.
    assert!(failed(1).contains(&"valid-output".to_string()), "{:?}", failed(1));
    // The garbage file does not load, and says why in one sentence.
    assert_eq!(failed(2), vec!["loads".to_string()]);
    assert!(reports[2]["rules"][0]["detail"].as_str().unwrap().contains("is not a WebAssembly file"));
}

#[test]
fn inspect_prints_metadata_contract_and_digest_without_running_checks() {
    let file = fixture_plugin("splitline-test-hostile-loop");
    let digest: String = Sha256::digest(std::fs::read(&file).unwrap()).iter().map(|b| format!("{b:02x}")).collect();
    // The loop plugin would hang in evaluate: inspect must not call it.
    let r = run(splitline().args(["plugins", "inspect"]).arg(&file));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for expected in [
        "hostile-loop",
        "splitline:plugin@0.1.0",
        digest.as_str(),
        "aws.s3.bucket",
        "HOSTILE-LOOP-001",
        "pinned:         no",
    ] {
        assert!(r.stdout.contains(expected), "`{expected}` missing:\n{}", r.stdout);
    }
}

#[test]
fn a_pinned_plugin_that_changed_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plugin = dir.path().join("team.wasm");
    std::fs::copy(fixture_plugin("splitline-test-hostile-snoop"), &plugin).unwrap();
    let r = run(splitline().current_dir(dir.path()).args(["plugins", "add", "team.wasm"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lock = std::fs::read_to_string(dir.path().join("splitline.lock")).unwrap();
    assert!(lock.contains("path = \"team.wasm\"") && lock.contains("name = \"hostile-snoop\""), "{lock}");

    // Pinned plugins load without --plugin.
    let r = run(splitline().current_dir(dir.path()).args(["plugins", "list"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("hostile-snoop"), "{}", r.stdout);

    // Someone swaps the file.
    std::fs::copy(fixture_plugin("splitline-test-hostile-panic"), &plugin).unwrap();
    let r = run(splitline().current_dir(dir.path()).args(["plugins", "list"]));
    assert_eq!(r.code, 2);
    assert!(!r.stdout.contains("hostile-panic") && !r.stdout.contains("hostile-snoop"), "{}", r.stdout);
    let line = r.stderr.lines().find(|l| l.starts_with("error:")).unwrap_or_default();
    assert!(
        line.contains("team.wasm has SHA-256") && line.contains("splitline.lock pins") && line.ends_with("again)."),
        "{}",
        r.stderr
    );
}

#[test]
fn example_tagging_plugin_reads_its_policy_from_the_config() {
    let plugin = fixture_plugin("acme-tagging");
    let config = root().join("examples/acme-tagging/splitline.toml");
    let r = run(splitline()
        .args(["scan", "--demo", "--format", "json", "--plugin"])
        .arg(&plugin)
        .arg("--config")
        .arg(&config));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let report = json(&r);
    let mine: Vec<_> =
        report["findings"].as_array().unwrap().iter().filter(|f| f["plugin"] == "acme-tagging").collect();
    let fails = |check: &str| mine.iter().filter(|f| f["check_id"] == check && f["status"] == "fail").count();
    let passes = |check: &str| mine.iter().filter(|f| f["check_id"] == check && f["status"] == "pass").count();
    assert!(fails("ACME-TAG-001") > 0 && passes("ACME-TAG-001") > 0, "{mine:#?}");
    // The per-kind requirement from the config: buckets also need data-classification.
    assert!(mine.iter().any(|f| f["check_id"] == "ACME-TAG-001"
        && f["resource_kind"] == "aws.s3.bucket"
        && f["status"] == "fail"
        && f["message"].as_str().unwrap().contains("data-classification")));
    let r = run(splitline().args(["plugins", "check"]).arg(&plugin));
    assert_eq!(r.code, 0, "{}", r.stdout);
}
