//! Baselines: classify a result's findings against a previous result, and
//! read saved results (`scan --format json`) for `report`, `diff` and `--baseline`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::model::{Change, Finding, ScanReport};
use crate::model::Status;

/// The comparison with a baseline result.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct BaselineReport {
    /// Where the baseline came from (its path) and when it was scanned.
    pub source: String,
    pub baseline_scan_time: String,
    pub new: usize,
    pub unchanged: usize,
    pub newly_unevaluable: usize,
    /// Findings that failed in the baseline and no longer fail (now pass,
    /// not applicable, or the resource is gone).
    pub fixed: Vec<FixedFinding>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FixedFinding {
    pub id: String,
    pub check_id: String,
    pub provider: crate::model::Provider,
    pub account: String,
    pub region: String,
    pub resource_id: String,
    pub severity: crate::model::Severity,
    /// The status now: `pass`, `not-applicable`, or `gone`.
    pub now: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ResultFileError {
    #[error("cannot read the result file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a splitline JSON result ({message}); write one with `splitline scan --format json -o FILE`")]
    Invalid { path: PathBuf, message: String },
    #[error(
        "{path} is a splitline result of version {version}; this splitline reads 1.x. Re-run the scan with this version"
    )]
    Version { path: PathBuf, version: String },
}

/// Reads a saved JSON result (`scan --format json`), checking its marker and
/// major version. The derived sections are recomputed by the caller.
pub fn read_result(path: &Path) -> Result<ScanReport, ResultFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| ResultFileError::Read { path: path.into(), source })?;
    parse_result(&text, path)
}

pub fn parse_result(text: &str, path: &Path) -> Result<ScanReport, ResultFileError> {
    let invalid = |message: String| ResultFileError::Invalid { path: path.into(), message };
    let head: serde_json::Value = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
    if head.get("format").and_then(|f| f.as_str()) != Some(super::model::FORMAT) {
        return Err(invalid(format!("no \"format\": \"{}\" marker", super::model::FORMAT)));
    }
    let version = head.get("version").and_then(|v| v.as_str()).unwrap_or_default();
    if version.split('.').next() != Some("1") {
        return Err(ResultFileError::Version { path: path.into(), version: version.to_string() });
    }
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| invalid(format!("at {}: {}", e.path(), e.inner())))
}

