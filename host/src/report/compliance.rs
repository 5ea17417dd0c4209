//! Compliance packs: framework requirements mapped to check ids, kept as
//! data (`host/assets/compliance/*.toml`) apart from the checks, and their
//! evaluation over a result. The format and the status semantics are
//! described in `docs/compliance.md`.
//!
//! A requirement is
//! - `manual` when the pack says no configuration can show it;
//! - `not-covered` when none of its mapped checks was loaded;
//! - `fail` when a mapped check has an unmuted `fail` finding;
//! - `pass` when the mapped checks gave at least one `pass` and no
//!   unmuted `error`;
//! - `not-evaluated` otherwise (an error, or no verdict at all).
//!
//! Mutes only soften: a muted failure is accepted risk and does not fail the
//! requirement, a muted error does not hold it back; neither counts as a pass.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::model::ScanReport;
use crate::model::{Provider, Status};

/// One framework's standing in a result.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FrameworkResult {
    /// Pack id, e.g. `cis-aws-3.0.0`, `soc2`, `iso27001-2022`, `nist-csf-2.0`.
    pub id: String,
    pub name: String,
    pub version: String,
    /// Where the framework is published.
    pub source: String,
    pub totals: FrameworkTotals,
    pub requirements: Vec<RequirementResult>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FrameworkTotals {
    pub requirements: usize,
    /// Requirements with at least one mapped check that was loaded.
    pub covered: usize,
    pub passing: usize,
    pub failing: usize,
    /// Covered, but a mapped check errored or had nothing to evaluate.
    pub not_evaluated: usize,
    /// Manual or not automatable, per the pack.
    pub manual: usize,
    /// `covered / requirements`, in percent.
    pub coverage_pct: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RequirementResult {
    pub id: String,
    pub title: String,
    pub status: RequirementStatus,
    /// Mapped check ids (those the pack names).
    pub checks: Vec<String>,
    /// Failed (unmuted) findings of the mapped checks.
    pub failed_findings: usize,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum RequirementStatus {
    Pass,
    Fail,
    NotEvaluated,
    Manual,
    /// Automatable, but no loaded check maps to it.
    NotCovered,
}

impl RequirementStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::NotEvaluated => "not-evaluated",
            Self::Manual => "manual",
            Self::NotCovered => "not-covered",
        }
    }
}

/// The built-in packs: file name (for errors) and contents.
const BUILTIN: &[(&str, &str)] = &[
    ("cis-aws-3.0.0.toml", include_str!("../../assets/compliance/cis-aws-3.0.0.toml")),
    ("cis-azure-2.1.0.toml", include_str!("../../assets/compliance/cis-azure-2.1.0.toml")),
    ("cis-gcp-3.0.0.toml", include_str!("../../assets/compliance/cis-gcp-3.0.0.toml")),
    ("soc2.toml", include_str!("../../assets/compliance/soc2.toml")),
    ("iso27001-2022.toml", include_str!("../../assets/compliance/iso27001-2022.toml")),
    ("nist-csf-2.0.toml", include_str!("../../assets/compliance/nist-csf-2.0.toml")),
];

/// A compliance framework as data: its requirements and the checks that
/// give evidence for each.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    /// Stable id, e.g. `cis-aws-3.0.0`; checks' `compliance` refs use it as
    /// their `framework`.
    pub id: String,
    pub name: String,
    pub version: String,
    /// Where the framework is published.
    pub source: String,
    /// Set when the framework is about one provider (the CIS benchmarks).
    #[serde(default)]
    pub provider: Option<Provider>,
    pub requirements: Vec<Requirement>,
}

