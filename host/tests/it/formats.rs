//! The interchange formats (SARIF, OCSF, ASFF) on real scans: each output
//! validates against its standard's schema, vendored under
//! `host/tests/data/schemas/` (see the README there), and carries the same
//! findings as the native JSON result.
//!
//! ASFF has no published JSON schema: its test checks the required
//! attributes, types, enumerations and documented length limits of the ASFF
//! reference and the Security Hub API model itself.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::support::{Run, json, root, run, splitline};

fn schema(name: &str) -> jsonschema::Validator {
    let path = root().join("host/tests/data/schemas").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    // The SARIF schema's `language` pattern has a stray `]` (a literal under
    // ECMA-262 Annex B), which the validator's meta-schema check rejects as
    // a regex. Escaping it keeps its meaning; splitline emits no `language`.
    let text = text.replace(r#"[a-zA-Z]{2}]?$"#, r#"[a-zA-Z]{2}\\]?$"#);
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{} is not a usable schema: {e}", path.display()))
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .take(20)
        .map(|e| format!("{} at {} (schema {})", e, e.instance_path(), e.schema_path()))
        .collect();
    assert!(errors.is_empty(), "{what} does not validate:\n{}", errors.join("\n"));
}

/// `scan --demo` in one format, and the same scan as the native JSON.
fn demo(format: &str) -> (Value, Value) {
    let r = run(splitline().args(["scan", "--demo", "--format", format]));
    assert_eq!(r.code, 1, "the demo has failed findings; stderr: {}", r.stderr);
    (json(&r), json(&run(splitline().args(["scan", "--demo", "--format", "json"]))))
}

/// A scan whose inventory has a coverage gap: incomplete, with `error`
/// findings derived from the gap.
fn gap_scan(format: &str) -> (Value, Value) {
    let inventory = root().join("host/tests/data/coverage-gap-inventory.json");
    let go = |f: &str| -> Run { run(splitline().args(["scan", "--format", f, "--inventory"]).arg(&inventory)) };
    let (r, native) = (go(format), go("json"));
    assert_eq!(r.code, native.code, "stderr: {}", r.stderr);
    let native = json(&native);
    assert_eq!(native["scan"]["complete"], false, "the fixture has a coverage gap");
    (json(&r), native)
}

fn ids_where(native: &Value, keep: impl Fn(&Value) -> bool) -> Vec<String> {
    native["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| keep(f))
        .map(|f| f["id"].as_str().unwrap().into())
        .collect()
}

// ---------------------------------------------------------------- SARIF

fn check_sarif(sarif: &Value, native: &Value, what: &str) {
    assert_valid(&schema("sarif-schema-2.1.0.json"), sarif, what);
    assert_eq!(sarif["version"], "2.1.0");
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "splitline");
    assert_eq!(driver["version"], native["tool"]["version"]);
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), native["checks"].as_array().unwrap().len(), "one rule per check");

    // GitHub code scanning: the fields it needs, within its limits.
    assert!(rules.len() <= 25_000);
    for rule in rules {
        let s: f64 = rule["properties"]["security-severity"].as_str().unwrap().parse().unwrap();
        assert!((0.0..=10.0).contains(&s), "{rule}");
        assert!(rule["properties"]["tags"].as_array().unwrap().len() <= 10);
        assert!(rule["shortDescription"]["text"].as_str().is_some_and(|t| !t.is_empty()));
    }
    let results = run["results"].as_array().unwrap();
    assert!(results.len() <= 25_000);
    let got: Vec<String> = results
        .iter()
        .map(|r| {
            assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
            let loc = &r["locations"][0]["physicalLocation"];
            let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
            assert!(!uri.starts_with('/') && !uri.contains("//") && !uri.contains(' '), "{uri}");
            assert_eq!(loc["region"]["startLine"], 1);
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
            r["partialFingerprints"]["splitlineFindingId/v1"].as_str().unwrap().to_string()
        })
        .collect();
    let expected = ids_where(native, |f| f["status"] == "fail" || f["status"] == "error");
    assert_eq!(got, expected, "results are the failed and unevaluable findings, fingerprinted by finding id");
    assert_eq!(run["invocations"][0]["executionSuccessful"], native["scan"]["complete"]);
}

#[test]
fn sarif_of_the_demo_validates_against_the_sarif_2_1_0_schema() {
    let (sarif, native) = demo("sarif");
    check_sarif(&sarif, &native, "SARIF of the demo");
}

