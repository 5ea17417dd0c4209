//! OCSF Detection Findings: a JSON array of events of class Detection
//! Finding (`class_uid` 2004, category Findings) of OCSF 1.5.0 with the
//! `cloud` and `datetime` profiles, one per finding, passes included (as
//! Prowler does), for Amazon Security Lake and other OCSF consumers.
//!
//! - `time`, `finding_info.created_time`: the scan time, epoch milliseconds.
//! - `status_id`: New (1), or Suppressed (3) for a muted finding;
//!   `status_code` is the check's verdict (PASS, FAIL, ERROR, MANUAL,
//!   NOT_APPLICABLE) and `status_detail` its message.
//! - `severity_id`: Informational (1) … Critical (5) from the check severity.
//! - `cloud.account.type_id`: AWS Account (10), Azure Subscription (13),
//!   GCP Project (11).
//! - What OCSF has no attribute for (service model, control domain,
//!   compliance references, evidence, mute, baseline change, CLI and
//!   Terraform remediation) is under `unmapped`.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{Value, json};

use super::model::{Finding, ScanReport};
use crate::model::{CheckInfo, Provider, Severity, Status};

/// The OCSF schema version the events follow (`metadata.version`).
pub const OCSF_VERSION: &str = "1.5.0";

pub fn render(report: &ScanReport, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
    out.write_all(b"\n")
}

/// The events as a JSON array.
pub fn to_value(report: &ScanReport) -> Value {
    let checks: HashMap<&str, &CheckInfo> = report.checks.iter().map(|c| (c.id.as_str(), c)).collect();
    let time_ms = crate::time::parse_rfc3339(&report.scan.scan_time).map(|s| s * 1000);
    let time_dt = time_ms.map(|ms| crate::time::format_rfc3339(ms / 1000));
    Value::Array(
        report
            .findings
            .iter()
            .map(|f| event(report, f, checks.get(f.check_id.as_str()).copied(), time_ms, time_dt.as_deref()))
            .collect(),
    )
}

pub fn severity(s: Severity) -> (u8, &'static str) {
    match s {
        Severity::Info => (1, "Informational"),
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

/// `status_code`: the check's own verdict, upper case.
pub fn status_code(s: Status) -> &'static str {
    match s {
        Status::Pass => "PASS",
        Status::Fail => "FAIL",
        Status::Error => "ERROR",
        Status::Manual => "MANUAL",
        Status::NotApplicable => "NOT_APPLICABLE",
        Status::Muted => "MUTED",
    }
}

fn cloud_provider(p: Provider) -> &'static str {
    match p {
        Provider::Aws => "AWS",
        Provider::Azure => "Azure",
        Provider::Gcp => "GCP",
    }
}

fn account_type(p: Provider) -> (u8, &'static str) {
    match p {
        Provider::Aws => (10, "AWS Account"),
        Provider::Azure => (13, "Azure Subscription"),
        Provider::Gcp => (11, "GCP Project"),
    }
}

