//! SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning, Azure
//! DevOps, any SARIF viewer).
//!
//! One run. `tool.driver.rules` holds every check of the scan (its metadata,
//! remediation as help, `security-severity` for GitHub). `results` holds the
//! findings a reader acts on: `fail` and `error`. Passes, not-applicable and
//! manual verdicts are omitted: SARIF viewers would show every result as an
//! alert. They stay in the JSON, OCSF and CSV outputs.
//!
//! Choices, by the SARIF 2.1.0 specification:
//! - `fail` → `kind: "fail"` with `level` from the severity (critical and
//!   high → `error`, medium → `warning`, low and info → `note`).
//! - `error` (could not be evaluated) → `kind: "open"` ("not enough
//!   information to determine a verdict", §3.27.9) with `level: "none"`,
//!   which §3.27.10 requires for any kind other than `fail`.
//! - Muted findings stay results, with an external, accepted suppression
//!   whose justification is the mute reason.
//! - `--baseline` changes → `baselineState`: new → `new`, unchanged →
//!   `unchanged`, newly-unevaluable → `updated` (the same finding id was in
//!   the baseline and its verdict changed). Fixed findings of the baseline
//!   are not emitted as `absent` results: code-scanning services would raise
//!   them as alerts.
//! - Cloud resources are not files. Each result has a stable relative
//!   pseudo-path `<provider>/<account>/<region>/<kind>/<name>` (each segment
//!   percent-encoded) with `startLine: 1`, which GitHub requires, plus a
//!   logical location whose `fullyQualifiedName` is the resource id.
//! - `partialFingerprints["splitlineFindingId/v1"]` is the stable finding id,
//!   so alerts match across scans whatever the pseudo-path.
//! - `invocations[0].executionSuccessful` is `scan.complete`; plugin errors
//!   and coverage gaps are tool execution notifications.

use std::io::Write;

use serde_json::{Value, json};

use super::model::{Change, Finding, ScanReport};
use crate::model::{CheckInfo, Severity, Status};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The `partialFingerprints` key carrying the stable finding id.
pub const FINGERPRINT_KEY: &str = "splitlineFindingId/v1";

/// GitHub code scanning rejects a run with more results than this.
pub const GITHUB_MAX_RESULTS: usize = 25_000;

/// GitHub keeps at most 10 tags per rule (and rejects more than 20).
const MAX_TAGS: usize = 10;

pub fn render(report: &ScanReport, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
    out.write_all(b"\n")
}

/// The SARIF log as JSON.
pub fn to_value(report: &ScanReport) -> Value {
    let mut rules: Vec<Value> = report.checks.iter().map(rule).collect();
    let mut rule_ids: Vec<&str> = report.checks.iter().map(|c| c.id.as_str()).collect();
    let mut results = Vec::new();
    for f in report.findings.iter().filter(|f| is_reported(f)) {
        let index = match rule_ids.iter().position(|id| *id == f.check_id) {
            Some(i) => i,
            None => {
                // A finding of a check the report does not describe: give it a
                // minimal rule so `ruleIndex` stays valid.
                rules.push(minimal_rule(f));
                rule_ids.push(&f.check_id);
                rule_ids.len() - 1
            }
        };
        results.push(result(f, index));
    }

    let mut notifications: Vec<Value> = Vec::new();
    for e in &report.errors {
        let mut text = format!("plugin {} failed ({})", e.plugin, e.kind);
        if let Some(account) = &e.account {
            text.push_str(&format!(" on account {account}"));
        }
        text.push_str(&format!(": {}", e.message));
        notifications.push(json!({
            "level": "error",
            "message": { "text": text },
            "descriptor": { "id": format!("splitline/scan-error/{}", e.kind) },
            "properties": { "plugin": e.plugin, "account": e.account, "kind": e.kind },
        }));
    }
    for g in &report.coverage_gaps {
        notifications.push(json!({
            "level": "warning",
            "message": { "text": format!(
                "{} was not collected in {} account {} region {} ({}: {}); checks on it could not be evaluated",
                g.kind, g.provider, g.account, g.region, g.code, g.reason
            ) },
            "descriptor": { "id": format!("splitline/coverage-gap/{}", g.code) },
            "properties": {
                "provider": g.provider.as_str(),
                "account": g.account,
                "region": g.region,
                "resourceKind": g.kind,
                "code": g.code,
            },
        }));
    }
    if results.len() > GITHUB_MAX_RESULTS {
        notifications.push(json!({
            "level": "warning",
            "message": { "text": format!(
                "{} results: GitHub code scanning rejects a run with more than {GITHUB_MAX_RESULTS}; \
                 narrow the scan (--provider, --severity) or upload another format",
                results.len()
            ) },
            "descriptor": { "id": "splitline/too-many-results" },
        }));
    }

    let mut invocation = json!({ "executionSuccessful": report.scan.complete });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }

    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": report.tool.name,
                    "version": report.tool.version,
                    "semanticVersion": report.tool.version,
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "invocations": [invocation],
            "results": results,
            "columnKind": "unicodeCodePoints",
            "properties": {
                "target": report.scan.target,
                "scanTime": report.scan.scan_time,
                "complete": report.scan.complete,
                "resources": report.scan.resources,
            },
        }]
    })
}