#[test]
fn sarif_of_an_incomplete_scan_validates_and_reports_the_gap() {
    let (sarif, native) = gap_scan("sarif");
    check_sarif(&sarif, &native, "SARIF of the coverage-gap scan");
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(
        notes.len(),
        native["coverage_gaps"].as_array().unwrap().len() + native["errors"].as_array().unwrap().len()
    );
    assert!(sarif["runs"][0]["results"].as_array().unwrap().iter().any(|r| r["kind"] == "open"));
}

#[test]
fn sarif_written_to_a_file_is_the_same_as_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("splitline.sarif");
    let r = run(splitline().args(["scan", "--demo", "--format", "sarif", "-o"]).arg(&path));
    assert_eq!(r.code, 1, "stderr: {}", r.stderr);
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(file, demo("sarif").0);
}

// ---------------------------------------------------------------- OCSF

fn check_ocsf(ocsf: &Value, native: &Value, what: &str) {
    let validator = schema("ocsf-1.5.0-detection_finding.json");
    let events = ocsf.as_array().expect("OCSF output is a JSON array of events");
    for (i, e) in events.iter().enumerate() {
        assert_valid(&validator, e, &format!("{what}, event {i}"));
        assert_eq!(e["class_uid"], 2004);
        assert_eq!(e["metadata"]["version"], "1.5.0");
        assert_eq!(e["metadata"]["product"]["version"], native["tool"]["version"]);
    }
    let got: Vec<&str> = events.iter().map(|e| e["finding_info"]["uid"].as_str().unwrap()).collect();
    assert_eq!(got, ids_where(native, |_| true), "one event per finding, passes included, uid = finding id");
    let codes: BTreeMap<&str, usize> = events.iter().fold(BTreeMap::new(), |mut m, e| {
        *m.entry(e["status_code"].as_str().unwrap()).or_default() += 1;
        m
    });
    let totals = &native["summary"]["totals"];
    assert_eq!(codes.get("FAIL").copied().unwrap_or(0) as u64, totals["fail"].as_u64().unwrap(), "{codes:?}");
    assert_eq!(codes.get("PASS").copied().unwrap_or(0) as u64, totals["pass"].as_u64().unwrap(), "{codes:?}");
}

#[test]
fn ocsf_of_the_demo_validates_against_the_detection_finding_schema() {
    let (ocsf, native) = demo("ocsf");
    check_ocsf(&ocsf, &native, "OCSF of the demo");
}

#[test]
fn ocsf_of_an_incomplete_scan_validates() {
    let (ocsf, native) = gap_scan("ocsf");
    check_ocsf(&ocsf, &native, "OCSF of the coverage-gap scan");
    assert!(ocsf.as_array().unwrap().iter().any(|e| e["status_code"] == "ERROR"));
}

// ---------------------------------------------------------------- ASFF

fn str_field<'a>(v: &'a Value, key: &str, max: usize, ctx: &str) -> &'a str {
    let s = v[key].as_str().unwrap_or_else(|| panic!("{ctx}: {key} is not a string: {v}"));
    assert!(!s.trim().is_empty(), "{ctx}: {key} is empty");
    assert!(s.encode_utf16().count() <= max, "{ctx}: {key} is longer than {max}");
    s
}

fn string_map(v: &Value, max_entries: usize, max_key: usize, max_value: usize, ctx: &str) {
    let m = v.as_object().unwrap_or_else(|| panic!("{ctx} is not an object: {v}"));
    assert!(m.len() <= max_entries, "{ctx}: {} entries", m.len());
    for (k, val) in m {
        assert!(!k.trim().is_empty() && k.encode_utf16().count() <= max_key, "{ctx}: key {k:?}");
        let s = val.as_str().unwrap_or_else(|| panic!("{ctx}: {k} is not a string"));
        assert!(!s.trim().is_empty() && s.encode_utf16().count() <= max_value, "{ctx}: {k} = {s:?}");
    }
}

