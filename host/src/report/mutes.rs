//! Mutes: rules from a TOML or YAML file that hide findings at report time,
//! each with a reason, an optional owner and an optional expiry date.
//!
//! A muted finding keeps its verdict and stays in every output, flagged with
//! the rule's reason; the summary counts it as muted and exit-code gating
//! ignores it. A rule past its expiry date hides nothing and is reported.
//! Format: docs/mutes.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::model::{Finding, MuteInfo, ScanReport};
use crate::model::{Provider, Status};

/// One rule of the mutes file as applied to a result.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MuteRuleReport {
    /// 1-based position in the mutes file.
    pub rule: usize,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// True when the expiry date has passed: the rule hides nothing.
    pub expired: bool,
    /// Findings the rule matched (for an expired rule: would have matched).
    pub matched: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum MutesError {
    #[error("cannot read the mutes file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("mutes file {path} is not valid {format}: {message}")]
    Syntax { path: PathBuf, format: &'static str, message: String },
    #[error("mutes file {path}, rule {rule}: {message}")]
    Rule { path: PathBuf, rule: usize, message: String },
}

/// The file: `[[mute]]` tables in TOML, or a `mute:` list in YAML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    mute: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    /// Check id or glob (`AWS-S3-*`).
    check: Option<String>,
    provider: Option<Provider>,
    /// Account, subscription or project id, or glob.
    account: Option<String>,
    /// Region or glob (`eu-*`, `global`).
    region: Option<String>,
    /// Glob over the resource id or name.
    resource: Option<String>,
    /// Regular expression over the resource id or name.
    resource_regex: Option<String>,
    /// Every tag listed must be present with a value matching the glob.
    #[serde(default)]
    tags: BTreeMap<String, String>,
    reason: Option<String>,
    owner: Option<String>,
    /// `YYYY-MM-DD`; the rule stops hiding findings after this day.
    expires: Option<String>,
}

/// A validated rule.
#[derive(Debug)]
pub struct Rule {
    check: Option<String>,
    provider: Option<Provider>,
    account: Option<String>,
    region: Option<String>,
    resource: Option<String>,
    resource_regex: Option<regex_lite::Regex>,
    tags: BTreeMap<String, String>,
    reason: String,
    owner: Option<String>,
    expires: Option<String>,
}

/// The rules of one mutes file, in order (the first matching rule wins).
#[derive(Debug)]
pub struct Mutes {
    rules: Vec<Rule>,
}

