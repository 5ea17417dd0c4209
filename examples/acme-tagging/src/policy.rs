//! The tagging policy, read from the plugin's settings.

use std::collections::BTreeMap;

use serde::Deserialize;
use splitline_plugin_sdk::Context;

/// The AWS kinds the policy applies to.
pub const TAGGABLE: &[&str] = &[
    "aws.s3.bucket",
    "aws.ec2.instance",
    "aws.ec2.security-group",
    "aws.ec2.volume",
    "aws.lambda.function",
    "aws.rds.db-instance",
];

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Policy {
    /// Kind (or `*` for every taggable kind) → tags that must be present.
    #[serde(default = "default_required")]
    pub required_tags: BTreeMap<String, Vec<String>>,
    /// Tag → the values it may take.
    #[serde(default)]
    pub allowed_values: BTreeMap<String, Vec<String>>,
}

fn default_required() -> BTreeMap<String, Vec<String>> {
    BTreeMap::from([("*".to_string(), vec!["team".to_string()])])
}

impl Policy {
    /// The policy from the settings; an invalid policy is an error sentence.
    pub fn from_context(ctx: &Context) -> Result<Policy, String> {
        Policy::deserialize(&ctx.settings).map_err(|e| format!("the acme-tagging settings are invalid: {e}"))
    }

    /// Tags required on a kind: those for `*` plus those for the kind.
    pub fn required_for(&self, kind: &str) -> Vec<&str> {
        let mut tags: Vec<&str> =
            ["*", kind].iter().filter_map(|k| self.required_tags.get(*k)).flatten().map(String::as_str).collect();
        tags.sort_unstable();
        tags.dedup();
        tags
    }
}