/// One requirement (control, recommendation, criterion, subcategory).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub id: String,
    pub title: String,
    /// Check ids that give evidence for the requirement (many-to-many).
    /// Empty on an automatable requirement no check covers yet.
    #[serde(default)]
    pub checks: Vec<String>,
    /// No cloud configuration can show this requirement (a process, a
    /// people or physical control, a judgement).
    #[serde(default)]
    pub manual: bool,
    /// Why a manual requirement is manual.
    #[serde(default)]
    pub why: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("compliance pack {file}: {source}")]
    Parse {
        file: String,
        #[source]
        source: Box<toml::de::Error>,
    },
    #[error("compliance pack {file}: {problem}")]
    Pack { file: String, problem: String },
    #[error("compliance pack {file}, requirement `{requirement}`: {problem}")]
    Requirement { file: String, requirement: String, problem: String },
    #[error("compliance packs {file} and {other} both have the id `{id}`")]
    DuplicatePack { file: String, other: String, id: String },
}

/// Parses and validates one pack; `file` names it in errors.
pub fn parse_pack(file: &str, text: &str) -> Result<Pack, PackError> {
    let pack: Pack =
        toml::from_str(text).map_err(|e| PackError::Parse { file: file.to_string(), source: Box::new(e) })?;
    let pack_err = |problem: &str| PackError::Pack { file: file.to_string(), problem: problem.to_string() };
    for (field, value) in [("id", &pack.id), ("name", &pack.name), ("version", &pack.version), ("source", &pack.source)]
    {
        if value.trim().is_empty() {
            return Err(pack_err(&format!("`{field}` is empty")));
        }
    }
    if pack.requirements.is_empty() {
        return Err(pack_err("has no requirements"));
    }
    let mut seen = BTreeSet::new();
    for r in &pack.requirements {
        let req_err =
            |problem: String| PackError::Requirement { file: file.to_string(), requirement: r.id.clone(), problem };
        if r.id.trim().is_empty() {
            return Err(req_err("the id is empty".into()));
        }
        if !seen.insert(r.id.as_str()) {
            return Err(req_err("the id appears more than once".into()));
        }
        if r.title.trim().is_empty() {
            return Err(req_err("the title is empty".into()));
        }
        match (r.manual, r.why.as_deref().map(str::trim)) {
            (true, None | Some("")) => return Err(req_err("`manual = true` needs a `why`".into())),
            (false, Some(_)) => return Err(req_err("`why` is for manual requirements only".into())),
            _ => {}
        }
        if r.manual && !r.checks.is_empty() {
            return Err(req_err("a manual requirement maps no checks".into()));
        }
        let mut checks = BTreeSet::new();
        for c in &r.checks {
            if c.trim().is_empty() {
                return Err(req_err("a check id is empty".into()));
            }
            if !checks.insert(c.as_str()) {
                return Err(req_err(format!("check `{c}` is listed twice")));
            }
        }
    }
    Ok(pack)
}

/// Parses and validates the packs built into the binary.
pub fn builtin_packs() -> Result<Vec<Pack>, PackError> {
    let mut packs: Vec<Pack> = Vec::with_capacity(BUILTIN.len());
    let mut files: BTreeMap<String, &str> = BTreeMap::new();
    for (file, text) in BUILTIN {
        let pack = parse_pack(file, text)?;
        if let Some(other) = files.insert(pack.id.clone(), file) {
            return Err(PackError::DuplicatePack { file: file.to_string(), other: other.to_string(), id: pack.id });
        }
        packs.push(pack);
    }
    Ok(packs)
}

fn builtin() -> &'static [Pack] {
    static PACKS: OnceLock<Vec<Pack>> = OnceLock::new();
    // The packs are compiled in and validated by the tests, so a failure
    // here is a build defect, not a user error.
    PACKS.get_or_init(|| builtin_packs().unwrap_or_else(|e| panic!("built-in compliance packs: {e}")))
}

/// Evaluates every built-in pack over a result.
pub fn compute(report: &ScanReport) -> Vec<FrameworkResult> {
    builtin().iter().map(|p| evaluate(p, report)).collect()
}

/// What a check's findings say, for the requirements that map it.
#[derive(Default)]
struct Verdicts {
    failed: usize,
    passed: bool,
    errored: bool,
}