/// Classifies `current`'s findings against `baseline` by stable finding id,
/// sets each finding's `change`, and records the comparison in
/// `current.baseline`:
/// - **new**: fails now, did not fail in the baseline (absent, passed, …);
/// - **unchanged**: failed then, fails now;
/// - **newly unevaluable**: `error` now, a `pass` or `fail` verdict then;
/// - **fixed**: failed then, and now passes, is not applicable, or is gone.
///
/// Mutes do not change the classification (a muted new failure is still
/// new); gating on new failures ignores muted ones.
pub fn classify(current: &mut ScanReport, baseline: &ScanReport, source: &str) {
    let before: BTreeMap<&str, &Finding> = baseline.findings.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut report = BaselineReport {
        source: source.to_string(),
        baseline_scan_time: baseline.scan.scan_time.clone(),
        ..Default::default()
    };
    for f in &mut current.findings {
        let was = before.get(f.id.as_str()).map(|b| b.status);
        f.change = match (f.status, was) {
            (Status::Fail, Some(Status::Fail)) => Some(Change::Unchanged),
            (Status::Fail, _) => Some(Change::New),
            (Status::Error, Some(Status::Pass | Status::Fail)) => Some(Change::NewlyUnevaluable),
            _ => None,
        };
        match f.change {
            Some(Change::New) => report.new += 1,
            Some(Change::Unchanged) => report.unchanged += 1,
            Some(Change::NewlyUnevaluable) => report.newly_unevaluable += 1,
            None => {}
        }
    }
    let now: BTreeMap<&str, Status> = current.findings.iter().map(|f| (f.id.as_str(), f.status)).collect();
    for b in baseline.findings.iter().filter(|b| b.status == Status::Fail) {
        let state = match now.get(b.id.as_str()) {
            None => "gone",
            Some(Status::Pass) => "pass",
            Some(Status::NotApplicable) => "not-applicable",
            Some(_) => continue,
        };
        report.fixed.push(FixedFinding {
            id: b.id.clone(),
            check_id: b.check_id.clone(),
            provider: b.provider,
            account: b.account.clone(),
            region: b.region.clone(),
            resource_id: b.resource_id.clone(),
            severity: b.severity,
            now: state.to_string(),
        });
    }
    current.baseline = Some(report);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    fn with(statuses: &[(&str, Status)]) -> ScanReport {
        let mut r = crate::report::sample_report();
        let template = r.findings[0].clone();
        r.findings = statuses
            .iter()
            .map(|(id, s)| Finding {
                id: id.to_string(),
                status: *s,
                check_id: format!("CHK-{id}"),
                severity: Severity::High,
                change: None,
                mute: None,
                ..template.clone()
            })
            .collect();
        r
    }

    #[test]
    fn findings_are_classified_by_id_and_fixed_ones_listed() {
        use Status::*;
        let old = with(&[("a", Fail), ("b", Pass), ("c", Fail), ("d", Pass), ("e", Fail), ("f", Fail), ("g", Error)]);
        let mut new = with(&[
            ("a", Fail),
            ("b", Fail),
            ("c", Pass),
            ("d", Error),
            ("f", NotApplicable),
            ("g", Error),
            ("h", Fail),
        ]);
        classify(&mut new, &old, "old.json");
        let change: BTreeMap<&str, Option<Change>> = new.findings.iter().map(|f| (f.id.as_str(), f.change)).collect();
        assert_eq!(change["a"], Some(Change::Unchanged));
        assert_eq!(change["b"], Some(Change::New), "pass → fail is new");
        assert_eq!(change["h"], Some(Change::New), "absent → fail is new");
        assert_eq!(change["d"], Some(Change::NewlyUnevaluable));
        assert_eq!(change["g"], None, "error → error is not newly unevaluable");
        assert_eq!(change["c"], None);
        let b = new.baseline.as_ref().unwrap();
        assert_eq!((b.new, b.unchanged, b.newly_unevaluable), (2, 1, 1));
        let fixed: Vec<(&str, &str)> = b.fixed.iter().map(|f| (f.id.as_str(), f.now.as_str())).collect();
        assert_eq!(fixed, [("c", "pass"), ("e", "gone"), ("f", "not-applicable")]);
        assert_eq!(b.source, "old.json");
    }

    #[test]
    fn a_result_compared_with_itself_has_nothing_new_or_fixed() {
        let base = crate::report::sample_report();
        let mut same = base.clone();
        classify(&mut same, &base, "same.json");
        let b = same.baseline.unwrap();
        let fails = base.findings.iter().filter(|f| f.status == Status::Fail).count();
        assert_eq!((b.new, b.unchanged, b.newly_unevaluable, b.fixed.len()), (0, fails, 0, 0));
    }

    #[test]
    fn result_files_are_checked_for_marker_and_version() {
        let p = Path::new("r.json");
        let ok = serde_json::to_string(&crate::report::sample_report()).unwrap();
        assert!(parse_result(&ok, p).is_ok());
        let err = parse_result("{\"format\":\"splitline-inventory\"}", p).unwrap_err().to_string();
        assert!(err.contains("not a splitline JSON result") && err.contains("r.json"), "{err}");
        let v2 = ok.replacen("\"version\":\"1.1\"", "\"version\":\"2.0\"", 1);
        assert!(parse_result(&v2, p).unwrap_err().to_string().contains("version 2.0"));
        let broken = ok.replacen("\"status\":\"fail\"", "\"status\":\"broken\"", 1);
        let err = parse_result(&broken, p).unwrap_err().to_string();
        assert!(err.contains("findings[") && err.contains("status"), "{err}");
    }

    /// A saved result is untrusted input (`splitline report`, `diff`,
    /// `--baseline` read files from anywhere): whatever it holds, reading
    /// it gives a result or an error naming the file, and a result that
    /// reads is classified and rendered in every format without a panic.
    fn read_and_render(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let path = Path::new("fuzz-result.json");
        match parse_result(text, path) {
            Err(e) => proptest::prop_assert!(e.to_string().contains("fuzz-result.json"), "{e}"),
            Ok(mut report) => {
                let sample = crate::report::sample_report();
                let mut against_sample = report.clone();
                classify(&mut against_sample, &sample, "sample.json");
                let mut sample_against_it = sample.clone();
                classify(&mut sample_against_it, &report, "fuzz-result.json");
                let itself = report.clone();
                classify(&mut report, &itself, "fuzz-result.json");
                crate::report::refresh_derived(&mut report);
                for &format in crate::report::Format::ALL {
                    let mut out = Vec::new();
                    let _ = crate::report::render(&report, format, &mut out, format == crate::report::Format::Terminal);
                }
                for format in [crate::report::Format::Markdown, crate::report::Format::Html] {
                    let _ = crate::report::render_responsibility(&report, format, &mut Vec::new());
                }
            }
        }
        Ok(())
    }

    /// Every string leaf of a JSON document, as a JSON pointer.
    fn string_pointers(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(_) => out.push(at),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    string_pointers(item, format!("{at}/{i}"), out);
                }
            }
            serde_json::Value::Object(map) => {
                for (k, item) in map {
                    string_pointers(item, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
                }
            }
            _ => {}
        }
    }

    fn sample_text() -> &'static str {
        include_str!("../../tests/data/sample-result.json")
    }

    proptest::proptest! {
        /// Arbitrary text.
        #[test]
        fn result_reader_arbitrary_text_never_panics(text in "\\PC{0,400}") {
            read_and_render(&text)?;
        }

        /// A valid result, truncated or with one byte changed.
        #[test]
        fn result_reader_corrupted_file_never_panics(cut in 0usize..16_384, at in 0usize..16_384, byte in 0u8..128) {
            let ok = sample_text();
            let cut = cut % ok.len();
            read_and_render(&ok[..ok.floor_char_boundary(cut)])?;
            let mut bytes = ok.as_bytes().to_vec();
            let at = at % bytes.len();
            bytes[at] = byte;
            if let Ok(text) = std::str::from_utf8(&bytes) {
                read_and_render(text)?;
            }
        }

        /// A valid result whose string values (ids, names, messages,
        /// severities, statuses, regions, times, evidence) are replaced by
        /// arbitrary text, and whose findings are dropped or duplicated:
        /// documents that read, with hostile content, through every renderer.
        #[test]
        fn result_reader_hostile_values_never_panic(
            edits in proptest::collection::vec((0usize..100_000, "\\PC{0,24}|[a-z-]{0,10}|(pass|fail|error|critical|high|global|aws|azure|gcp)"), 1..6),
            drop_finding in proptest::option::of(0usize..64),
            dup_finding in proptest::option::of(0usize..64),
        ) {
            let mut doc: serde_json::Value = serde_json::from_str(sample_text()).unwrap();
            let mut pointers = Vec::new();
            string_pointers(&doc, String::new(), &mut pointers);
            for (i, text) in edits {
                let p = &pointers[i % pointers.len()];
                if p == "/format" || p == "/version" {
                    continue;
                }
                if let Some(slot) = doc.pointer_mut(p) {
                    *slot = serde_json::Value::String(text);
                }
            }
            if let Some(findings) = doc.get_mut("findings").and_then(|f| f.as_array_mut()) {
                if let Some(i) = dup_finding.filter(|_| !findings.is_empty()) {
                    let f = findings[i % findings.len()].clone();
                    findings.push(f);
                }
                if let Some(i) = drop_finding.filter(|_| !findings.is_empty()) {
                    let n = findings.len();
                    findings.remove(i % n);
                }
            }
            read_and_render(&doc.to_string())?;
        }
    }
}