/// Whether a finding is a SARIF result: failures and evaluation errors.
pub fn is_reported(f: &Finding) -> bool {
    matches!(f.status, Status::Fail | Status::Error)
}

/// GitHub's `security-severity` (a CVSS-like score as a string):
/// > 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
pub fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn rule(c: &CheckInfo) -> Value {
    let mut tags = vec![
        "security".to_string(),
        c.provider.as_str().to_string(),
        c.service_model.as_str().to_string(),
        c.control_domain.as_str().to_string(),
    ];
    for r in &c.compliance {
        let tag = format!("{}:{}", r.framework, r.control);
        if tags.len() < MAX_TAGS && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let mut v = json!({
        "id": c.id,
        "name": c.long_id,
        "shortDescription": { "text": nonempty(&c.title, &c.id) },
        "fullDescription": { "text": nonempty(&c.risk, &c.title) },
        "help": { "text": help_text(c), "markdown": help_markdown(c) },
        "defaultConfiguration": { "level": level(c.severity) },
        "properties": {
            "security-severity": security_severity(c.severity),
            "tags": tags,
            "severity": c.severity.as_str(),
            "provider": c.provider.as_str(),
            "serviceModel": c.service_model.as_str(),
            "controlDomain": c.control_domain.as_str(),
            "plugin": c.plugin,
            "resourceKinds": c.resource_kinds,
            "compliance": c.compliance.iter().map(|r| json!({"framework": r.framework, "control": r.control})).collect::<Vec<_>>(),
            "references": c.references,
        },
    });
    if let Some(uri) = c.references.iter().find(|r| is_absolute_uri(r)) {
        v["helpUri"] = json!(uri);
    }
    v
}

fn minimal_rule(f: &Finding) -> Value {
    json!({
        "id": f.check_id,
        "shortDescription": { "text": nonempty(&f.check_title, &f.check_id) },
        "defaultConfiguration": { "level": level(f.severity) },
        "properties": {
            "security-severity": security_severity(f.severity),
            "tags": ["security", f.provider.as_str(), f.service_model.as_str(), f.control_domain.as_str()],
            "severity": f.severity.as_str(),
        },
    })
}

fn help_text(c: &CheckInfo) -> String {
    let mut s = c.remediation.text.clone();
    if let Some(cli) = &c.remediation.cli {
        s.push_str(&format!("\n\nCLI:\n{cli}"));
    }
    if let Some(tf) = &c.remediation.terraform {
        s.push_str(&format!("\n\nTerraform:\n{tf}"));
    }
    if !c.references.is_empty() {
        s.push_str("\n\nReferences:");
        for r in &c.references {
            s.push_str(&format!("\n- {r}"));
        }
    }
    nonempty(&s, &c.title).to_string()
}

fn help_markdown(c: &CheckInfo) -> String {
    let mut s = format!("**Risk.** {}\n\n**Remediation.** {}", c.risk, c.remediation.text);
    if let Some(cli) = &c.remediation.cli {
        s.push_str(&format!("\n\nCLI:\n\n{}", fenced("sh", cli)));
    }
    if let Some(tf) = &c.remediation.terraform {
        s.push_str(&format!("\n\nTerraform:\n\n{}", fenced("hcl", tf)));
    }
    if !c.references.is_empty() {
        s.push_str("\n\nReferences:\n");
        for r in &c.references {
            s.push_str(&format!("\n- <{r}>"));
        }
    }
    if !c.compliance.is_empty() {
        s.push_str("\n\nCompliance: ");
        let refs: Vec<String> = c.compliance.iter().map(|r| format!("{} {}", r.framework, r.control)).collect();
        s.push_str(&refs.join(", "));
    }
    s
}

/// A fenced code block whose fence is longer than any backtick run inside.
fn fenced(lang: &str, code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{code}\n{fence}")
}

fn result(f: &Finding, rule_index: usize) -> Value {
    let (kind, level) = match f.status {
        Status::Error => ("open", "none"),
        _ => ("fail", level(f.severity)),
    };
    let mut v = json!({
        "ruleId": f.check_id,
        "ruleIndex": rule_index,
        "kind": kind,
        "level": level,
        "message": { "text": nonempty(&f.message, &f.check_title) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": pseudo_path(f) },
                "region": { "startLine": 1 },
            },
            "logicalLocations": [{
                "name": nonempty(&f.resource_name, &f.resource_id),
                "fullyQualifiedName": f.resource_id,
                "kind": "resource",
            }],
        }],
        "partialFingerprints": { FINGERPRINT_KEY: f.id },
        "properties": {
            "findingId": f.id,
            "status": f.status.as_str(),
            "severity": f.severity.as_str(),
            "provider": f.provider.as_str(),
            "account": f.account,
            "region": f.region,
            "resourceId": f.resource_id,
            "resourceKind": f.resource_kind,
            "resourceName": f.resource_name,
            "serviceModel": f.service_model.as_str(),
            "controlDomain": f.control_domain.as_str(),
            "plugin": f.plugin,
            "evidence": f.evidence.iter().map(|e| json!({"property": e.property, "value": e.value})).collect::<Vec<_>>(),
        },
    });
    if !f.resource_tags.is_empty() {
        v["properties"]["resourceTags"] = json!(f.resource_tags);
    }
    if let Some(m) = &f.mute {
        v["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": m.reason,
            "properties": { "muteRule": m.rule, "owner": m.owner, "expires": m.expires },
        }]);
    }
    if let Some(c) = f.change {
        v["baselineState"] = json!(baseline_state(c));
    }
    v
}

