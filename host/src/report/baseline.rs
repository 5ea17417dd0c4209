//! Baselines: classify a result's findings against a previous result.

use serde::{Deserialize, Serialize};

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
