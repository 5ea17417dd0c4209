//! The inventory: what collectors write and `scan --inventory` reads.
//! Format documented in `docs/inventory-format.md`.

mod reader;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

pub use reader::{InventoryError, parse, read_file};

use crate::model::Provider;

/// The `format` marker of an inventory file.
pub const FORMAT: &str = "splitline-inventory";
/// The inventory version this build writes; it reads every 1.x.
pub const VERSION: &str = "1.1";
pub const MAJOR: u64 = 1;
pub const MINOR: u64 = 1;

/// A whole inventory file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    pub format: String,
    pub version: String,
    /// When the configuration was collected (RFC 3339). Checks compute ages
    /// against it.
    pub scan_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    pub accounts: Vec<Account>,
    pub resources: Vec<Resource>,
    #[serde(default)]
    pub coverage_gaps: Vec<CoverageGap>,
}

/// Who produced the inventory.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub tool: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An AWS account, Azure subscription or GCP project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub provider: Provider,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One resource. `config` is kept as raw JSON text: it goes to plugins
/// exactly as collected, without being re-parsed by the host.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub kind: String,
    pub id: String,
    pub account: String,
    pub region: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    pub config: Box<RawValue>,
}

impl Resource {
    /// The provider part of the kind (`aws` of `aws.s3.bucket`).
    pub fn provider_str(&self) -> &str {
        self.kind.split('.').next().unwrap_or_default()
    }
}

/// A part of the estate that could not be collected, and why. Checks that
/// read this kind report `error` for the account instead of `pass`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageGap {
    pub provider: Provider,
    pub account: String,
    /// Region or `global`.
    pub region: String,
    pub kind: String,
    /// Short machine-readable cause, e.g. `access-denied`, `throttled`.
    pub code: String,
    /// One sentence for humans, e.g. the API error message.
    pub reason: String,
}
