//! The one result structure every output format renders. Nothing here is
//! format-specific; renderers only read it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::inventory::{Account, CoverageGap};
use crate::model::{CheckInfo, ControlDomain, PluginMeta, Provider, ServiceModel, Severity, Status};

/// Marker and version of the JSON result format (`docs/report-format.md`).
pub const FORMAT: &str = "splitline-result";
pub const VERSION: &str = "1.1";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScanReport {
    pub format: String,
    pub version: String,
    pub tool: Tool,
    pub scan: ScanMeta,
    pub accounts: Vec<Account>,
    pub plugins: Vec<PluginRun>,
    pub checks: Vec<CheckInfo>,
    pub findings: Vec<Finding>,
    pub coverage_gaps: Vec<CoverageGap>,
    pub errors: Vec<ScanError>,
    pub summary: Summary,
    /// Who owns each control domain per provider × service model, and the
    /// evidence for the customer's cells (`report::responsibility`).
    #[serde(default)]
    pub responsibility: Vec<super::responsibility::ProviderMatrix>,
    /// Per compliance framework: requirements covered, passing, failing,
    /// manual (`report::compliance`).
    #[serde(default)]
    pub compliance: Vec<super::compliance::FrameworkResult>,
    /// The rules of the mutes file applied at report time, with how many
    /// findings each matched; expired rules are listed and hide nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mutes: Vec<super::mutes::MuteRuleReport>,
    /// The comparison with `--baseline`, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<super::baseline::BaselineReport>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
    /// The plugin contract version the host serves.
    pub contract: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScanMeta {
    /// What was scanned, e.g. `demo inventory` or the inventory path.
    pub target: String,
    /// When the configuration was collected (RFC 3339).
    pub scan_time: String,
    pub inventory_version: String,
    pub resources: usize,
    /// False when a plugin failed or a part of the estate was not collected:
    /// the findings are then not the whole truth.
    pub complete: bool,
    /// Set when this result is one shard of a `scan --shard K/N` run
    /// (docs/organizations.md); absent for a whole scan and a merged one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<crate::fleet::shard::Shard>,
}

/// A plugin's participation in the scan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PluginRun {
    #[serde(flatten)]
    pub meta: PluginMeta,
    pub checks: usize,
    pub accounts_evaluated: usize,
    pub accounts_failed: usize,
}

/// One check's verdict on one resource.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    /// Stable id: a hash of provider, account, region, check and resource.
    pub id: String,
    pub check_id: String,
    pub check_title: String,
    pub plugin: String,
    pub provider: Provider,
    pub account: String,
    pub region: String,
    pub resource_id: String,
    pub resource_kind: String,
    pub resource_name: String,
    pub status: Status,
    pub severity: Severity,
    pub service_model: ServiceModel,
    pub control_domain: ControlDomain,
    pub message: String,
    pub evidence: Vec<EvidenceItem>,
    /// The resource's tags (mutes can match on them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resource_tags: BTreeMap<String, String>,
    /// Set when a mute rule hides this finding; `status` keeps the check's
    /// verdict, and the summary counts the finding as muted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute: Option<MuteInfo>,
    /// Set by `--baseline`: how this finding compares with the previous result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
}

/// Why a finding is muted: the rule of the mutes file that matched it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MuteInfo {
    /// 1-based position of the rule in the mutes file.
    pub rule: usize,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Expiry date (YYYY-MM-DD); after it the rule stops hiding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// How a finding compares with the baseline result.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Fails now; did not fail in the baseline.
    New,
    /// Failed in the baseline and fails now.
    Unchanged,
    /// Could be evaluated in the baseline (pass or fail); is `error` now.
    NewlyUnevaluable,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Unchanged => "unchanged",
            Change::NewlyUnevaluable => "newly-unevaluable",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EvidenceItem {
    pub property: String,
    pub value: String,
}

impl Finding {
    /// The status the summary counts: `muted` when a mute rule hides the
    /// finding, else the check's verdict.
    pub fn effective_status(&self) -> Status {
        if self.mute.is_some() { Status::Muted } else { self.status }
    }

    /// The stable finding id shared by every output format.
    pub fn stable_id(provider: Provider, account: &str, region: &str, check: &str, resource: &str) -> String {
        let mut h = Sha256::new();
        for part in [provider.as_str(), account, region, check, resource] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        crate::digest::hex(&h.finalize()[..16])
    }
}

/// Something that kept the scan from being complete.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ScanError {
    /// The plugin, or the file it was loaded from when it never loaded.
    pub plugin: String,
    /// The account whose evaluation failed, if the failure was per account.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account: Option<String>,
    /// `load`, `timeout`, `memory`, `panic`, `trap`, `invalid-output`, …
    pub kind: String,
    pub message: String,
}

/// Counts by status, overall and per provider × service model.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub error: usize,
    pub manual: usize,
    pub not_applicable: usize,
    pub muted: usize,
}

impl Counts {
    pub fn add(&mut self, s: Status) {
        match s {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::Error => self.error += 1,
            Status::Manual => self.manual += 1,
            Status::NotApplicable => self.not_applicable += 1,
            Status::Muted => self.muted += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.pass + self.fail + self.error + self.manual + self.not_applicable + self.muted
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Summary {
    pub totals: Counts,
    /// Failed findings per severity.
    pub failed_by_severity: BTreeMap<Severity, usize>,
    /// `provider` → `service model` → counts.
    pub by_provider_model: BTreeMap<Provider, BTreeMap<ServiceModel, Counts>>,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            let status = f.effective_status();
            s.totals.add(status);
            if status == Status::Fail {
                *s.failed_by_severity.entry(f.severity).or_default() += 1;
            }
            s.by_provider_model.entry(f.provider).or_default().entry(f.service_model).or_default().add(status);
        }
        s
    }
}
