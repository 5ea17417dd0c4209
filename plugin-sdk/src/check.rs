//! Checks and plugins as plain data: a [`Check`] is its metadata plus a
//! function; a [`Plugin`] is a name and a list of checks.

use std::collections::BTreeSet;

use crate::eval::{Context, Eval, Finding};
use crate::meta::{CheckMeta, ServiceModel};
use crate::resource::Inventory;

/// One check: metadata next to the logic.
///
/// ```
/// use splitline_plugin_sdk::prelude::*;
///
/// pub const CHECK: Check = Check {
///     meta: CheckMeta {
///         id: "ACME-TAG-001",
///         long_id: "acme-owner-tag",
///         title: "Resources carry an owner tag",
///         severity: Severity::Low,
///         service_model: ServiceModel::Paas,
///         control_domain: ControlDomain::Governance,
///         resource_kinds: &["aws.s3.bucket"],
///         risk: "Nobody answers for an unowned resource.",
///         remediation: Remediation { text: "Tag it.", cli: None, terraform: None },
///         references: &[],
///         compliance: &[],
///     },
///     run: |e| {
///         for r in e.inventory().of_kind("aws.s3.bucket") {
///             match r.tag("owner") {
///                 Some(o) => { e.pass(r, format!("Bucket {} is owned by {o}.", r.name)); }
///                 None => { e.fail(r, format!("Bucket {} has no owner tag.", r.name)); }
///             }
///         }
///     },
/// };
/// ```
#[derive(Clone, Copy)]
pub struct Check {
    pub meta: CheckMeta,
    pub run: fn(&mut Eval<'_>),
}

impl Check {
    /// Runs the check on one account's inventory.
    pub fn evaluate(&self, ctx: &Context, inventory: &Inventory) -> Vec<Finding> {
        let mut e = Eval::new(ctx, inventory, &self.meta);
        (self.run)(&mut e);
        e.into_findings()
    }
}

/// A plugin: what [`crate::export_plugin!`] exports.
#[derive(Clone, Copy)]
pub struct Plugin {
    pub name: &'static str,
    pub version: &'static str,
    pub provider: &'static str,
    pub service_model: ServiceModel,
    pub checks: &'static [&'static Check],
}

impl Plugin {
    /// The union of the resource kinds the plugin's checks read.
    pub fn resource_kinds(&self) -> Vec<&'static str> {
        let set: BTreeSet<&'static str> =
            self.checks.iter().flat_map(|c| c.meta.resource_kinds.iter().copied()).collect();
        set.into_iter().collect()
    }

    /// Runs every check on one account's inventory.
    pub fn evaluate(&self, ctx: &Context, inventory: &Inventory) -> Vec<Finding> {
        self.checks.iter().flat_map(|c| c.evaluate(ctx, inventory)).collect()
    }

    /// Problems with the plugin's metadata, one sentence each. The host runs
    /// the same rules when it loads a plugin; the SDK's test harness runs
    /// them natively so a mistake fails `cargo test` first.
    pub fn lint(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut ids = BTreeSet::new();
        let mut long_ids = BTreeSet::new();
        let prefix = format!("{}.", self.provider);
        for c in self.checks {
            let m = &c.meta;
            if !is_short_id(m.id) {
                problems.push(format!(
                    "check id `{}` is not of the form PROVIDER-SERVICE-NNN (upper-case letters, digits, dashes).",
                    m.id
                ));
            }
            if !ids.insert(m.id) {
                problems.push(format!("check id `{}` is declared twice.", m.id));
            }
            if !long_ids.insert(m.long_id) {
                problems.push(format!("long id `{}` is declared twice.", m.long_id));
            }
            if !is_long_id(m.long_id) {
                problems.push(format!("long id `{}` of {} is not lower-case words joined by dashes.", m.long_id, m.id));
            }
            for (field, value) in [("title", m.title), ("risk", m.risk), ("remediation", m.remediation.text)] {
                if value.trim().is_empty() {
                    problems.push(format!("check {} has an empty {field}.", m.id));
                }
            }
            if m.resource_kinds.is_empty() {
                problems.push(format!("check {} reads no resource kind.", m.id));
            }
            for k in m.resource_kinds {
                if !k.starts_with(&prefix) {
                    problems.push(format!("check {} reads kind `{k}`, which is not a {} kind.", m.id, self.provider));
                }
            }
        }
        problems
    }
}

fn is_short_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() >= 2
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
}

fn is_long_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}
