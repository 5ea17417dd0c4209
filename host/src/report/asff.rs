//! AWS Security Hub findings (ASFF, `SchemaVersion` 2018-10-08): a JSON
//! array in the shape `BatchImportFindings` takes, for the AWS findings
//! only (Azure and GCP findings have no AWS account to live in).
//!
//! Every AWS finding is emitted, passes included, with `Compliance.Status`
//! from the verdict (pass → PASSED, fail → FAILED, manual → WARNING, error
//! and not-applicable → NOT_AVAILABLE). A muted finding has
//! `Workflow.Status` SUPPRESSED and a note with the mute reason; the others
//! NEW. `ProductArn` is the account's default custom-integration product in
//! the finding's region (`global` → us-east-1): Security Hub imports a
//! finding only through that region's endpoint.
//!
//! Field limits of the ASFF reference are respected: strings are cut (on a
//! character boundary, with `…`) to the documented lengths, counted in
//! UTF-16 code units as AWS counts them; lists and maps keep to their
//! maximum sizes; empty strings are never emitted (the API rejects them).

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use serde_json::{Value, json};

use super::model::{Finding, ScanReport};
use crate::model::{CheckInfo, Provider, Severity, Status};

pub const SCHEMA_VERSION: &str = "2018-10-08";

pub const MAX_TITLE: usize = 256;
pub const MAX_DESCRIPTION: usize = 1024;
pub const MAX_RECOMMENDATION: usize = 512;
pub const MAX_NOTE: usize = 512;
pub const MAX_ID: usize = 512;
pub const MAX_TYPES: usize = 50;
pub const MAX_RELATED_REQUIREMENTS: usize = 32;
pub const MAX_PRODUCT_FIELDS: usize = 50;
pub const MAX_FIELD_KEY: usize = 128;
pub const MAX_FIELD_VALUE: usize = 2048;
pub const MAX_TAGS: usize = 50;
pub const MAX_TAG_KEY: usize = 128;
pub const MAX_TAG_VALUE: usize = 256;
pub const MAX_REGION: usize = 16;

pub fn render(report: &ScanReport, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(report))?;
    out.write_all(b"\n")
}

/// The AWS findings as an array of ASFF findings.
pub fn to_value(report: &ScanReport) -> Value {
    let checks: HashMap<&str, &CheckInfo> = report.checks.iter().map(|c| (c.id.as_str(), c)).collect();
    let time = crate::time::parse_rfc3339(&report.scan.scan_time)
        .map(crate::time::format_rfc3339)
        .unwrap_or_else(|| report.scan.scan_time.clone());
    Value::Array(
        report
            .findings
            .iter()
            .filter(|f| f.provider == Provider::Aws)
            .map(|f| finding(report, f, checks.get(f.check_id.as_str()).copied(), &time))
            .collect(),
    )
}

pub fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "CRITICAL",
        Severity::High => "HIGH",
        Severity::Medium => "MEDIUM",
        Severity::Low => "LOW",
        Severity::Info => "INFORMATIONAL",
    }
}

pub fn compliance_status(s: Status) -> &'static str {
    match s {
        Status::Pass => "PASSED",
        Status::Fail => "FAILED",
        Status::Manual => "WARNING",
        Status::Error | Status::NotApplicable | Status::Muted => "NOT_AVAILABLE",
    }
}