/// An ASFF finding as `BatchImportFindings` accepts it: required attributes
/// (the ASFF reference's list: the API model's `AwsSecurityFinding` required
/// members plus `Severity` and `Types`), types, enumerations and limits.
fn check_asff_finding(f: &Value, time_pattern: impl Fn(&str) -> bool) {
    let id = str_field(f, "Id", 512, "finding");
    let ctx = format!("finding {id}");
    let ctx = ctx.as_str();
    let allowed: BTreeSet<&str> = [
        "SchemaVersion",
        "Id",
        "ProductArn",
        "GeneratorId",
        "AwsAccountId",
        "Types",
        "CreatedAt",
        "UpdatedAt",
        "Severity",
        "Title",
        "Description",
        "Resources",
        "Compliance",
        "Remediation",
        "Workflow",
        "RecordState",
        "ProductFields",
        "Note",
    ]
    .into();
    for k in f.as_object().unwrap().keys() {
        assert!(allowed.contains(k.as_str()), "{ctx}: unexpected attribute {k}");
    }
    assert_eq!(f["SchemaVersion"], "2018-10-08");
    let arn = str_field(f, "ProductArn", 2048, ctx);
    assert!(arn.len() >= 12);
    let account = str_field(f, "AwsAccountId", 12, ctx);
    assert!(account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()), "{ctx}: account {account}");
    let parts: Vec<&str> = arn.split(':').collect();
    assert_eq!(parts.len(), 6, "{ctx}: {arn}");
    assert!(["aws", "aws-cn", "aws-us-gov"].contains(&parts[1]) && parts[2] == "securityhub", "{ctx}: {arn}");
    assert_eq!(parts[4], account);
    assert_eq!(parts[5], format!("product/{account}/default"));
    str_field(f, "GeneratorId", 512, ctx);
    for t in ["CreatedAt", "UpdatedAt"] {
        assert!(time_pattern(str_field(f, t, 64, ctx)), "{ctx}: {t} = {}", f[t]);
    }
    str_field(f, "Title", 256, ctx);
    str_field(f, "Description", 1024, ctx);
    let types = f["Types"].as_array().unwrap();
    assert!(!types.is_empty() && types.len() <= 50);
    for t in types {
        let t = t.as_str().unwrap();
        let namespace = t.split('/').next().unwrap();
        assert!(
            [
                "Software and Configuration Checks",
                "TTPs",
                "Effects",
                "Unusual Behaviors",
                "Sensitive Data Identifications"
            ]
            .contains(&namespace),
            "{ctx}: type {t}"
        );
        assert!(t.split('/').count() <= 3 && t.split('/').all(|p| !p.is_empty()), "{ctx}: type {t}");
    }
    let label = f["Severity"]["Label"].as_str().unwrap();
    assert!(["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"].contains(&label), "{ctx}");
    let resources = f["Resources"].as_array().unwrap();
    assert!((1..=32).contains(&resources.len()));
    for r in resources {
        str_field(r, "Type", 256, ctx);
        str_field(r, "Id", usize::MAX, ctx);
        assert!(["aws", "aws-cn", "aws-us-gov"].contains(&r["Partition"].as_str().unwrap()), "{ctx}");
        if r.get("Region").is_some() {
            str_field(r, "Region", 16, ctx);
        }
        if let Some(tags) = r.get("Tags") {
            string_map(tags, 50, 128, 256, &format!("{ctx} resource tags"));
        }
    }
    let status = f["Compliance"]["Status"].as_str().unwrap();
    assert!(["PASSED", "WARNING", "FAILED", "NOT_AVAILABLE"].contains(&status), "{ctx}");
    if let Some(reqs) = f["Compliance"].get("RelatedRequirements") {
        let reqs = reqs.as_array().unwrap();
        assert!(reqs.len() <= 32 && reqs.iter().all(|r| r.as_str().is_some_and(|s| !s.trim().is_empty())));
    }
    if let Some(rec) = f.get("Remediation") {
        str_field(&rec["Recommendation"], "Text", 512, ctx);
        if rec["Recommendation"].get("Url").is_some() {
            assert!(str_field(&rec["Recommendation"], "Url", 2048, ctx).starts_with("http"));
        }
    }
    let workflow = f["Workflow"]["Status"].as_str().unwrap();
    assert!(["NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"].contains(&workflow), "{ctx}");
    assert!(["ACTIVE", "ARCHIVED"].contains(&f["RecordState"].as_str().unwrap()), "{ctx}");
    string_map(&f["ProductFields"], 50, 128, 2048, &format!("{ctx} product fields"));
    if let Some(note) = f.get("Note") {
        str_field(note, "Text", 512, ctx);
        str_field(note, "UpdatedBy", 512, ctx);
        assert!(time_pattern(str_field(note, "UpdatedAt", 64, ctx)));
    }
}

