//! Organisation-scale scanning: shards merge back into the unsharded
//! result, a killed scan resumes to the same result, `merge` refuses inputs
//! that cannot be parts of one scan.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{run, splitline, statuses};

/// The demo inventory cloned three times (18 accounts: six per provider),
/// with a coverage gap in two of the copies' accounts.
fn fleet_inventory(dir: &Path) -> PathBuf {
    let demo: Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::root().join("host/assets/demo-inventory.json")).unwrap(),
    )
    .unwrap();
    let mut accounts = Vec::new();
    let mut resources = Vec::new();
    for copy in 0..3 {
        let new_id = |id: &str| if copy == 0 { id.to_string() } else { format!("{id}{copy}") };
        for a in demo["accounts"].as_array().unwrap() {
            let mut a = a.clone();
            a["id"] = new_id(a["id"].as_str().unwrap()).into();
            accounts.push(a);
        }
        for r in demo["resources"].as_array().unwrap() {
            let account = r["account"].as_str().unwrap();
            let text = serde_json::to_string(r).unwrap().replace(account, &new_id(account));
            let mut r: Value = serde_json::from_str(&text).unwrap();
            if copy > 0 {
                r["id"] = format!("{}#copy{copy}", r["id"].as_str().unwrap()).into();
            }
            resources.push(r);
        }
    }
    let gaps = serde_json::json!([
        {"provider": "aws", "account": "4444555566661", "region": "global", "kind": "aws.iam.user",
         "code": "access-denied", "reason": "not authorised to list users"},
        {"provider": "gcp", "account": "acme-prod-48212", "region": "global", "kind": "gcp.storage.bucket",
         "code": "throttled", "reason": "rate exceeded"},
    ]);
    let inv = serde_json::json!({
        "format": "splitline-inventory",
        "version": demo["version"],
        "scan_time": demo["scan_time"],
        "accounts": accounts,
        "resources": resources,
        "coverage_gaps": gaps,
    });
    let path = dir.join("fleet-inventory.json");
    std::fs::write(&path, serde_json::to_vec(&inv).unwrap()).unwrap();
    path
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `scan --inventory INV --format json -o OUT` plus `extra`; the exit code.
fn scan(inv: &Path, out: &Path, extra: &[&str]) -> crate::support::Run {
    let r =
        run(splitline().args(["scan", "--inventory"]).arg(inv).args(["--format", "json", "-o"]).arg(out).args(extra));
    assert!([1, 2].contains(&r.code) || r.code == 137, "scan {extra:?} exited {}: {}", r.code, r.stderr);
    r
}