impl Mutes {
    /// Reads a mutes file; `.yaml`/`.yml` is YAML, anything else TOML.
    pub fn read(path: &Path) -> Result<Mutes, MutesError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| MutesError::Read { path: path.to_path_buf(), source })?;
        let yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
        Mutes::parse(&text, yaml, path)
    }

    pub fn parse(text: &str, yaml: bool, path: &Path) -> Result<Mutes, MutesError> {
        let syntax = |format, message: String| MutesError::Syntax { path: path.to_path_buf(), format, message };
        let file: File = if yaml {
            serde_yaml_ng::from_str(text).map_err(|e| syntax("YAML", e.to_string()))?
        } else {
            toml::from_str(text).map_err(|e| syntax("TOML", e.to_string()))?
        };
        let rules = file
            .mute
            .into_iter()
            .enumerate()
            .map(|(i, raw)| {
                Rule::validate(raw).map_err(|message| MutesError::Rule {
                    path: path.to_path_buf(),
                    rule: i + 1,
                    message,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Mutes { rules })
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

impl Rule {
    fn validate(raw: RawRule) -> Result<Rule, String> {
        let reason = raw.reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).ok_or(
            "a mute needs a `reason` (why this finding is accepted); add one, e.g. reason = \"public website bucket, reviewed 2026-11\"",
        )?;
        if raw.check.is_none()
            && raw.provider.is_none()
            && raw.account.is_none()
            && raw.region.is_none()
            && raw.resource.is_none()
            && raw.resource_regex.is_none()
            && raw.tags.is_empty()
        {
            return Err("a mute must be scoped: give at least one of check, provider, account, region, resource, resource_regex or tags (a rule matching everything would hide the whole scan)".into());
        }
        if let Some(d) = &raw.expires
            && !is_date(d)
        {
            return Err(format!("expires = \"{d}\" is not a date; write it as YYYY-MM-DD"));
        }
        let resource_regex = raw
            .resource_regex
            .map(|r| {
                regex_lite::Regex::new(&format!("^(?:{r})$"))
                    .map_err(|e| format!("resource_regex is not a valid regular expression: {e}"))
            })
            .transpose()?;
        Ok(Rule {
            check: raw.check,
            provider: raw.provider,
            account: raw.account,
            region: raw.region,
            resource: raw.resource,
            resource_regex,
            tags: raw.tags,
            reason,
            owner: raw.owner,
            expires: raw.expires,
        })
    }

    /// Whether the rule's scope covers the finding (expiry not considered).
    pub fn matches(&self, f: &Finding) -> bool {
        let opt = |pat: &Option<String>, value: &str| pat.as_deref().is_none_or(|p| glob(p, value));
        opt(&self.check, &f.check_id)
            && self.provider.is_none_or(|p| p == f.provider)
            && opt(&self.account, &f.account)
            && opt(&self.region, &f.region)
            && self.resource.as_deref().is_none_or(|p| glob(p, &f.resource_id) || glob(p, &f.resource_name))
            && self.resource_regex.as_ref().is_none_or(|r| r.is_match(&f.resource_id) || r.is_match(&f.resource_name))
            && self.tags.iter().all(|(k, v)| f.resource_tags.get(k).is_some_and(|actual| glob(v, actual)))
    }

    fn expired(&self, today: &str) -> bool {
        // ISO dates compare as strings.
        self.expires.as_deref().is_some_and(|d| d < today)
    }
}

/// Statuses a mute can hide: verdicts that need attention. Passes and
/// not-applicable findings are never flagged.
fn mutable(s: Status) -> bool {
    matches!(s, Status::Fail | Status::Error | Status::Manual)
}

/// Applies the rules to a result as of `today` (`YYYY-MM-DD`): clears any
/// earlier mutes, flags matching findings, and records each rule's use in
/// `report.mutes`. Call [`crate::report::refresh_derived`] afterwards.
pub fn apply(report: &mut ScanReport, mutes: &Mutes, today: &str) {
    let mut matched = vec![0usize; mutes.rules.len()];
    for f in &mut report.findings {
        f.mute = None;
        if !mutable(f.status) {
            continue;
        }
        // An expired rule never hides, but a later live rule still may.
        let mut hidden = false;
        for (i, rule) in mutes.rules.iter().enumerate() {
            if !rule.matches(f) {
                continue;
            }
            matched[i] += 1;
            if !hidden && !rule.expired(today) {
                f.mute = Some(MuteInfo {
                    rule: i + 1,
                    reason: rule.reason.clone(),
                    owner: rule.owner.clone(),
                    expires: rule.expires.clone(),
                });
                hidden = true;
            }
        }
    }
    report.mutes = mutes
        .rules
        .iter()
        .zip(matched)
        .enumerate()
        .map(|(i, (rule, matched))| MuteRuleReport {
            rule: i + 1,
            reason: rule.reason.clone(),
            owner: rule.owner.clone(),
            expires: rule.expires.clone(),
            expired: rule.expired(today),
            matched,
        })
        .collect();
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    crate::time::format_rfc3339(crate::time::now())[..10].to_string()
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u32>().unwrap_or(0))
}

/// Shell-style glob: `*` any run of characters, `?` one character; the
/// whole value must match. Without wildcards it is an exact comparison.
pub fn glob(pattern: &str, value: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let v: Vec<char> = value.chars().collect();
    let (mut pi, mut vi) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while vi < v.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == v[vi]) {
            pi += 1;
            vi += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = vi;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            vi = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(toml: &str) -> Mutes {
        Mutes::parse(toml, false, Path::new("mutes.toml")).unwrap()
    }

    fn sample() -> ScanReport {
        let mut r = crate::report::sample_report();
        for f in &mut r.findings {
            f.mute = None;
        }
        r
    }

    #[test]
    fn glob_matches_whole_values() {
        assert!(glob("AWS-S3-*", "AWS-S3-003"));
        assert!(glob("*", ""));
        assert!(glob("arn:aws:s3:::*-logs", "arn:aws:s3:::acme-logs"));
        assert!(glob("eu-?est-1", "eu-west-1"));
        assert!(glob("a*b*c", "aXXbYYc"));
        assert!(!glob("AWS-S3-*", "AWS-EC2-001"));
        assert!(!glob("eu-west-1", "eu-west-10"));
        assert!(!glob("a*b", "a-b-c"));
        assert!(glob("*a*a", "banana"));
    }

    #[test]
    fn a_rule_scopes_by_check_provider_account_region_resource_and_tags() {
        let mut r = sample();
        let target = r.findings.iter().find(|f| f.status == Status::Fail && !f.resource_tags.is_empty()).cloned();
        let target = target.expect("the sample has a failed finding on a tagged resource");
        let (tk, tv) = target.resource_tags.iter().next().unwrap();
        let m = rules(&format!(
            "[[mute]]\ncheck = \"{}*\"\nprovider = \"{}\"\naccount = \"{}\"\nregion = \"{}\"\nresource = \"*{}\"\ntags = {{ \"{tk}\" = \"{tv}\" }}\nreason = \"accepted\"\nowner = \"team\"\n",
            &target.check_id[..target.check_id.len() - 1],
            target.provider,
            target.account,
            target.region,
            &target.resource_id[target.resource_id.len().saturating_sub(4)..],
        ));
        apply(&mut r, &m, "2026-01-01");
        let muted: Vec<&Finding> = r.findings.iter().filter(|f| f.mute.is_some()).collect();
        assert_eq!(muted.len(), 1, "exactly the scoped finding is muted");
        assert_eq!(muted[0].id, target.id);
        assert_eq!(muted[0].status, Status::Fail, "the verdict is kept");
        let info = muted[0].mute.as_ref().unwrap();
        assert_eq!((info.rule, info.reason.as_str(), info.owner.as_deref()), (1, "accepted", Some("team")));
        assert_eq!(r.mutes[0].matched, 1);

        // A different tag value does not match.
        let mut r = sample();
        let m = rules(&format!("[[mute]]\ntags = {{ \"{tk}\" = \"not-{tv}\" }}\nreason = \"x\"\n"));
        apply(&mut r, &m, "2026-01-01");
        assert!(r.findings.iter().all(|f| f.mute.is_none() || f.resource_tags.get(tk).is_some_and(|v| v != tv)));
    }

    #[test]
    fn regex_matches_the_whole_resource_id_or_name() {
        let mut r = sample();
        let target = r.findings.iter().find(|f| f.status == Status::Fail).unwrap().clone();
        let escaped: String = target
            .resource_id
            .chars()
            .map(|c| if c.is_alphanumeric() { c.to_string() } else { format!("\\{c}") })
            .collect();
        let m = rules(&format!("[[mute]]\nresource_regex = '{escaped}'\nreason = \"x\"\n"));
        apply(&mut r, &m, "2026-01-01");
        assert!(r.findings.iter().filter(|f| f.mute.is_some()).all(|f| f.resource_id == target.resource_id));
        assert!(r.findings.iter().any(|f| f.mute.is_some()));
        // A partial pattern does not match: it is anchored.
        let mut r = sample();
        let m = rules("[[mute]]\nresource_regex = 'arn'\nreason = \"x\"\n");
        apply(&mut r, &m, "2026-01-01");
        assert_eq!(r.mutes[0].matched, 0);
    }

    #[test]
    fn passes_are_never_muted_and_the_first_live_rule_wins() {
        let mut r = sample();
        let m = rules(
            "[[mute]]\nprovider = \"aws\"\nreason = \"old\"\nexpires = \"2025-12-31\"\n[[mute]]\nprovider = \"aws\"\nreason = \"current\"\n",
        );
        apply(&mut r, &m, "2026-06-01");
        for f in r.findings.iter().filter(|f| f.provider == Provider::Aws) {
            if mutable(f.status) {
                assert_eq!(f.mute.as_ref().unwrap().reason, "current", "{}", f.id);
            } else {
                assert!(f.mute.is_none(), "a {} finding is never muted", f.status);
            }
        }
        assert!(r.mutes[0].expired && !r.mutes[1].expired);
        assert_eq!(r.mutes[0].matched, r.mutes[1].matched);
    }

    #[test]
    fn an_expired_rule_stops_hiding_and_is_reported() {
        let toml = "[[mute]]\nprovider = \"gcp\"\nreason = \"migration\"\nexpires = \"2026-03-31\"\n";
        let mut r = sample();
        apply(&mut r, &rules(toml), "2026-03-31");
        let before = r.findings.iter().filter(|f| f.mute.is_some()).count();
        assert!(before > 0, "on its expiry day the rule still applies");
        assert!(!r.mutes[0].expired);
        apply(&mut r, &rules(toml), "2026-04-01");
        assert_eq!(r.findings.iter().filter(|f| f.mute.is_some()).count(), 0);
        assert!(r.mutes[0].expired);
        assert_eq!(r.mutes[0].matched, before, "the report says what it would have hidden");
        crate::report::refresh_derived(&mut r);
        assert_eq!(r.summary.totals.muted, 0);
    }

    #[test]
    fn muted_findings_count_as_muted_in_the_summary() {
        let mut r = sample();
        let fails = r.findings.iter().filter(|f| f.provider == Provider::Azure && f.status == Status::Fail).count();
        apply(&mut r, &rules("[[mute]]\nprovider = \"azure\"\ncheck = \"*\"\nreason = \"x\"\n"), "2026-01-01");
        crate::report::refresh_derived(&mut r);
        let azure: usize = r.summary.by_provider_model[&Provider::Azure].values().map(|c| c.fail).sum();
        assert_eq!(azure, 0);
        assert!(r.summary.totals.muted >= fails);
    }

    #[test]
    fn yaml_and_toml_mean_the_same() {
        let y = "mute:\n  - check: AWS-S3-*\n    reason: website\n    tags: { env: dev }\n    expires: 2027-01-01\n";
        let t = "[[mute]]\ncheck = \"AWS-S3-*\"\nreason = \"website\"\ntags = { env = \"dev\" }\nexpires = \"2027-01-01\"\n";
        let a = Mutes::parse(y, true, Path::new("m.yaml")).unwrap();
        let b = rules(t);
        assert_eq!(format!("{:?}", a.rules), format!("{:?}", b.rules));
    }

    #[test]
    fn bad_rules_are_refused_with_the_rule_number_and_a_fix() {
        let cases = [
            ("[[mute]]\ncheck = \"X\"\n", "rule 1: a mute needs a `reason`"),
            (
                "[[mute]]\ncheck = \"X\"\nreason = \"x\"\n[[mute]]\nreason = \"everything\"\n",
                "rule 2: a mute must be scoped",
            ),
            ("[[mute]]\ncheck = \"X\"\nreason = \"x\"\nexpires = \"31/12/2026\"\n", "write it as YYYY-MM-DD"),
            ("[[mute]]\nresource_regex = \"(\"\nreason = \"x\"\n", "not a valid regular expression"),
            ("[[mute]]\ncheck = \"X\"\nreason = \"x\"\nresorce = \"typo\"\n", "unknown field `resorce`"),
            ("[[mute]]\nprovider = \"oracle\"\nreason = \"x\"\n", "not valid TOML"),
        ];
        for (text, expected) in cases {
            let err = Mutes::parse(text, false, Path::new("mutes.toml")).unwrap_err().to_string();
            assert!(err.contains(expected) && err.contains("mutes.toml"), "{text:?}: {err}");
        }
    }

    proptest::proptest! {
        /// The mutes parser is fed files users write by hand: any input
        /// yields rules or an error, never a panic.
        #[test]
        fn parsing_never_panics(text in "\\PC{0,200}") {
            let _ = Mutes::parse(&text, false, Path::new("m.toml"));
            let _ = Mutes::parse(&text, true, Path::new("m.yaml"));
        }

        #[test]
        fn a_pattern_without_wildcards_is_equality(p in "[a-z0-9:/.-]{0,12}", v in "[a-z0-9:/.-]{0,12}") {
            proptest::prop_assert_eq!(glob(&p, &v), p == v);
        }
    }
}
