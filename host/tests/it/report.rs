//! The unified report from the user's side: every format from one scan,
//! re-rendering a saved result with new mutes, baselines and CI gating,
//! `diff`, `compliance` and the responsibility document.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::support::{json, run, splitline};

/// A saved demo result, written once per test into `dir`.
fn demo_result(dir: &Path) -> (std::path::PathBuf, Value) {
    let path = dir.join("result.json");
    let r = run(splitline().args(["scan", "--demo", "--format", "json", "-o"]).arg(&path));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    (path, value)
}

fn failed(report: &Value) -> Vec<&Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["status"] == "fail").collect()
}

#[test]
fn one_scan_writes_every_format_with_the_same_finding_ids() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let r = run(splitline()
        .args(["scan", "--demo", "--format", "html,sarif,ocsf,asff,csv,junit,markdown,json", "--output-dir"])
        .arg(&out));
    assert_eq!(r.code, 1, "failed findings exist; stderr: {}", r.stderr);
    assert!(r.stdout.contains("FAILED FINDINGS"), "the terminal summary still goes to stdout");
    for name in [
        "splitline.html",
        "splitline.sarif",
        "splitline.ocsf.json",
        "splitline.asff.json",
        "splitline.csv",
        "splitline.junit.xml",
        "splitline.md",
        "splitline.json",
    ] {
        let len = std::fs::metadata(out.join(name)).map(|m| m.len()).unwrap_or(0);
        assert!(len > 1000, "{name}: {len} bytes");
        assert!(r.stderr.contains(name), "stderr names {name}: {}", r.stderr);
    }
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".splitline-"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files remain: {leftovers:?}");

    let result: Value = serde_json::from_str(&std::fs::read_to_string(out.join("splitline.json")).unwrap()).unwrap();
    let ids: BTreeSet<String> =
        result["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect();
    // CSV: the first column of every row after the header.
    let csv = std::fs::read_to_string(out.join("splitline.csv")).unwrap();
    let csv_ids: BTreeSet<String> =
        csv.lines().skip(1).filter_map(|l| l.split(',').next()).filter(|c| c.len() == 32).map(String::from).collect();
    assert_eq!(csv_ids, ids, "CSV carries the same finding ids");
    // OCSF: one event per finding, finding_info.uid = id.
    let ocsf: Value = serde_json::from_str(&std::fs::read_to_string(out.join("splitline.ocsf.json")).unwrap()).unwrap();
    let ocsf_ids: BTreeSet<String> =
        ocsf.as_array().unwrap().iter().map(|e| e["finding_info"]["uid"].as_str().unwrap().to_string()).collect();
    assert_eq!(ocsf_ids, ids, "OCSF carries the same finding ids");
    // SARIF: every failed finding is a result whose fingerprint is its id.
    let sarif = std::fs::read_to_string(out.join("splitline.sarif")).unwrap();
    for f in failed(&result) {
        assert!(sarif.contains(f["id"].as_str().unwrap()), "SARIF lacks failed finding {}", f["id"]);
    }
    // ASFF: AWS findings only, same ids.
    let asff: Value = serde_json::from_str(&std::fs::read_to_string(out.join("splitline.asff.json")).unwrap()).unwrap();
    let aws_ids: BTreeSet<String> = result["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["provider"] == "aws")
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect();
    let asff_ids: BTreeSet<String> =
        asff.as_array().unwrap().iter().map(|f| f["Id"].as_str().unwrap().to_string()).collect();
    assert_eq!(asff_ids, aws_ids);
    // JUnit: one test case per finding.
    let junit = std::fs::read_to_string(out.join("splitline.junit.xml")).unwrap();
    assert_eq!(junit.matches("<testcase ").count(), ids.len());
    assert_eq!(junit.matches("<failure ").count(), failed(&result).len());
}

#[test]
fn several_formats_need_an_output_dir() {
    let r = run(splitline().args(["scan", "--demo", "--format", "json,csv"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("add --output-dir DIR"), "{}", r.stderr);
}

#[test]
fn a_saved_result_is_re_rendered_with_new_mutes_and_gating_follows() {
    let dir = tempfile::tempdir().unwrap();
    let (result, saved) = demo_result(dir.path());
    let fails = failed(&saved).len();
    let mutes = dir.path().join("mutes.toml");
    std::fs::write(
        &mutes,
        "[[mute]]\nprovider = \"aws\"\nreason = \"accepted: AWS sandbox estate\"\nowner = \"cloud-team\"\nexpires = \"2999-12-31\"\n\
         [[mute]]\nprovider = \"azure\"\nreason = \"accepted\"\n\
         [[mute]]\nprovider = \"gcp\"\nreason = \"accepted\"\n",
    )
    .unwrap();
    let r = run(splitline().args(["report", "--format", "json", "--results"]).arg(&result).arg("--mutes").arg(&mutes));
    assert_eq!(r.code, 0, "every failure is muted, so nothing gates; stderr: {}", r.stderr);
    let report = json(&r);
    assert_eq!(report["summary"]["totals"]["fail"], 0);
    assert!(report["summary"]["totals"]["muted"].as_u64().unwrap() as usize >= fails);
    let muted_aws = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["provider"] == "aws" && f["status"] == "fail")
        .expect("the verdict is kept");
    assert_eq!(muted_aws["mute"]["reason"], "accepted: AWS sandbox estate");
    assert_eq!(muted_aws["mute"]["owner"], "cloud-team");
    assert_eq!(report["mutes"].as_array().unwrap().len(), 3);

    // The same rules as YAML, with the AWS one expired: AWS failures gate again.
    let yaml = dir.path().join("mutes.yaml");
    std::fs::write(
        &yaml,
        "mute:\n  - provider: aws\n    reason: old exception\n    expires: 2020-01-31\n  - provider: azure\n    reason: accepted\n  - provider: gcp\n    reason: accepted\n",
    )
    .unwrap();
    let r = run(splitline().args(["report", "--format", "json", "--results"]).arg(&result).arg("--mutes").arg(&yaml));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("mute rule 1") && r.stderr.contains("expired on 2020-01-31"), "{}", r.stderr);
    let report = json(&r);
    assert_eq!(report["mutes"][0]["expired"], true);
    assert!(report["mutes"][0]["matched"].as_u64().unwrap() > 0);
    let aws_fails = failed(&saved).iter().filter(|f| f["provider"] == "aws").count();
    assert_eq!(report["summary"]["totals"]["fail"].as_u64().unwrap() as usize, aws_fails);
}

#[test]
fn a_bad_mutes_file_is_refused_with_the_file_rule_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    let (result, _) = demo_result(dir.path());
    let mutes = dir.path().join("mutes.toml");
    std::fs::write(&mutes, "[[mute]]\ncheck = \"AWS-S3-003\"\n").unwrap();
    let r = run(splitline().args(["report", "--results"]).arg(&result).arg("--mutes").arg(&mutes));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("mutes.toml, rule 1: a mute needs a `reason`"), "{}", r.stderr);
}