fn accounts(report: &Value) -> BTreeSet<(String, String)> {
    report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["provider"].as_str().unwrap().to_string(), a["id"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn shards_merge_into_the_unsharded_result() {
    let dir = tempfile::tempdir().unwrap();
    let inv = fleet_inventory(dir.path());
    let whole_path = dir.path().join("whole.json");
    let r = scan(&inv, &whole_path, &[]);
    assert_eq!(r.code, 2, "the gaps make the scan incomplete: {}", r.stderr);
    let whole = read(&whole_path);
    assert_eq!(whole["accounts"].as_array().unwrap().len(), 18);
    assert!(whole["scan"].get("shard").is_none(), "an unsharded result has no shard marker");

    for n in 1..=3 {
        let mut paths = Vec::new();
        let mut seen = BTreeSet::new();
        for k in 1..=n {
            let path = dir.path().join(format!("shard-{k}-of-{n}.json"));
            scan(&inv, &path, &["--shard", &format!("{k}/{n}")]);
            let part = read(&path);
            assert_eq!(part["scan"]["shard"], serde_json::json!({"index": k, "count": n}));
            for a in accounts(&part) {
                assert!(seen.insert(a.clone()), "{a:?} is in two shards of {n}");
            }
            paths.push(path);
        }
        assert_eq!(seen, accounts(&whole), "the shards of {n} cover every account");
        let merged_path = dir.path().join(format!("merged-{n}.json"));
        let r = run(splitline().arg("merge").args(&paths).args(["--format", "json", "-o"]).arg(&merged_path));
        assert_eq!(r.code, 2, "incomplete like the whole scan: {}", r.stderr);
        let merged = read(&merged_path);
        assert_eq!(statuses(&merged), statuses(&whole), "N = {n}");
        assert_eq!(merged["summary"], whole["summary"], "N = {n}");
        assert_eq!(accounts(&merged), accounts(&whole), "N = {n}");
        assert_eq!(merged["scan"]["resources"], whole["scan"]["resources"]);
        assert_eq!(merged["scan"]["complete"], whole["scan"]["complete"]);
        assert_eq!(merged["errors"], whole["errors"]);
        assert_eq!(merged["plugins"], whole["plugins"]);
        assert_eq!(merged["checks"], whole["checks"]);
        assert_eq!(merged["compliance"], whole["compliance"]);
        let ids = |r: &Value| r["findings"].as_array().unwrap().iter().map(|f| f["id"].clone()).collect::<Vec<_>>();
        assert_eq!(ids(&merged), ids(&whole), "same order, N = {n}");
        assert!(merged["scan"].get("shard").is_none());
    }
}

#[test]
fn a_killed_scan_resumes_to_the_uninterrupted_result() {
    let dir = tempfile::tempdir().unwrap();
    let inv = fleet_inventory(dir.path());
    let whole_path = dir.path().join("whole.json");
    scan(&inv, &whole_path, &[]);
    let whole = read(&whole_path);

    let ckpt = dir.path().join("checkpoint");
    let out = dir.path().join("resumed.json");
    let r = scan_env(&inv, &out, &["--checkpoint", ckpt.to_str().unwrap(), "--parallel-accounts", "3"], Some("5"));
    assert_eq!(r.code, 137, "the test hook kills the scan: {}", r.stderr);
    assert!(!out.exists(), "no report from a killed scan");
    assert_eq!(unit_files(&ckpt).len(), 5, "five partials, written atomically");
    assert!(ckpt.join("manifest.json").is_file());

    let r = scan(&inv, &out, &["--resume", ckpt.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!r.stderr.contains("scanned again"), "nothing changed: {}", r.stderr);
    assert_eq!(read(&out), whole, "the resumed result is the uninterrupted one");
    assert_eq!(unit_files(&ckpt).len(), 18);

    // A changed account slice: that unit alone is re-done.
    let mut changed = read(&inv);
    let bucket = changed["resources"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["kind"] == "aws.s3.bucket" && r["account"] == "1111222233332")
        .unwrap();
    bucket["name"] = "renamed".into();
    std::fs::write(&inv, serde_json::to_vec(&changed).unwrap()).unwrap();
    let fresh_path = dir.path().join("fresh.json");
    scan(&inv, &fresh_path, &[]);
    let r = scan(&inv, &out, &["--resume", ckpt.to_str().unwrap()]);
    assert!(r.stderr.contains("1 unit(s) in the checkpoint were written from other inputs"), "{}", r.stderr);
    assert!(r.stderr.contains("aws/1111222233332"), "{}", r.stderr);
    assert_eq!(read(&out), read(&fresh_path));

    // Other plugin settings: every unit is re-done, and stderr says why.
    let config = dir.path().join("splitline.toml");
    std::fs::write(&config, "[plugins.aws-paas]\nsettings = { fleet-test = 1 }\n").unwrap();
    let r = scan(&inv, &out, &["--resume", ckpt.to_str().unwrap(), "--config", config.to_str().unwrap()]);
    assert!(r.stderr.contains("plugin settings or limits changed"), "{}", r.stderr);
    assert!(r.stderr.contains("18 unit(s)"), "{}", r.stderr);
    assert_eq!(statuses(&read(&out)), statuses(&read(&fresh_path)));
}

fn scan_env(inv: &Path, out: &Path, extra: &[&str], abort: Option<&str>) -> crate::support::Run {
    let mut cmd = splitline();
    cmd.args(["scan", "--inventory"]).arg(inv).args(["--format", "json", "-o"]).arg(out).args(extra);
    if let Some(k) = abort {
        cmd.env("SPLITLINE_TEST_ABORT_AFTER_UNITS", k);
    }
    run(&mut cmd)
}

fn unit_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("unit-") && n.ends_with(".json"))
        .collect()
}

#[test]
fn merge_refuses_inputs_that_are_not_parts_of_one_scan() {
    let dir = tempfile::tempdir().unwrap();
    let inv = fleet_inventory(dir.path());
    let p = |name: &str| dir.path().join(name);
    for (shard, name) in [("1/2", "a1.json"), ("2/2", "a2.json"), ("1/3", "b1.json")] {
        scan(&inv, &p(name), &["--shard", shard]);
    }
    scan(&inv, &p("whole.json"), &[]);

    let merge = |files: &[&str]| {
        let mut cmd = splitline();
        cmd.arg("merge");
        for f in files {
            cmd.arg(p(f));
        }
        run(cmd.args(["--format", "json"]))
    };
    let r = merge(&["a1.json", "b1.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot merge shards of different counts"), "{}", r.stderr);
    assert!(r.stderr.contains("is shard 1/2 but") && r.stderr.contains("is shard 1/3"), "{}", r.stderr);

    let r = merge(&["a1.json", "a1.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("are both shard 1/2"), "{}", r.stderr);

    let r = merge(&["a1.json", "whole.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("which is not a shard"), "{}", r.stderr);

    std::fs::copy(p("whole.json"), p("whole-again.json")).unwrap();
    let r = merge(&["whole.json", "whole-again.json"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is in both") && r.stderr.contains("two inputs scanned the same account"),
        "{}",
        r.stderr
    );

    // A missing shard: a warning, and an incomplete result that says which.
    let r = merge(&["a2.json"]);
    assert_eq!(r.code, 2, "incomplete");
    assert!(r.stderr.contains("warning: shard 1/2 is missing from the merge"), "{}", r.stderr);
    let merged: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(merged["scan"]["complete"], false);
    assert!(
        merged["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "missing-shard" && e["message"].as_str().unwrap().contains("shard 1/2"))
    );
}

#[test]
fn shard_flag_is_validated() {
    for (bad, says) in [("0/2", "numbered 1 to 2"), ("3/2", "numbered 1 to 2"), ("x", "`x` is not a shard")] {
        let r = run(splitline().args(["scan", "--demo", "--shard", bad]));
        assert_eq!(r.code, 2, "{bad}");
        assert!(r.stderr.contains(says), "{bad}: {}", r.stderr);
    }
}
