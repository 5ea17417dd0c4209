//! Mutes: rules from a TOML or YAML file that hide findings at report time,
//! each with a reason, optional owner and expiry.

use serde::{Deserialize, Serialize};

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