/// Security Hub's timestamp format: RFC 3339 date-time in UTC.
fn is_rfc3339_utc(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && s.ends_with('Z')
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && [0..4, 5..7, 8..10, 11..13, 14..16, 17..19].into_iter().all(|r| b[r].iter().all(u8::is_ascii_digit))
}

fn check_asff(asff: &Value, native: &Value) {
    let findings = asff.as_array().expect("ASFF output is a JSON array of findings");
    for f in findings {
        check_asff_finding(f, is_rfc3339_utc);
    }
    let got: Vec<&str> = findings.iter().map(|f| f["Id"].as_str().unwrap()).collect();
    assert_eq!(got, ids_where(native, |f| f["provider"] == "aws"), "every AWS finding, no other, Id = finding id");
}

#[test]
fn asff_of_the_demo_has_every_required_attribute_within_limits() {
    let (asff, native) = demo("asff");
    check_asff(&asff, &native);
    assert!(!asff.as_array().unwrap().is_empty());
}

#[test]
fn asff_of_an_incomplete_scan_is_valid() {
    let (asff, native) = gap_scan("asff");
    check_asff(&asff, &native);
}

/// The validations above can fail: the vendored schemas reject outputs
/// broken the ways a renderer could break them.
#[test]
fn the_schemas_reject_broken_outputs() {
    let (sarif, _) = demo("sarif");
    let sarif_schema = schema("sarif-schema-2.1.0.json");
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif_schema.is_valid(&broken), "an unknown level");
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        "aws/1/us-east-1/aws.s3.bucket/a bucket%".into();
    assert!(!sarif_schema.is_valid(&broken), "an unescaped pseudo-path is no URI reference");
    let mut broken = sarif;
    broken["runs"][0]["results"][0]["suppressions"] = serde_json::json!([{ "kind": "muted" }]);
    assert!(!sarif_schema.is_valid(&broken), "an unknown suppression kind");

    let (ocsf, _) = demo("ocsf");
    let ocsf_schema = schema("ocsf-1.5.0-detection_finding.json");
    let event = &ocsf[0];
    assert!(ocsf_schema.is_valid(event));
    for (path, value) in [
        ("/class_uid", serde_json::json!(2003)),
        ("/status_id", serde_json::json!(7)),
        ("/resources/0/colour", serde_json::json!("blue")),
        ("/finding_info/uid", serde_json::json!(42)),
    ] {
        let mut broken = event.clone();
        let (parent, key) = path.rsplit_once('/').unwrap();
        broken.pointer_mut(if parent.is_empty() { "" } else { parent }).unwrap()[key] = value;
        assert!(!ocsf_schema.is_valid(&broken), "{path}");
    }
    let mut broken = event.clone();
    broken.as_object_mut().unwrap().remove("cloud");
    assert!(!ocsf_schema.is_valid(&broken), "cloud is required by the cloud profile");
}

/// The renderers' snapshots of the sample result (`sample_report()`: a
/// muted finding, baseline changes, a gap-derived error, which the demo
/// lacks) validate too.
#[test]
fn the_sample_snapshots_validate() {
    let snapshot = |format: &str| -> Value {
        let path =
            root().join(format!("host/src/report/snapshots/splitline__report__{format}__tests__{format}_sample.snap"));
        let text = std::fs::read_to_string(&path).unwrap();
        let body = text.splitn(3, "---\n").nth(2).expect("an insta snapshot: header between --- lines, then the value");
        serde_json::from_str(body).unwrap()
    };
    let sarif = snapshot("sarif");
    assert_valid(&schema("sarif-schema-2.1.0.json"), &sarif, "SARIF of the sample");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().any(|r| r.get("suppressions").is_some())
            && results.iter().any(|r| r.get("baselineState").is_some())
    );

    let ocsf_schema = schema("ocsf-1.5.0-detection_finding.json");
    let ocsf = snapshot("ocsf");
    for (i, e) in ocsf.as_array().unwrap().iter().enumerate() {
        assert_valid(&ocsf_schema, e, &format!("OCSF of the sample, event {i}"));
    }
    assert!(ocsf.as_array().unwrap().iter().any(|e| e["status"] == "Suppressed"));

    let asff = snapshot("asff");
    for f in asff.as_array().unwrap() {
        check_asff_finding(f, is_rfc3339_utc);
    }
    assert!(asff.as_array().unwrap().iter().any(|f| f["Workflow"]["Status"] == "SUPPRESSED"));
}