#[test]
fn a_baseline_classifies_findings_and_fail_on_new_gates_only_new_failures() {
    let dir = tempfile::tempdir().unwrap();
    let (result, saved) = demo_result(dir.path());
    // Same estate as the baseline: nothing new; only --fail-on-new lets it pass.
    let r = run(splitline().args(["scan", "--demo", "--format", "json", "--fail-on-new", "--baseline"]).arg(&result));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let b = &json(&r)["baseline"];
    assert_eq!((b["new"].as_u64(), b["unchanged"].as_u64()), (Some(0), Some(failed(&saved).len() as u64)));
    let r = run(splitline().args(["scan", "--demo", "--format", "json", "--baseline"]).arg(&result));
    assert_eq!(r.code, 1, "without --fail-on-new every failure gates");

    // A baseline in which one failure was a pass and another did not exist.
    let mut older = saved.clone();
    let findings = older["findings"].as_array_mut().unwrap();
    let fail_ids: Vec<String> =
        findings.iter().filter(|f| f["status"] == "fail").map(|f| f["id"].as_str().unwrap().to_string()).collect();
    for f in findings.iter_mut().filter(|f| f["id"] == fail_ids[0].as_str()) {
        f["status"] = "pass".into();
    }
    findings.retain(|f| f["id"] != fail_ids[1].as_str());
    // And one that failed then and is gone now.
    let mut gone = findings[0].clone();
    gone["id"] = "ffffffffffffffffffffffffffffffff".into();
    gone["status"] = "fail".into();
    findings.push(gone);
    let older_path = dir.path().join("older.json");
    std::fs::write(&older_path, serde_json::to_string(&older).unwrap()).unwrap();

    let r = run(splitline()
        .args(["report", "--format", "json", "--fail-on-new", "--results"])
        .arg(&result)
        .arg("--baseline")
        .arg(&older_path));
    assert_eq!(r.code, 1, "new failures gate with --fail-on-new; {}", r.stderr);
    let report = json(&r);
    let new: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["change"] == "new")
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(new, BTreeSet::from([fail_ids[0].as_str(), fail_ids[1].as_str()]));
    assert_eq!(report["baseline"]["fixed"][0]["id"], "ffffffffffffffffffffffffffffffff");
    assert_eq!(report["baseline"]["fixed"][0]["now"], "gone");

    // `diff` says the same and exits 1 for new failures.
    let r = run(splitline().arg("diff").arg(&older_path).arg(&result));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains(": 2 new,") && r.stdout.contains("1 fixed"), "{}", r.stdout);
    assert!(r.stdout.contains(&fail_ids[0]) || r.stdout.contains("new failures:"), "{}", r.stdout);
    let r = run(splitline().arg("diff").arg(&result).arg(&result).args(["--format", "json"]));
    assert_eq!(r.code, 0);
    let d = json(&r);
    assert_eq!((d["new"].as_array().unwrap().len(), d["fixed"].as_array().unwrap().len()), (0, 0));
}

