//! What a check works with: the evaluation context, the account's
//! resources, and the findings it reports.

use serde::de::DeserializeOwned;

use crate::meta::{CheckMeta, Severity, Status};
use crate::redact;
use crate::resource::{Inventory, Kind, Resource};

/// What the host tells a plugin about the evaluation.
#[derive(Clone, Debug)]
pub struct Context {
    /// Scan time, seconds since the Unix epoch. Plugins have no clock: use
    /// this for every age computation.
    pub scan_time: i64,
    pub provider: String,
    /// The account, subscription or project being evaluated.
    pub account: String,
    /// Version of the inventory format, e.g. `1.0`.
    pub inventory_schema: String,
    /// The plugin's settings from the user's config file (a JSON object).
    pub settings: serde_json::Value,
}

impl Default for Context {
    fn default() -> Self {
        Self {
            // 2026-01-01T00:00:00Z: a fixed, documented default for tests.
            scan_time: 1_767_225_600,
            provider: String::new(),
            account: String::new(),
            inventory_schema: crate::INVENTORY_SCHEMA.to_string(),
            settings: serde_json::Value::Object(Default::default()),
        }
    }
}

impl Context {
    /// A setting from the user's config, or `default` when it is absent.
    /// A setting of the wrong type is an error naming the key.
    pub fn setting<T: DeserializeOwned>(&self, key: &str, default: T) -> Result<T, String> {
        match self.settings.get(key) {
            None | Some(serde_json::Value::Null) => Ok(default),
            Some(v) => T::deserialize(v).map_err(|e| format!("setting `{key}` is invalid: {e}")),
        }
    }
}

/// A property a finding is based on. Build it with [`Evidence::new`] or
/// [`Evidence::secret`]; secret values never leave the plugin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub property: String,
    pub value: String,
}

impl Evidence {
    pub fn new(property: impl Into<String>, value: impl ToString) -> Self {
        Self { property: property.into(), value: value.to_string() }
    }

    /// Evidence about a secret: records that the property holds a secret
    /// (and what it looks like) without its value.
    pub fn secret(property: impl Into<String>, value: &str) -> Self {
        Self { property: property.into(), value: redact::describe(value) }
    }
}

/// One check's verdict on one resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub check_id: String,
    pub resource_id: String,
    pub status: Status,
    pub severity: Severity,
    pub message: String,
    pub evidence: Vec<Evidence>,
}

impl Finding {
    /// Adds a piece of evidence.
    pub fn evidence(&mut self, property: impl Into<String>, value: impl ToString) -> &mut Self {
        self.evidence.push(Evidence::new(property, value));
        self
    }

    /// Adds evidence about a secret, redacted.
    pub fn secret_evidence(&mut self, property: impl Into<String>, value: &str) -> &mut Self {
        self.evidence.push(Evidence::secret(property, value));
        self
    }
}

/// A check's view of one evaluation: context, resources, and where its
/// findings go. Every finding is attributed to the running check.
pub struct Eval<'a> {
    ctx: &'a Context,
    inventory: &'a Inventory,
    meta: &'a CheckMeta,
    findings: Vec<Finding>,
}

impl<'a> Eval<'a> {
    pub(crate) fn new(ctx: &'a Context, inventory: &'a Inventory, meta: &'a CheckMeta) -> Self {
        Self { ctx, inventory, meta, findings: Vec::new() }
    }

    pub(crate) fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    pub fn ctx(&self) -> &'a Context {
        self.ctx
    }

    /// All resources of the account (of the kinds the plugin asked for).
    pub fn inventory(&self) -> &'a Inventory {
        self.inventory
    }

    /// The metadata of the running check.
    pub fn meta(&self) -> &'a CheckMeta {
        self.meta
    }

    /// Every resource of kind `T` with its typed configuration. A resource
    /// whose configuration does not match the kind's model gets an `error`
    /// finding and is skipped, so the check never passes what it could not read.
    pub fn each<T: Kind>(&mut self) -> Vec<(&'a Resource, T)> {
        let inventory: &'a Inventory = self.inventory;
        let list = inventory.typed_all::<T>();
        let mut out = Vec::with_capacity(list.len());
        for (i, parsed) in list.iter() {
            let r = &inventory.all()[*i];
            match parsed {
                Ok(t) => out.push((r, t.clone())),
                Err(e) => {
                    self.error(r, format!("{e}."));
                }
            }
        }
        out
    }

    fn push(&mut self, r: &Resource, status: Status, message: String) -> &mut Finding {
        self.findings.push(Finding {
            check_id: self.meta.id.to_string(),
            resource_id: r.id.clone(),
            status,
            severity: self.meta.severity,
            message,
            evidence: Vec::new(),
        });
        self.findings.last_mut().expect("just pushed")
    }

    /// The resource meets the check. The message names the resource.
    pub fn pass(&mut self, r: &Resource, message: impl Into<String>) -> &mut Finding {
        self.push(r, Status::Pass, message.into())
    }

    /// The resource does not meet the check. The message names the resource.
    pub fn fail(&mut self, r: &Resource, message: impl Into<String>) -> &mut Finding {
        self.push(r, Status::Fail, message.into())
    }

    /// The check could not decide for this resource.
    pub fn error(&mut self, r: &Resource, message: impl Into<String>) -> &mut Finding {
        self.push(r, Status::Error, message.into())
    }

    /// A human has to decide.
    pub fn manual(&mut self, r: &Resource, message: impl Into<String>) -> &mut Finding {
        self.push(r, Status::Manual, message.into())
    }

    /// The check does not apply to this resource.
    pub fn not_applicable(&mut self, r: &Resource, message: impl Into<String>) -> &mut Finding {
        self.push(r, Status::NotApplicable, message.into())
    }
}
