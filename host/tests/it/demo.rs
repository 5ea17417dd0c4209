//! `splitline scan --demo`: the first thing a user runs.

use std::collections::BTreeSet;

use crate::support::{json, run, splitline};

#[test]
fn demo_json_has_findings_from_all_three_providers() {
    let r = run(splitline().args(["scan", "--demo", "--format", "json"]));
    assert_eq!(r.code, 1, "failed findings exist, so the exit code is 1; stderr: {}", r.stderr);
    let report = json(&r);
    assert_eq!(report["format"], "splitline-result");
    assert_eq!(report["scan"]["complete"], true);
    let findings = report["findings"].as_array().unwrap();
    let providers: BTreeSet<&str> = findings.iter().map(|f| f["provider"].as_str().unwrap()).collect();
    assert_eq!(providers, BTreeSet::from(["aws", "azure", "gcp"]));
    for f in findings {
        for field in
            ["id", "check_id", "resource_id", "status", "severity", "service_model", "control_domain", "message"]
        {
            assert!(f[field].as_str().is_some_and(|s| !s.is_empty()), "finding lacks {field}: {f}");
        }
    }
    for provider in ["aws", "azure", "gcp"] {
        let statuses: BTreeSet<&str> =
            findings.iter().filter(|f| f["provider"] == provider).map(|f| f["status"].as_str().unwrap()).collect();
        assert!(statuses.contains("pass") && statuses.contains("fail"), "{provider}: {statuses:?}");
    }
    let ids: BTreeSet<&str> = findings.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), findings.len(), "finding ids are unique");
}

/// The demo exercises every first-party plugin: each of the twelve reports
/// both passes and failures, none reports an error, and every check that
/// fails somewhere also has a resource it judges (no check is dead weight).
#[test]
fn demo_exercises_every_first_party_plugin_without_errors() {
    let report = json(&run(splitline().args(["scan", "--demo", "--format", "json"])));
    let findings = report["findings"].as_array().unwrap();
    let errors: Vec<_> = findings.iter().filter(|f| f["status"] == "error").collect();
    assert!(errors.is_empty(), "the demo matches the documented kinds, so no check errors: {errors:#?}");
    let checks = report["checks"].as_array().unwrap();
    for provider in ["aws", "azure", "gcp"] {
        for model in ["iaas", "paas", "saas", "serverless"] {
            let statuses: BTreeSet<&str> = findings
                .iter()
                .filter(|f| f["provider"] == provider && f["service_model"] == model)
                .map(|f| f["status"].as_str().unwrap())
                .collect();
            assert!(statuses.contains("pass") && statuses.contains("fail"), "{provider}-{model}: {statuses:?}");
        }
    }
    let judged: BTreeSet<&str> = findings.iter().map(|f| f["check_id"].as_str().unwrap()).collect();
    let silent: Vec<&str> =
        checks.iter().map(|c| c["id"].as_str().unwrap()).filter(|id| !judged.contains(id)).collect();
    assert!(silent.is_empty(), "checks with no finding on the demo: {silent:?}");
}

#[test]
fn demo_reports_the_public_bucket_as_critical() {
    let report = json(&run(splitline().args(["scan", "--demo", "--format", "json"])));
    let public: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check_id"] == "AWS-S3-003" && f["status"] == "fail")
        .collect();
    assert!(!public.is_empty(), "the demo has a public bucket");
    assert!(public.iter().all(|f| f["severity"] == "critical" && f["service_model"] == "paas"));
}

#[test]
fn terminal_report_summarises_and_lists_failures() {
    let r = run(splitline().args(["scan", "--demo"]));
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("PROVIDER") && r.stdout.contains("FAILED FINDINGS"), "{}", r.stdout);
    for p in ["aws", "azure", "gcp"] {
        assert!(r.stdout.lines().any(|l| l.starts_with(p)), "summary row for {p}:\n{}", r.stdout);
    }
    assert!(r.stdout.contains("CRITICAL"), "{}", r.stdout);
    assert!(!r.stdout.contains('\u{1b}'), "no colour when stdout is not a terminal");
}

#[test]
fn fail_on_threshold_drives_the_exit_code() {
    assert_eq!(run(splitline().args(["scan", "--demo", "--fail-on", "never"])).code, 0);
    assert_eq!(run(splitline().args(["scan", "--demo", "--fail-on", "critical"])).code, 1);
    let r = run(splitline().args(["scan", "--demo", "--fail-on", "severe"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("severe"), "{}", r.stderr);
}

#[test]
fn output_file_is_written_and_equals_stdout_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    let r = run(splitline().args(["scan", "--demo", "--format", "json", "--output"]).arg(&path));
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty(), "nothing on stdout when writing to a file");
    let from_file: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let from_stdout = json(&run(splitline().args(["scan", "--demo", "--format", "json"])));
    assert_eq!(from_file["findings"], from_stdout["findings"]);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left behind: {leftovers:?}");
}

#[test]
fn nothing_to_scan_is_a_usage_error() {
    let r = run(splitline().arg("scan"));
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("error: nothing to scan"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "one sentence: {}", r.stderr);
}

#[test]
fn every_kind_in_the_demo_and_every_check_kind_is_documented() {
    let docs: String = ["aws", "azure", "gcp"]
        .iter()
        .map(|p| std::fs::read_to_string(crate::support::root().join(format!("docs/kinds/{p}.md"))).unwrap())
        .collect();
    let demo: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::root().join("host/assets/demo-inventory.json")).unwrap(),
    )
    .unwrap();
    let mut kinds: BTreeSet<String> =
        demo["resources"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap().to_string()).collect();
    let catalog = json(&run(splitline().args(["checks", "list", "--format", "json"])));
    for c in catalog.as_array().unwrap() {
        kinds.extend(c["resource_kinds"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_string()));
    }
    let missing: Vec<&String> = kinds.iter().filter(|k| !docs.contains(&format!("## `{k}`"))).collect();
    assert!(missing.is_empty(), "kinds without a section in docs/kinds/PROVIDER.md: {missing:?}");
}