#[test]
fn a_file_that_is_not_a_result_is_refused_with_a_hint() {
    let (_dir, path) =
        crate::support::temp_file("inventory.json", b"{\"format\":\"splitline-inventory\",\"version\":\"1.0\"}");
    let r = run(splitline().args(["report", "--results"]).arg(&path));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is not a splitline JSON result") && r.stderr.contains("scan --format json"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_responsibility_document_covers_every_model_the_demo_uses_with_honest_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let (result, _) = demo_result(dir.path());
    let r = run(splitline().args(["report", "--responsibility", "--results"]).arg(&result));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.stdout;
    assert!(doc.starts_with("# Shared responsibility"));
    for heading in ["## Amazon Web Services", "## Microsoft Azure", "## Google Cloud", "## All providers combined"] {
        assert!(doc.contains(heading), "{heading}");
    }
    assert!(doc.contains("| control domain | iaas | paas | saas | serverless |"));
    assert!(doc.contains("⚠ gap, no check"), "at least one customer cell has no check");
    assert!(doc.contains(" fail ("), "cells carry evidence");

    let out = dir.path().join("doc");
    let r = run(splitline()
        .args(["report", "--responsibility", "--format", "markdown,html", "--results"])
        .arg(&result)
        .arg("--output-dir")
        .arg(&out));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(out.join("responsibility.html")).unwrap();
    assert!(html.contains("<table") && html.contains("serverless"));
    assert!(std::fs::metadata(out.join("responsibility.md")).unwrap().len() > 1000);
}

#[test]
fn compliance_lists_six_frameworks_with_coverage() {
    let r = run(splitline().args(["compliance", "--demo"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for name in ["CIS", "SOC 2", "27001", "NIST"] {
        assert!(r.stdout.contains(name), "{name} missing:\n{}", r.stdout);
    }
    assert!(r.stdout.contains('%'));
    let r = run(splitline().args(["compliance", "--demo", "--format", "json"]));
    let frameworks = json(&r);
    let frameworks = frameworks.as_array().unwrap();
    assert_eq!(frameworks.len(), 6);
    for f in frameworks {
        let pct = f["totals"]["coverage_pct"].as_f64().unwrap();
        assert!(pct > 0.0 && pct <= 100.0, "{}: {pct}", f["id"]);
    }
    let r = run(splitline().args(["compliance", "--demo", "--framework", "no-such-pack"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("known packs:"), "{}", r.stderr);
}