fn event(
    report: &ScanReport,
    f: &Finding,
    check: Option<&CheckInfo>,
    time_ms: Option<i64>,
    time_dt: Option<&str>,
) -> Value {
    let (severity_id, severity) = severity(f.severity);
    let (status_id, status) = if f.mute.is_some() { (3, "Suppressed") } else { (1, "New") };
    let (account_type_id, account_type) = account_type(f.provider);
    let time = time_ms.unwrap_or(0);

    let mut account = json!({ "uid": f.account, "type_id": account_type_id, "type": account_type });
    if let Some(name) =
        report.accounts.iter().find(|a| a.provider == f.provider && a.id == f.account).and_then(|a| a.name.as_deref())
    {
        account["name"] = json!(name);
    }
    let mut cloud = json!({ "provider": cloud_provider(f.provider), "account": account, "region": f.region });
    if f.provider == Provider::Gcp {
        cloud["project_uid"] = json!(f.account);
    }

    let mut resource = json!({
        "uid": f.resource_id,
        "name": f.resource_name,
        "type": f.resource_kind,
        "region": f.region,
    });
    if let Some(p) = aws_partition(f) {
        resource["cloud_partition"] = json!(p);
    }
    if !f.resource_tags.is_empty() {
        resource["tags"] =
            Value::Array(f.resource_tags.iter().map(|(k, v)| json!({ "name": k, "value": v })).collect());
    }

    let mut finding_info = json!({
        "uid": f.id,
        "title": f.check_title,
        "types": [f.control_domain.as_str()],
        "created_time": time,
        "analytic": { "uid": f.check_id, "type_id": 1, "type": "Rule", "name": f.check_title },
    });
    let mut unmapped = json!({
        "check_id": f.check_id,
        "plugin": f.plugin,
        "service_model": f.service_model.as_str(),
        "control_domain": f.control_domain.as_str(),
        "evidence": f.evidence.iter().map(|e| json!({ "property": e.property, "value": e.value })).collect::<Vec<_>>(),
    });
    let mut v = json!({
        "activity_id": 1,
        "activity_name": "Create",
        "category_uid": 2,
        "category_name": "Findings",
        "class_uid": 2004,
        "class_name": "Detection Finding",
        "type_uid": 200401,
        "type_name": "Detection Finding: Create",
        "time": time,
        "timezone_offset": 0,
        "severity_id": severity_id,
        "severity": severity,
        "status_id": status_id,
        "status": status,
        "status_code": status_code(f.status),
        "status_detail": f.message,
        "message": f.message,
        "is_alert": f.effective_status() == Status::Fail,
        "cloud": cloud,
        "resources": [resource],
        "metadata": {
            "version": OCSF_VERSION,
            "product": {
                "name": report.tool.name,
                "uid": report.tool.name,
                "vendor_name": report.tool.name,
                "version": report.tool.version,
            },
            "event_code": f.check_id,
            "profiles": ["cloud", "datetime"],
        },
    });
    if let Some(dt) = time_dt {
        v["time_dt"] = json!(dt);
        finding_info["created_time_dt"] = json!(dt);
    }
    if let Some(c) = check {
        finding_info["desc"] = json!(c.risk);
        finding_info["analytic"]["name"] = json!(c.long_id);
        v["remediation"] = json!({ "desc": c.remediation.text, "references": c.references });
        unmapped["check_long_id"] = json!(c.long_id);
        unmapped["compliance"] = Value::Array(
            c.compliance.iter().map(|r| json!({ "framework": r.framework, "control": r.control })).collect(),
        );
        if c.remediation.cli.is_some() || c.remediation.terraform.is_some() {
            unmapped["remediation"] = json!({ "cli": c.remediation.cli, "terraform": c.remediation.terraform });
        }
    }
    if let Some(m) = &f.mute {
        unmapped["mute"] = json!({ "rule": m.rule, "reason": m.reason, "owner": m.owner, "expires": m.expires });
    }
    if let Some(c) = f.change {
        unmapped["baseline_change"] = json!(c.as_str());
    }
    v["finding_info"] = finding_info;
    v["unmapped"] = unmapped;
    v
}

/// The AWS partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`).
fn aws_partition(f: &Finding) -> Option<&str> {
    if f.provider != Provider::Aws {
        return None;
    }
    Some(
        f.resource_id.strip_prefix("arn:").and_then(|r| r.split(':').next()).filter(|p| !p.is_empty()).unwrap_or("aws"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample_report;

    #[test]
    fn snapshot() {
        insta::assert_json_snapshot!("ocsf_sample", to_value(&sample_report()));
    }

    #[test]
    fn one_event_per_finding_with_the_finding_id() {
        let r = sample_report();
        let v = to_value(&r);
        let events = v.as_array().unwrap();
        assert_eq!(events.len(), r.findings.len());
        for (e, f) in events.iter().zip(&r.findings) {
            assert_eq!(e["finding_info"]["uid"], f.id.as_str());
            assert_eq!(e["class_uid"], 2004);
            assert_eq!(e["type_uid"], 200401);
            assert_eq!(e["status_code"], status_code(f.status));
            assert_eq!(e["metadata"]["event_code"], f.check_id.as_str());
            assert_eq!(e["time"], 1_795_852_800_000_i64, "2026-11-28T08:00:00Z in ms");
        }
    }

    #[test]
    fn muted_findings_are_suppressed() {
        let r = sample_report();
        let v = to_value(&r);
        for (e, f) in v.as_array().unwrap().iter().zip(&r.findings) {
            let expected = if f.mute.is_some() { (3, "Suppressed") } else { (1, "New") };
            assert_eq!((e["status_id"].as_u64().unwrap() as u8, e["status"].as_str().unwrap()), expected);
        }
        assert!(r.findings.iter().any(|f| f.mute.is_some()));
    }

    #[test]
    fn aws_partition_comes_from_the_arn() {
        let mut f = sample_report().findings.into_iter().find(|f| f.provider == Provider::Aws).unwrap();
        f.resource_id = "arn:aws-cn:s3:::b".into();
        assert_eq!(aws_partition(&f), Some("aws-cn"));
        f.resource_id = "aws.s3.bucket:eu-central-1".into();
        assert_eq!(aws_partition(&f), Some("aws"));
    }
}
