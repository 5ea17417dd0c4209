//! Nothing a plugin returns is trusted: metadata and findings are checked
//! against the contract's rules and cleaned of control characters before
//! any of it reaches a report or a terminal.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::bindings::wit;
use crate::model::{CheckInfo, ComplianceRef, ControlDomain, Provider, Remediation, ServiceModel, Severity, Status};

/// Limits on metadata sizes (per string), generous for honest plugins.
const MAX_SHORT: usize = 200;
const MAX_TEXT: usize = 8 * 1024;
const MAX_CHECKS: usize = 2_000;
const MAX_LIST: usize = 64;
const MAX_MESSAGE: usize = 2 * 1024;
const MAX_EVIDENCE: usize = 32;

/// Replaces control characters (terminal escapes included) with spaces and
/// truncates to `max` characters.
pub fn clean(s: &str, max: usize) -> String {
    clean_impl(s, max, false)
}

/// Like [`clean`] but keeps newlines (remediation snippets).
pub fn clean_multiline(s: &str, max: usize) -> String {
    clean_impl(s, max, true)
}

fn clean_impl(s: &str, max: usize, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(s.len().min(max));
    for (count, c) in s.chars().enumerate() {
        if count == max {
            out.push('…');
            break;
        }
        if c == '\n' && keep_newlines {
            out.push(c);
        } else if c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

fn model(m: wit::ServiceModel) -> ServiceModel {
    match m {
        wit::ServiceModel::Iaas => ServiceModel::Iaas,
        wit::ServiceModel::Paas => ServiceModel::Paas,
        wit::ServiceModel::Saas => ServiceModel::Saas,
        wit::ServiceModel::Serverless => ServiceModel::Serverless,
    }
}

pub fn severity(s: wit::Severity) -> Severity {
    match s {
        wit::Severity::Critical => Severity::Critical,
        wit::Severity::High => Severity::High,
        wit::Severity::Medium => Severity::Medium,
        wit::Severity::Low => Severity::Low,
        wit::Severity::Info => Severity::Info,
    }
}

fn domain(d: wit::ControlDomain) -> ControlDomain {
    match d {
        wit::ControlDomain::IdentityAccess => ControlDomain::IdentityAccess,
        wit::ControlDomain::DataProtection => ControlDomain::DataProtection,
        wit::ControlDomain::Network => ControlDomain::Network,
        wit::ControlDomain::LoggingMonitoring => ControlDomain::LoggingMonitoring,
        wit::ControlDomain::WorkloadOs => ControlDomain::WorkloadOs,
        wit::ControlDomain::ApplicationCode => ControlDomain::ApplicationCode,
        wit::ControlDomain::Secrets => ControlDomain::Secrets,
        wit::ControlDomain::Governance => ControlDomain::Governance,
    }
}

fn status(s: wit::Status) -> Status {
    match s {
        wit::Status::Pass => Status::Pass,
        wit::Status::Fail => Status::Fail,
        wit::Status::Error => Status::Error,
        wit::Status::Manual => Status::Manual,
        wit::Status::NotApplicable => Status::NotApplicable,
    }
}

/// A plugin's validated self-description.
#[derive(Debug, Clone)]
pub struct ValidInfo {
    pub name: String,
    pub version: String,
    pub provider: Provider,
    pub service_model: ServiceModel,
    pub resource_kinds: Vec<String>,
    pub checks: Vec<CheckInfo>,
}

fn is_plugin_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn is_short_id(id: &str) -> bool {
    id.len() <= 40
        && id.split('-').count() >= 2
        && id.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
}

fn is_long_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 120
        && id.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Whether `kind` is `provider.service.type` in lower case.
pub fn is_kind(kind: &str) -> bool {
    kind.len() <= 100
        && kind.split('.').count() >= 3
        && kind
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
}

/// Checks `info()`'s answer. The error is one sentence without the plugin's name.
pub fn info(raw: wit::PluginInfo) -> Result<ValidInfo, String> {
    if !is_plugin_name(&raw.name) {
        return Err(format!(
            "declares the invalid name {:?} (use lower-case letters, digits and dashes, at most 64)",
            clean(&raw.name, 64)
        ));
    }
    let provider: Provider = raw.provider.parse().map_err(|_| {
        format!("declares the unknown provider {:?} (expected aws, azure or gcp)", clean(&raw.provider, 32))
    })?;
    if raw.version.is_empty() || raw.version.len() > 64 {
        return Err("declares an empty or over-long version".into());
    }
    if raw.checks.is_empty() {
        return Err("declares no checks".into());
    }
    if raw.checks.len() > MAX_CHECKS {
        return Err(format!("declares {} checks, more than the limit of {MAX_CHECKS}", raw.checks.len()));
    }
    let prefix = format!("{provider}.");
    let mut kinds = BTreeSet::new();
    for k in &raw.resource_kinds {
        if !is_kind(k) || !k.starts_with(&prefix) {
            return Err(format!(
                "requests resource kind {:?}, which is not a {provider} kind of the form {provider}.service.type",
                clean(k, 100)
            ));
        }
        kinds.insert(k.clone());
    }
    let mut ids = HashSet::new();
    let mut checks = Vec::with_capacity(raw.checks.len());
    for c in raw.checks {
        if !is_short_id(&c.id) {
            return Err(format!("declares the malformed check id {:?} (expected e.g. AWS-S3-001)", clean(&c.id, 40)));
        }
        if !ids.insert(c.id.clone()) {
            return Err(format!("declares check id {} twice", c.id));
        }
        if !is_long_id(&c.long_id) {
            return Err(format!("declares the malformed long id {:?} for {}", clean(&c.long_id, 120), c.id));
        }
        for (field, value, max) in [
            ("title", &c.title, MAX_SHORT),
            ("risk", &c.risk, MAX_TEXT),
            ("remediation", &c.remediation.text, MAX_TEXT),
        ] {
            if value.trim().is_empty() {
                return Err(format!("declares check {} with an empty {field}", c.id));
            }
            if value.chars().count() > max {
                return Err(format!("declares check {} with a {field} longer than {max} characters", c.id));
            }
        }
        if c.resource_kinds.is_empty() {
            return Err(format!("declares check {} that reads no resource kind", c.id));
        }
        for k in &c.resource_kinds {
            if !kinds.contains(k) {
                return Err(format!(
                    "declares check {} reading kind {:?}, which the plugin does not request",
                    c.id,
                    clean(k, 100)
                ));
            }
        }
        if c.references.len() > MAX_LIST || c.compliance.len() > MAX_LIST {
            return Err(format!("declares check {} with more than {MAX_LIST} references or compliance mappings", c.id));
        }
        checks.push(CheckInfo {
            id: c.id,
            long_id: c.long_id,
            title: clean(&c.title, MAX_SHORT),
            provider,
            plugin: raw.name.clone(),
            severity: severity(c.severity),
            service_model: model(c.service_model),
            control_domain: domain(c.control_domain),
            resource_kinds: c.resource_kinds,
            risk: clean(&c.risk, MAX_TEXT),
            remediation: Remediation {
                text: clean(&c.remediation.text, MAX_TEXT),
                cli: c.remediation.cli.map(|s| clean_multiline(&s, MAX_TEXT)),
                terraform: c.remediation.terraform.map(|s| clean_multiline(&s, MAX_TEXT)),
            },
            references: c.references.iter().map(|r| clean(r, 500)).collect(),
            compliance: c
                .compliance
                .iter()
                .map(|x| ComplianceRef { framework: clean(&x.framework, 64), control: clean(&x.control, 64) })
                .collect(),
        });
    }
    Ok(ValidInfo {
        name: raw.name,
        version: clean(&raw.version, 64),
        provider,
        service_model: model(raw.service_model),
        resource_kinds: kinds.into_iter().collect(),
        checks,
    })
}

/// A finding that passed validation, before the host adds context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFinding {
    pub check_id: String,
    /// Index of the resource in the list given to the plugin.
    pub resource: usize,
    pub status: Status,
    pub severity: Severity,
    pub message: String,
    pub evidence: Vec<(String, String)>,
}

/// Size of a findings list as the host counts it against the output cap.
pub fn output_size(findings: &[wit::Finding]) -> u64 {
    findings
        .iter()
        .map(|f| {
            (f.check_id.len() + f.resource_id.len() + f.message.len() + 16) as u64
                + f.evidence.iter().map(|e| (e.property.len() + e.value.len() + 8) as u64).sum::<u64>()
        })
        .sum()
}

/// Checks one `evaluate` answer: only declared checks, only given
/// resources, one finding per (check, resource), sane sizes.
pub fn findings(
    raw: Vec<wit::Finding>,
    declared: &HashSet<&str>,
    given: &HashMap<&str, usize>,
    output_cap: u64,
) -> Result<Vec<RawFinding>, String> {
    let size = output_size(&raw);
    if size > output_cap {
        return Err(format!(
            "{} findings totalling {} KiB, more than the output limit of {} KiB",
            raw.len(),
            size >> 10,
            output_cap >> 10
        ));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for f in raw {
        if !declared.contains(f.check_id.as_str()) {
            return Err(format!("a finding for check {:?}, which the plugin did not declare", clean(&f.check_id, 40)));
        }
        let Some(&resource) = given.get(f.resource_id.as_str()) else {
            return Err(format!(
                "a finding on resource {:?}, which the plugin was not given",
                clean(&f.resource_id, 200)
            ));
        };
        if !seen.insert((f.check_id.clone(), resource)) {
            return Err(format!(
                "more than one finding of check {} on resource {}",
                f.check_id,
                clean(&f.resource_id, 200)
            ));
        }
        if f.message.trim().is_empty() {
            return Err(format!("a finding of check {} with an empty message", f.check_id));
        }
        if f.evidence.len() > MAX_EVIDENCE {
            return Err(format!(
                "a finding of check {} with {} evidence entries (limit {MAX_EVIDENCE})",
                f.check_id,
                f.evidence.len()
            ));
        }
        out.push(RawFinding {
            status: status(f.status),
            severity: severity(f.severity),
            message: clean(&f.message, MAX_MESSAGE),
            evidence: f.evidence.iter().map(|e| (clean(&e.property, 200), clean(&e.value, 1024))).collect(),
            check_id: f.check_id,
            resource,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_terminal_escapes() {
        assert_eq!(clean("a\u{1b}[2Jb\u{7}c", 100), "a [2Jb c");
        assert_eq!(clean("x\ny", 100), "x y");
        assert_eq!(clean_multiline("x\ny\u{1b}", 100), "x\ny ");
        assert_eq!(clean("abcdef", 3), "abc…");
        assert_eq!(clean("rtl\u{202e}gnp.exe", 100), "rtl gnp.exe");
    }

    fn finding(check: &str, resource: &str) -> wit::Finding {
        wit::Finding {
            check_id: check.into(),
            resource_id: resource.into(),
            status: wit::Status::Fail,
            severity: wit::Severity::High,
            message: "Bucket b is public.".into(),
            evidence: vec![],
        }
    }

    #[test]
    fn findings_are_checked_against_declared_checks_given_resources_and_size() {
        let declared = HashSet::from(["AWS-S3-001"]);
        let given = HashMap::from([("arn:b", 0usize)]);
        let ok = findings(vec![finding("AWS-S3-001", "arn:b")], &declared, &given, 1 << 20).unwrap();
        assert_eq!((ok[0].resource, ok[0].status), (0, Status::Fail));

        let e = findings(vec![finding("AWS-S3-999", "arn:b")], &declared, &given, 1 << 20).unwrap_err();
        assert!(e.contains("did not declare"), "{e}");
        let e = findings(vec![finding("AWS-S3-001", "arn:other")], &declared, &given, 1 << 20).unwrap_err();
        assert!(e.contains("was not given"), "{e}");
        let e =
            findings(vec![finding("AWS-S3-001", "arn:b"), finding("AWS-S3-001", "arn:b")], &declared, &given, 1 << 20)
                .unwrap_err();
        assert!(e.contains("more than one finding"), "{e}");
        let mut big = finding("AWS-S3-001", "arn:b");
        big.message = "x".repeat(4096);
        let e = findings(vec![big], &declared, &given, 1024).unwrap_err();
        assert!(e.contains("output limit of 1 KiB"), "{e}");
    }

    proptest::proptest! {
        /// Cleaned text never carries a control character and respects the limit.
        #[test]
        fn clean_removes_every_control_character(text in "\\PC*|[\\x00-\\x1f\\x7f\\u{202e}a-z]{0,200}", max in 1usize..64) {
            let out = clean(&text, max);
            proptest::prop_assert!(!out.chars().any(|c| c.is_control()));
            proptest::prop_assert!(out.chars().count() <= max + 1);
        }

        /// Whatever a plugin returns, validation accepts it cleaned or
        /// refuses it with a sentence; it never panics.
        #[test]
        fn arbitrary_findings_never_panic(
            raw in proptest::collection::vec(
                ("[A-Z0-9-]{0,12}", "[a-z:]{0,8}", "\\PC{0,80}", proptest::collection::vec(("\\PC{0,20}", "\\PC{0,20}"), 0..40)),
                0..20,
            )
        ) {
            let declared = HashSet::from(["AWS-S3-001"]);
            let given = HashMap::from([("arn:b", 0usize), ("a", 1usize)]);
            let list: Vec<wit::Finding> = raw
                .into_iter()
                .map(|(check, resource, message, evidence)| wit::Finding {
                    check_id: check,
                    resource_id: resource,
                    status: wit::Status::Pass,
                    severity: wit::Severity::Low,
                    message,
                    evidence: evidence.into_iter().map(|(property, value)| wit::Evidence { property, value }).collect(),
                })
                .collect();
            if let Ok(accepted) = findings(list, &declared, &given, 1 << 20) {
                for f in accepted {
                    proptest::prop_assert!(!f.message.chars().any(|c| c.is_control()));
                    proptest::prop_assert!(f.evidence.iter().all(|(p, v)| !p.chars().chain(v.chars()).any(|c| c.is_control())));
                }
            }
        }
    }

    #[test]
    fn ids_and_kinds() {
        assert!(is_short_id("AWS-S3-001"));
        assert!(!is_short_id("aws-s3-001"));
        assert!(!is_short_id("AWS"));
        assert!(is_kind("aws.s3.bucket"));
        assert!(is_kind("aws.s3.account-public-access-block"));
        assert!(!is_kind("aws.s3"));
        assert!(!is_kind("AWS.s3.bucket"));
    }
}
