//! Reading inventories: bad files are named with the position of the
//! problem; kinds that could not be collected give `error`, never `pass`.

use crate::support::{json, root, run, splitline, temp_file};

#[test]
fn invalid_json_names_file_line_and_column() {
    let (_d, p) =
        temp_file("inv.json", b"{\"format\": \"splitline-inventory\",\n \"version\": \"1.0\",\n \"scan_time\": nope }");
    let r = run(splitline().args(["scan", "--inventory"]).arg(&p));
    assert_eq!(r.code, 2);
    let expected = format!("error: inventory file {} is not valid at line 3, column", p.display());
    assert!(r.stderr.starts_with(&expected), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

#[test]
fn wrong_field_names_the_json_path() {
    let text = r#"{"format":"splitline-inventory","version":"1.0","scan_time":"2026-01-01T00:00:00Z",
"accounts":[{"provider":"aws","id":"1"}],
"resources":[{"kind":"aws.s3.bucket","id":"a","account":"1","region":"global","config":{}},
             {"kind":"aws.s3.bucket","id":"b","account":"1","region":"global","config":{},"colour":"red"}]}"#;
    let (_d, p) = temp_file("inv.json", text.as_bytes());
    let r = run(splitline().args(["scan", "--inventory"]).arg(&p));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("line 4") && r.stderr.contains("resources[1]") && r.stderr.contains("colour"),
        "{}",
        r.stderr
    );
}

#[test]
fn unsupported_version_says_which() {
    let text = r#"{"format":"splitline-inventory","version":"2.0","scan_time":"2026-01-01T00:00:00Z","accounts":[],"resources":[]}"#;
    let (_d, p) = temp_file("inv.json", text.as_bytes());
    let r = run(splitline().args(["scan", "--inventory"]).arg(&p));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("version 2.0 is not supported") && r.stderr.contains("1.x"), "{}", r.stderr);
}

#[test]
fn missing_file_is_named() {
    let r = run(splitline().args(["scan", "--inventory", "/nonexistent/inv.json"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("error: cannot read inventory file /nonexistent/inv.json"), "{}", r.stderr);
}

#[test]
fn coverage_gap_turns_checks_into_errors_not_passes() {
    let path = root().join("host/tests/data/coverage-gap-inventory.json");
    let r = run(splitline().args(["scan", "--format", "json", "--inventory"]).arg(&path));
    assert_eq!(r.code, 2, "a gap makes the scan incomplete: {}", r.stderr);
    let report = json(&r);
    let denied: Vec<_> =
        report["findings"].as_array().unwrap().iter().filter(|f| f["account"] == "222233334444").collect();
    assert!(!denied.is_empty());
    assert!(denied.iter().all(|f| f["status"] == "error"), "{denied:#?}");
    let denied_checks: std::collections::BTreeSet<&str> =
        denied.iter().map(|f| f["check_id"].as_str().unwrap()).collect();
    for id in ["AWS-S3-001", "AWS-S3-002", "AWS-S3-003", "AWS-S3-004", "AWS-S3-005"] {
        assert!(denied_checks.contains(id), "{id} reports error for the uncollected kind: {denied_checks:?}");
    }
    assert!(denied[0]["message"].as_str().unwrap().contains("AccessDenied"), "{}", denied[0]["message"]);
    // The other account was collected and is evaluated normally.
    assert!(
        report["findings"].as_array().unwrap().iter().any(|f| f["account"] == "111122223333" && f["status"] == "fail")
    );
}

/// A gap in one region withholds the verdicts of the checks over that kind
/// in that region (they saw partial data), and only there.
#[test]
fn verdicts_on_partially_collected_regions_are_withheld() {
    let path = root().join("host/tests/data/partial-region-gap-inventory.json");
    let r = run(splitline().args(["scan", "--format", "json", "--inventory"]).arg(&path));
    assert_eq!(r.code, 2, "a gap makes the scan incomplete: {}", r.stderr);
    let report = json(&r);
    let findings = report["findings"].as_array().unwrap();
    let s3_eu: Vec<_> = findings
        .iter()
        .filter(|f| f["check_id"].as_str().unwrap().starts_with("AWS-S3-0") && f["region"] == "eu-west-1")
        .collect();
    assert!(!s3_eu.is_empty() && s3_eu.iter().all(|f| f["status"] == "error"), "{s3_eu:#?}");
    assert!(
        findings.iter().any(|f| f["resource_id"] == "arn:aws:s3:::us-plain" && f["status"] == "fail"),
        "the complete region is judged"
    );
    assert!(
        findings.iter().any(|f| f["check_id"] == "AWS-EC2-001" && f["region"] == "eu-west-1" && f["status"] == "fail"),
        "other kinds in the gapped region are judged"
    );
    let summary = "arn:aws:iam::111122223333:account-summary";
    assert!(
        !findings.iter().any(|f| f["resource_id"] == summary && f["check_id"] == "AWS-CLOUDTRAIL-001"),
        "an account-level verdict over a kind gapped in one region is withheld"
    );
    assert!(
        findings.iter().any(|f| f["resource_id"] == summary && f["check_id"] == "AWS-IAM-001" && f["status"] == "fail"),
        "account-level checks that read no gapped kind are judged"
    );
}

#[test]
fn one_error_per_check_however_many_calls_failed() {
    let path = root().join("host/tests/data/coverage-gap-inventory.json");
    let report = json(&run(splitline().args(["scan", "--format", "json", "--inventory"]).arg(&path)));
    let ids: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "finding ids are unique even with two gaps for one kind");
}