/// Evaluates one pack over a result (see the module docs for the rules).
pub fn evaluate(pack: &Pack, report: &ScanReport) -> FrameworkResult {
    let loaded: BTreeSet<&str> = report.checks.iter().map(|c| c.id.as_str()).collect();
    let mut verdicts: HashMap<&str, Verdicts> = HashMap::new();
    for f in &report.findings {
        let v = verdicts.entry(f.check_id.as_str()).or_default();
        let muted = f.mute.is_some();
        match f.status {
            Status::Fail if !muted => v.failed += 1,
            Status::Error if !muted => v.errored = true,
            Status::Pass => v.passed = true,
            _ => {}
        }
    }
    let mut totals = FrameworkTotals { requirements: pack.requirements.len(), ..FrameworkTotals::default() };
    let requirements = pack
        .requirements
        .iter()
        .map(|r| {
            let present: Vec<&str> = r.checks.iter().map(String::as_str).filter(|c| loaded.contains(c)).collect();
            let (mut failed, mut passed, mut errored) = (0, false, false);
            for c in &present {
                if let Some(v) = verdicts.get(c) {
                    failed += v.failed;
                    passed |= v.passed;
                    errored |= v.errored;
                }
            }
            if !present.is_empty() {
                totals.covered += 1;
            }
            let status = if r.manual {
                RequirementStatus::Manual
            } else if present.is_empty() {
                RequirementStatus::NotCovered
            } else if failed > 0 {
                RequirementStatus::Fail
            } else if passed && !errored {
                RequirementStatus::Pass
            } else {
                RequirementStatus::NotEvaluated
            };
            match status {
                RequirementStatus::Pass => totals.passing += 1,
                RequirementStatus::Fail => totals.failing += 1,
                RequirementStatus::NotEvaluated => totals.not_evaluated += 1,
                RequirementStatus::Manual => totals.manual += 1,
                RequirementStatus::NotCovered => {}
            }
            RequirementResult {
                id: r.id.clone(),
                title: r.title.clone(),
                status,
                checks: r.checks.clone(),
                failed_findings: failed,
            }
        })
        .collect();
    if totals.requirements > 0 {
        let pct = totals.covered as f64 * 100.0 / totals.requirements as f64;
        totals.coverage_pct = (pct * 10.0).round() / 10.0;
    }
    FrameworkResult {
        id: pack.id.clone(),
        name: pack.name.clone(),
        version: pack.version.clone(),
        source: pack.source.clone(),
        totals,
        requirements,
    }
}

