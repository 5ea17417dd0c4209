//! Compliance packs: framework requirements mapped to check ids, kept as
//! data (`host/assets/compliance/*.toml`) apart from the checks, and their
//! evaluation over a result.

use serde::{Deserialize, Serialize};

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

/// PLACEHOLDER until the packs land: evaluates every built-in pack over a result.
pub fn compute(_report: &super::model::ScanReport) -> Vec<FrameworkResult> {
    Vec::new()
}

/// PLACEHOLDER until the packs land.
pub fn render_summary(_results: &[FrameworkResult], _out: &mut dyn std::io::Write) -> std::io::Result<()> {
    Ok(())
}