/// The ASFF resource type of a splitline resource kind; `Other` when ASFF
/// has none. Account- and region-wide settings are `AwsAccount`.
pub fn resource_type(kind: &str) -> &'static str {
    match kind {
        "aws.apigateway.rest-api" => "AwsApiGatewayRestApi",
        "aws.apigateway.stage" => "AwsApiGatewayStage",
        "aws.cloudtrail.trail" => "AwsCloudTrailTrail",
        "aws.ec2.instance" => "AwsEc2Instance",
        "aws.ec2.security-group" => "AwsEc2SecurityGroup",
        "aws.ec2.volume" => "AwsEc2Volume",
        "aws.ec2.vpc" => "AwsEc2Vpc",
        "aws.elasticbeanstalk.environment" => "AwsElasticBeanstalkEnvironment",
        "aws.guardduty.detector" => "AwsGuardDutyDetector",
        "aws.iam.policy" => "AwsIamPolicy",
        "aws.iam.role" => "AwsIamRole",
        "aws.iam.user" => "AwsIamUser",
        "aws.kms.key" => "AwsKmsKey",
        "aws.lambda.function" => "AwsLambdaFunction",
        "aws.rds.db-instance" => "AwsRdsDbInstance",
        "aws.s3.account-public-access-block" => "AwsS3AccountPublicAccessBlock",
        "aws.s3.bucket" => "AwsS3Bucket",
        "aws.accessanalyzer.region-settings"
        | "aws.config.region-settings"
        | "aws.ec2.ebs-encryption-by-default"
        | "aws.guardduty.region-settings"
        | "aws.iam.account-summary"
        | "aws.iam.password-policy"
        | "aws.securityhub.region-settings" => "AwsAccount",
        _ => "Other",
    }
}

fn finding(report: &ScanReport, f: &Finding, check: Option<&CheckInfo>, time: &str) -> Value {
    let partition = partition(&f.resource_id);
    let home_region = if is_region(&f.region) { f.region.as_str() } else { "us-east-1" };
    let product_arn = format!("arn:{partition}:securityhub:{home_region}:{0}:product/{0}/default", f.account);

    // A gap-derived `error` finding names what was not collected, not a
    // resource of its kind: its type is then `Other`.
    let mut rtype = resource_type(&f.resource_kind);
    if !f.resource_id.starts_with("arn:") && rtype != "AwsAccount" {
        rtype = "Other";
    }
    let mut resource = json!({ "Type": rtype, "Id": f.resource_id, "Partition": partition });
    if is_region(&f.region) {
        resource["Region"] = json!(f.region);
    }
    let tags: BTreeMap<String, String> = f
        .resource_tags
        .iter()
        .filter(|(k, v)| !k.trim().is_empty() && !v.trim().is_empty())
        .take(MAX_TAGS)
        .map(|(k, v)| (truncate(k, MAX_TAG_KEY), truncate(v, MAX_TAG_VALUE)))
        .collect();
    if !tags.is_empty() {
        resource["Tags"] = json!(tags);
    }

    let mut types = vec![format!("Software and Configuration Checks/AWS Security Best Practices/{}", f.control_domain)];
    let mut requirements = Vec::new();
    if let Some(c) = check {
        for r in &c.compliance {
            let t = format!("Software and Configuration Checks/Industry and Regulatory Standards/{}", r.framework);
            if types.len() < MAX_TYPES && !types.contains(&t) {
                types.push(t);
            }
            let req = format!("{} {}", r.framework, r.control);
            if requirements.len() < MAX_RELATED_REQUIREMENTS && !requirements.contains(&req) {
                requirements.push(req);
            }
        }
    }
    let mut compliance = json!({ "Status": compliance_status(f.status) });
    if !requirements.is_empty() {
        compliance["RelatedRequirements"] = json!(requirements);
    }

    let mut description = nonempty(&f.message, &f.check_title).to_string();
    if let Some(c) = check.filter(|c| !c.risk.trim().is_empty()) {
        description.push_str("\n\nRisk: ");
        description.push_str(&c.risk);
    }

    let mut fields: Vec<(String, String)> = vec![
        ("ProviderName".into(), report.tool.name.clone()),
        ("ProviderVersion".into(), report.tool.version.clone()),
        ("splitline/CheckId".into(), f.check_id.clone()),
        ("splitline/Plugin".into(), f.plugin.clone()),
        ("splitline/Status".into(), f.status.as_str().into()),
        ("splitline/ServiceModel".into(), f.service_model.as_str().into()),
        ("splitline/ControlDomain".into(), f.control_domain.as_str().into()),
        ("splitline/ResourceKind".into(), f.resource_kind.clone()),
        ("splitline/ResourceName".into(), f.resource_name.clone()),
        ("splitline/Region".into(), f.region.clone()),
    ];
    if let Some(c) = check {
        fields.push(("splitline/CheckLongId".into(), c.long_id.clone()));
    }
    if !f.evidence.is_empty() {
        let ev: Vec<String> = f.evidence.iter().map(|e| format!("{}={}", e.property, e.value)).collect();
        fields.push(("splitline/Evidence".into(), ev.join("; ")));
    }
    if let Some(c) = f.change {
        fields.push(("splitline/BaselineChange".into(), c.as_str().into()));
    }
    if let Some(m) = &f.mute {
        fields.push(("splitline/MuteRule".into(), m.rule.to_string()));
        fields.push(("splitline/MuteReason".into(), m.reason.clone()));
        if let Some(exp) = &m.expires {
            fields.push(("splitline/MuteExpires".into(), exp.clone()));
        }
    }
    let product_fields: BTreeMap<String, String> = fields
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .take(MAX_PRODUCT_FIELDS)
        .map(|(k, v)| (truncate(&k, MAX_FIELD_KEY), truncate(&v, MAX_FIELD_VALUE)))
        .collect();

    let mut v = json!({
        "SchemaVersion": SCHEMA_VERSION,
        "Id": truncate(&f.id, MAX_ID),
        "ProductArn": product_arn,
        "GeneratorId": truncate(&f.check_id, MAX_ID),
        "AwsAccountId": f.account,
        "Types": types,
        "CreatedAt": time,
        "UpdatedAt": time,
        "Severity": { "Label": severity_label(f.severity), "Original": f.severity.as_str() },
        "Title": truncate(nonempty(&f.check_title, &f.check_id), MAX_TITLE),
        "Description": truncate(&description, MAX_DESCRIPTION),
        "Resources": [resource],
        "Compliance": compliance,
        "Workflow": { "Status": if f.mute.is_some() { "SUPPRESSED" } else { "NEW" } },
        "RecordState": "ACTIVE",
        "ProductFields": product_fields,
    });
    if let Some(c) = check.filter(|c| !c.remediation.text.trim().is_empty()) {
        let mut rec = json!({ "Text": truncate(&c.remediation.text, MAX_RECOMMENDATION) });
        if let Some(url) = c.references.iter().find(|r| r.starts_with("https://") || r.starts_with("http://")) {
            rec["Url"] = json!(url);
        }
        v["Remediation"] = json!({ "Recommendation": rec });
    }
    if let Some(m) = &f.mute {
        let mut by = format!("splitline mutes rule {}", m.rule);
        if let Some(owner) = m.owner.as_deref().filter(|o| !o.trim().is_empty()) {
            by.push_str(&format!(" ({owner})"));
        }
        v["Note"] = json!({
            "Text": truncate(&format!("Muted: {}", m.reason), MAX_NOTE),
            "UpdatedBy": truncate(&by, MAX_NOTE),
            "UpdatedAt": time,
        });
    }
    v
}