/// One line per framework, as an aligned plain-text table.
pub fn render_summary(results: &[FrameworkResult], out: &mut dyn Write) -> std::io::Result<()> {
    const HEAD: [&str; 9] = [
        "Framework",
        "Version",
        "Requirements",
        "Covered",
        "Passing",
        "Failing",
        "Not evaluated",
        "Manual",
        "Coverage",
    ];
    let rows: Vec<[String; 9]> = results
        .iter()
        .map(|r| {
            let t = &r.totals;
            [
                r.name.clone(),
                r.version.clone(),
                t.requirements.to_string(),
                t.covered.to_string(),
                t.passing.to_string(),
                t.failing.to_string(),
                t.not_evaluated.to_string(),
                t.manual.to_string(),
                format!("{:.1}%", t.coverage_pct),
            ]
        })
        .collect();
    let mut width = HEAD.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in width.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[&str], out: &mut dyn Write| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(width).enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            let pad = w - cell.chars().count();
            // Text columns left-aligned, numbers right-aligned.
            if i < 2 {
                s.push_str(cell);
                s.extend(std::iter::repeat_n(' ', pad));
            } else {
                s.extend(std::iter::repeat_n(' ', pad));
                s.push_str(cell);
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(&HEAD, out)?;
    for row in &rows {
        line(&row.each_ref().map(String::as_str), out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::MuteInfo;

    const PACK: &str = r#"
id = "test-pack"
name = "Test framework"
version = "1"
source = "https://example.com"

[[requirements]]
id = "R-manual"
title = "A process"
manual = true
why = "People do it."

[[requirements]]
id = "R-not-covered"
title = "Nothing loaded"
checks = ["X-UNLOADED"]

[[requirements]]
id = "R-gap"
title = "No check yet"
checks = []

[[requirements]]
id = "R-fail"
title = "Fails"
checks = ["C-FAIL", "C-PASS", "X-UNLOADED"]

[[requirements]]
id = "R-muted-fail"
title = "A muted failure beside a pass"
checks = ["C-MUTED", "C-PASS"]

[[requirements]]
id = "R-muted-only"
title = "Only a muted failure"
checks = ["C-MUTED"]

[[requirements]]
id = "R-pass"
title = "Passes"
checks = ["C-PASS"]

[[requirements]]
id = "R-error"
title = "A pass and an error"
checks = ["C-PASS", "C-ERR"]

[[requirements]]
id = "R-silent"
title = "Only not-applicable"
checks = ["C-NA"]
"#;

    /// A tiny report: checks C-FAIL, C-PASS, C-MUTED, C-ERR, C-NA loaded.
    fn tiny_report() -> ScanReport {
        let mut r = crate::report::sample_report();
        let check = r.checks[0].clone();
        let finding = r.findings[0].clone();
        r.checks = ["C-FAIL", "C-PASS", "C-MUTED", "C-ERR", "C-NA"]
            .iter()
            .map(|id| {
                let mut c = check.clone();
                c.id = id.to_string();
                c
            })
            .collect();
        let f = |check: &str, status: Status, muted: bool| {
            let mut f = finding.clone();
            f.check_id = check.to_string();
            f.status = status;
            f.mute = muted.then(|| MuteInfo { rule: 1, reason: "accepted".into(), owner: None, expires: None });
            f
        };
        r.findings = vec![
            f("C-FAIL", Status::Fail, false),
            f("C-FAIL", Status::Fail, false),
            f("C-FAIL", Status::Pass, false),
            f("C-PASS", Status::Pass, false),
            f("C-PASS", Status::NotApplicable, false),
            f("C-MUTED", Status::Fail, true),
            f("C-ERR", Status::Error, false),
            f("C-NA", Status::NotApplicable, false),
            f("C-NA", Status::Manual, false),
            // A muted error holds nothing back.
            f("C-PASS", Status::Error, true),
        ];
        r
    }

    #[test]
    fn every_status_is_reachable() {
        let pack = parse_pack("test.toml", PACK).unwrap();
        let result = evaluate(&pack, &tiny_report());
        let status: BTreeMap<&str, (RequirementStatus, usize)> =
            result.requirements.iter().map(|r| (r.id.as_str(), (r.status, r.failed_findings))).collect();
        use RequirementStatus::*;
        let expected = BTreeMap::from([
            ("R-manual", (Manual, 0)),
            ("R-not-covered", (NotCovered, 0)),
            ("R-gap", (NotCovered, 0)),
            ("R-fail", (Fail, 2)),
            ("R-muted-fail", (Pass, 0)),
            ("R-muted-only", (NotEvaluated, 0)),
            ("R-pass", (Pass, 0)),
            ("R-error", (NotEvaluated, 0)),
            ("R-silent", (NotEvaluated, 0)),
        ]);
        assert_eq!(status, expected);
        assert_eq!(
            result.totals,
            FrameworkTotals {
                requirements: 9,
                covered: 6,
                passing: 2,
                failing: 1,
                not_evaluated: 3,
                manual: 1,
                coverage_pct: 66.7,
            }
        );
        // The result lists the pack's checks, loaded or not.
        let fail = result.requirements.iter().find(|r| r.id == "R-fail").unwrap();
        assert_eq!(fail.checks, ["C-FAIL", "C-PASS", "X-UNLOADED"]);
        assert_eq!((result.id.as_str(), result.name.as_str()), ("test-pack", "Test framework"));
    }

    #[test]
    fn an_empty_result_covers_nothing() {
        let pack = parse_pack("test.toml", PACK).unwrap();
        let mut r = tiny_report();
        r.checks.clear();
        r.findings.clear();
        let t = evaluate(&pack, &r).totals;
        assert_eq!((t.covered, t.passing, t.failing, t.not_evaluated, t.manual), (0, 0, 0, 0, 1));
        assert_eq!(t.coverage_pct, 0.0);
    }

    #[test]
    fn invalid_packs_are_rejected_naming_file_and_requirement() {
        let cases = [
            (PACK.replace("id = \"R-gap\"", "id = \"R-pass\""), "requirement `R-pass`: the id appears more than once"),
            (
                PACK.replace("why = \"People do it.\"", "checks = [\"C-PASS\"]"),
                "requirement `R-manual`: `manual = true` needs a `why`",
            ),
            (
                PACK.replace("why = \"People do it.\"", "why = \"x\"\nchecks = [\"C-PASS\"]"),
                "requirement `R-manual`: a manual requirement maps no checks",
            ),
            (
                PACK.replace("checks = [\"C-NA\"]", "checks = [\"C-NA\", \"C-NA\"]"),
                "requirement `R-silent`: check `C-NA` is listed twice",
            ),
            (PACK.replace("checks = []", "why = \"no\""), "requirement `R-gap`: `why` is for manual requirements only"),
            (PACK.replace("title = \"Passes\"", "title = \" \""), "requirement `R-pass`: the title is empty"),
            (PACK.replace("version = \"1\"", "version = \"\""), "test.toml: `version` is empty"),
        ];
        for (text, want) in cases {
            let err = parse_pack("test.toml", &text).unwrap_err().to_string();
            assert!(err.starts_with("compliance pack test.toml"), "{err}");
            assert!(err.contains(want), "expected `{want}` in `{err}`");
        }
        let err =
            parse_pack("x.toml", &PACK.replace("title = \"Fails\"", "title = \"Fails\"\nseverity = 1")).unwrap_err();
        assert!(matches!(err, PackError::Parse { .. }), "{err}");
        assert!(err.to_string().contains("x.toml") && err.to_string().contains("severity"), "{err}");
    }

    #[test]
    fn builtin_packs_parse() {
        let packs = builtin_packs().unwrap();
        let ids: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["cis-aws-3.0.0", "cis-azure-2.1.0", "cis-gcp-3.0.0", "soc2", "iso27001-2022", "nist-csf-2.0"]);
        let count = |id: &str| packs.iter().find(|p| p.id == id).unwrap().requirements.len();
        assert_eq!(count("soc2"), 33);
        assert_eq!(count("iso27001-2022"), 93);
        assert_eq!(count("nist-csf-2.0"), 106);
        let providers: Vec<Option<Provider>> = packs.iter().map(|p| p.provider).collect();
        assert_eq!(providers[..3], [Some(Provider::Aws), Some(Provider::Azure), Some(Provider::Gcp)]);
        assert!(providers[3..].iter().all(Option::is_none));
    }

    #[test]
    fn the_sample_report_has_six_frameworks() {
        let r = crate::report::sample_report();
        assert_eq!(r.compliance.len(), 6);
        for f in &r.compliance {
            let t = &f.totals;
            assert_eq!(t.requirements, f.requirements.len(), "{}", f.id);
            assert!(t.covered <= t.requirements && t.passing + t.failing + t.not_evaluated <= t.covered, "{}", f.id);
            assert!(t.manual + t.covered <= t.requirements, "{}", f.id);
            assert!((0.0..=100.0).contains(&t.coverage_pct), "{}", f.id);
        }
        // The sample has failures on checks the CIS and topical packs map.
        assert!(r.compliance.iter().any(|f| f.totals.failing > 0));
    }

    #[test]
    fn the_summary_is_an_aligned_table() {
        let r = crate::report::sample_report();
        let mut out = Vec::new();
        render_summary(&r.compliance, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 7, "{text}");
        assert!(lines[0].starts_with("Framework") && lines[0].ends_with("Coverage"), "{text}");
        // Every row ends at the right edge of the coverage column.
        assert!(lines.iter().all(|l| l.chars().count() == lines[0].chars().count()), "{text}");
        for f in &r.compliance {
            assert!(text.contains(&f.name) && text.contains(&format!("{:.1}%", f.totals.coverage_pct)), "{text}");
        }
        assert!(!text.contains('\x1b'));
    }
}