pub fn baseline_state(c: Change) -> &'static str {
    match c {
        Change::New => "new",
        Change::Unchanged => "unchanged",
        Change::NewlyUnevaluable => "updated",
    }
}

/// The stable relative pseudo-path of a finding's resource:
/// `<provider>/<account>/<region>/<kind>/<name or id>`, each segment
/// percent-encoded so the whole is a valid relative URI reference.
pub fn pseudo_path(f: &Finding) -> String {
    let name = if f.resource_name.trim().is_empty() { &f.resource_id } else { &f.resource_name };
    [f.provider.as_str(), &f.account, &f.region, &f.resource_kind, name]
        .iter()
        .map(|s| encode_segment(s))
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes everything but RFC 3986 unreserved characters. An empty
/// segment becomes `_`, and `.`/`..` are encoded so no segment navigates.
pub fn encode_segment(s: &str) -> String {
    if s.is_empty() {
        return "_".to_string();
    }
    if s == "." || s == ".." {
        return "%2E".repeat(s.len());
    }
    percent_encode(s)
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn is_absolute_uri(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > "https://".len()
        && !s.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
        })
}

fn nonempty<'a>(s: &'a str, fallback: &'a str) -> &'a str {
    if s.trim().is_empty() { fallback } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample_report;

    fn results(v: &Value) -> &Vec<Value> {
        v["runs"][0]["results"].as_array().unwrap()
    }

    #[test]
    fn snapshot() {
        insta::assert_json_snapshot!("sarif_sample", to_value(&sample_report()));
    }

    #[test]
    fn only_failures_and_errors_are_results() {
        let r = sample_report();
        let v = to_value(&r);
        let expected: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| matches!(f.status, Status::Fail | Status::Error))
            .map(|f| f.id.as_str())
            .collect();
        let got: Vec<&str> =
            results(&v).iter().map(|x| x["partialFingerprints"][FINGERPRINT_KEY].as_str().unwrap()).collect();
        assert_eq!(got, expected);
        assert!(r.findings.iter().any(|f| f.status == Status::Pass), "the sample has passes to omit");
    }

    #[test]
    fn fingerprints_are_finding_ids_and_rule_indexes_match() {
        let r = sample_report();
        let v = to_value(&r);
        let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        for x in results(&v) {
            let id = x["partialFingerprints"][FINGERPRINT_KEY].as_str().unwrap();
            let f = r.findings.iter().find(|f| f.id == id).expect("fingerprint is a finding id");
            assert_eq!(x["ruleId"], f.check_id);
            assert_eq!(rules[x["ruleIndex"].as_u64().unwrap() as usize]["id"], f.check_id);
            assert_eq!(x["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], f.resource_id);
        }
    }

    #[test]
    fn muted_findings_are_suppressed() {
        let r = sample_report();
        let v = to_value(&r);
        let muted = r.findings.iter().find(|f| f.mute.is_some()).expect("the sample has a muted finding");
        let x = results(&v).iter().find(|x| x["partialFingerprints"][FINGERPRINT_KEY] == muted.id.as_str()).unwrap();
        assert_eq!(x["suppressions"][0]["kind"], "external");
        assert_eq!(x["suppressions"][0]["status"], "accepted");
        assert_eq!(x["suppressions"][0]["justification"], muted.mute.as_ref().unwrap().reason.as_str());
        let suppressed = results(&v).iter().filter(|x| x.get("suppressions").is_some()).count();
        assert_eq!(suppressed, r.findings.iter().filter(|f| f.mute.is_some() && is_reported(f)).count());
    }

    #[test]
    fn errors_are_open_with_level_none_and_changes_are_baseline_states() {
        let v = to_value(&sample_report());
        let error = results(&v).iter().find(|x| x["properties"]["status"] == "error").unwrap();
        assert_eq!((error["kind"].as_str(), error["level"].as_str()), (Some("open"), Some("none")));
        assert_eq!(error["baselineState"], "updated");
        let states: Vec<&str> = results(&v).iter().filter_map(|x| x["baselineState"].as_str()).collect();
        assert!(states.contains(&"new") && states.contains(&"unchanged"), "{states:?}");
    }

    #[test]
    fn incomplete_scan_is_not_successful_and_gaps_are_notifications() {
        let r = sample_report();
        let v = to_value(&r);
        let inv = &v["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], r.scan.complete);
        let n = inv["toolExecutionNotifications"].as_array().unwrap();
        assert_eq!(n.len(), r.errors.len() + r.coverage_gaps.len());
    }

    #[test]
    fn pseudo_paths_are_escaped_relative_uris() {
        assert_eq!(encode_segment("acme-prod.assets_1~x"), "acme-prod.assets_1~x");
        assert_eq!(encode_segment("a b/c:d?e#f%g"), "a%20b%2Fc%3Ad%3Fe%23f%25g");
        assert_eq!(encode_segment("é"), "%C3%A9");
        assert_eq!(encode_segment(""), "_");
        assert_eq!(encode_segment(".."), "%2E%2E");
        let mut f = sample_report().findings.into_iter().find(|f| f.provider == crate::model::Provider::Azure).unwrap();
        f.resource_name = "web app/../../etc".into();
        let p = pseudo_path(&f);
        assert_eq!(p.split('/').count(), 5, "{p}");
        assert!(p.starts_with("azure/"), "{p}");
        assert!(p.ends_with("/web%20app%2F..%2F..%2Fetc"), "{p}");
        f.resource_name = String::new();
        assert!(pseudo_path(&f).ends_with(&encode_segment(&f.resource_id)));
    }

    #[test]
    fn rules_carry_github_severity_and_at_most_ten_tags() {
        let v = to_value(&sample_report());
        for rule in v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap() {
            let s: f64 = rule["properties"]["security-severity"].as_str().unwrap().parse().unwrap();
            assert!((0.0..=10.0).contains(&s));
            assert!(rule["properties"]["tags"].as_array().unwrap().len() <= MAX_TAGS);
        }
        assert_eq!(security_severity(Severity::Critical), "9.5");
        assert_eq!(level(Severity::Medium), "warning");
    }

    #[test]
    fn code_fences_outlast_backticks_in_the_code() {
        assert_eq!(fenced("sh", "echo `x`"), "```sh\necho `x`\n```");
        assert_eq!(fenced("sh", "a ```` b"), "`````sh\na ```` b\n`````");
    }
}