/// The partition of an ARN, when it is one Security Hub knows; else `aws`.
fn partition(resource_id: &str) -> &'static str {
    match resource_id.strip_prefix("arn:").and_then(|r| r.split(':').next()) {
        Some("aws-cn") => "aws-cn",
        Some("aws-us-gov") => "aws-us-gov",
        _ => "aws",
    }
}

/// A region name (`eu-west-1`), not `global` or an empty string.
fn is_region(r: &str) -> bool {
    !r.is_empty()
        && r != "global"
        && r.len() <= MAX_REGION
        && r.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `s` cut to at most `max` UTF-16 code units (how AWS counts lengths), on
/// a character boundary, ending in `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.encode_utf16().count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        if used + c.len_utf16() > max - 1 {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    out.push('…');
    out
}

fn nonempty<'a>(s: &'a str, fallback: &'a str) -> &'a str {
    if s.trim().is_empty() { fallback } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample_report;

    #[test]
    fn snapshot() {
        insta::assert_json_snapshot!("asff_sample", to_value(&sample_report()));
    }

    #[test]
    fn only_aws_findings_with_their_ids() {
        let r = sample_report();
        let v = to_value(&r);
        let ids: Vec<&str> = v.as_array().unwrap().iter().map(|f| f["Id"].as_str().unwrap()).collect();
        let aws: Vec<&str> = r.findings.iter().filter(|f| f.provider == Provider::Aws).map(|f| f.id.as_str()).collect();
        assert_eq!(ids, aws);
        assert!(r.findings.iter().any(|f| f.provider != Provider::Aws), "the sample has other providers");
        for f in v.as_array().unwrap() {
            assert!(f["ProductArn"].as_str().unwrap().starts_with("arn:aws:securityhub:"));
            assert_eq!(f["AwsAccountId"].as_str().unwrap().len(), 12);
        }
    }

    #[test]
    fn muted_findings_are_suppressed() {
        let r = sample_report();
        let v = to_value(&r);
        let muted = r.findings.iter().find(|f| f.mute.is_some() && f.provider == Provider::Aws).unwrap();
        for f in v.as_array().unwrap() {
            let is_muted = f["Id"] == muted.id.as_str();
            assert_eq!(f["Workflow"]["Status"], if is_muted { "SUPPRESSED" } else { "NEW" });
            assert_eq!(f.get("Note").is_some(), is_muted);
        }
    }

    #[test]
    fn global_findings_go_to_us_east_1_and_resource_types_map() {
        let v = to_value(&sample_report());
        let global = v.as_array().unwrap().iter().find(|f| f["ProductFields"]["splitline/Region"] == "global").unwrap();
        assert!(global["ProductArn"].as_str().unwrap().starts_with("arn:aws:securityhub:us-east-1:"));
        assert!(global["Resources"][0].get("Region").is_none());
        assert_eq!(resource_type("aws.s3.bucket"), "AwsS3Bucket");
        assert_eq!(resource_type("aws.iam.password-policy"), "AwsAccount");
        assert_eq!(resource_type("aws.ec2.snapshot"), "Other");
        let error = v.as_array().unwrap().iter().find(|f| f["ProductFields"]["splitline/Status"] == "error").unwrap();
        assert_eq!(error["Resources"][0]["Type"], "Other", "a gap-derived error names no resource of its kind");
        assert_eq!(error["Compliance"]["Status"], "NOT_AVAILABLE");
    }

    #[test]
    fn truncation_respects_utf16_limits_and_char_boundaries() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdef", 4), "abc…");
        let emoji = "🔒".repeat(600); // 2 UTF-16 units each
        let t = truncate(&emoji, MAX_DESCRIPTION);
        assert!(t.encode_utf16().count() <= MAX_DESCRIPTION);
        assert!(t.ends_with('…'));
        let e = "é".repeat(2000);
        assert_eq!(truncate(&e, MAX_RECOMMENDATION).encode_utf16().count(), MAX_RECOMMENDATION);
    }

    #[test]
    fn long_texts_and_many_tags_stay_within_limits() {
        let mut r = sample_report();
        let f = r.findings.iter_mut().find(|f| f.provider == Provider::Aws).unwrap();
        f.message = "m".repeat(5000);
        f.check_title = "t".repeat(1000);
        f.resource_tags = (0..80).map(|i| (format!("k{i:02}"), "v".repeat(400))).collect();
        f.resource_tags.insert("empty".into(), String::new());
        let id = f.id.clone();
        let check = f.check_id.clone();
        let c = r.checks.iter_mut().find(|c| c.id == check).unwrap();
        c.remediation.text = "r".repeat(3000);
        let v = to_value(&r);
        let x = v.as_array().unwrap().iter().find(|x| x["Id"] == id.as_str()).unwrap();
        let len = |v: &Value| v.as_str().unwrap().encode_utf16().count();
        assert_eq!(len(&x["Description"]), MAX_DESCRIPTION);
        assert_eq!(len(&x["Title"]), MAX_TITLE);
        assert_eq!(len(&x["Remediation"]["Recommendation"]["Text"]), MAX_RECOMMENDATION);
        let tags = x["Resources"][0]["Tags"].as_object().unwrap();
        assert_eq!(tags.len(), MAX_TAGS);
        assert!(!tags.contains_key("empty"));
        assert!(tags.values().all(|t| len(t) <= MAX_TAG_VALUE));
    }
}
