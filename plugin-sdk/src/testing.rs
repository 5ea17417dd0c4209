//! Native test harness: run checks with plain `cargo test`, no WebAssembly.
//!
//! ```
//! use splitline_plugin_sdk::testing::Fixture;
//! use splitline_plugin_sdk::Status;
//! use serde_json::json;
//! # use splitline_plugin_sdk::prelude::*;
//! # const CHECK: Check = Check { meta: CheckMeta { id: "X-Y-001", long_id: "x", title: "t", severity: Severity::Low,
//! #   service_model: ServiceModel::Paas, control_domain: ControlDomain::Governance, resource_kinds: &["aws.s3.bucket"],
//! #   risk: "r", remediation: Remediation { text: "t", cli: None, terraform: None }, references: &[], compliance: &[] },
//! #   run: |e| { for r in e.inventory().all() { e.pass(r, "ok."); } } };
//!
//! let outcome = Fixture::new("aws", "111122223333")
//!     .resource("aws.s3.bucket", "arn:aws:s3:::logs", json!({"Name": "logs"}))
//!     .run(&CHECK);
//! outcome.assert_status("arn:aws:s3:::logs", Status::Pass);
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::check::{Check, Plugin};
use crate::eval::{Context, Finding};
use crate::meta::Status;
use crate::resource::{Inventory, Resource};
use crate::time::parse_rfc3339;

/// An account's worth of resources plus a context, built in code or read
/// from an inventory file.
#[derive(Clone, Debug)]
pub struct Fixture {
    ctx: Context,
    resources: Vec<Resource>,
}

impl Fixture {
    /// An empty fixture for one account. The scan time defaults to
    /// 2026-01-01T00:00:00Z.
    pub fn new(provider: &str, account: &str) -> Self {
        Self {
            ctx: Context { provider: provider.into(), account: account.into(), ..Context::default() },
            resources: Vec::new(),
        }
    }

    /// Adds a resource in the fixture's account, region `us-east-1`-agnostic
    /// (`global`), named after the last segment of its id.
    pub fn resource(self, kind: &str, id: &str, config: serde_json::Value) -> Self {
        self.resource_in("global", kind, id, config, &[])
    }

    /// Adds a resource with a region and tags.
    pub fn resource_in(
        mut self,
        region: &str,
        kind: &str,
        id: &str,
        config: serde_json::Value,
        tags: &[(&str, &str)],
    ) -> Self {
        let name = id.rsplit([':', '/']).next().unwrap_or(id).to_string();
        self.resources.push(Resource {
            kind: kind.into(),
            id: id.into(),
            account: self.ctx.account.clone(),
            region: region.into(),
            name,
            tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            config,
        });
        self
    }

    /// Reads the resources of `account` from an inventory file (the format
    /// `splitline collect` writes; see `docs/inventory-format.md`). Panics
    /// with the path on a bad file: this is for tests.
    pub fn from_inventory_file(path: impl AsRef<Path>, provider: &str, account: &str) -> Self {
        #[derive(Deserialize)]
        struct File {
            scan_time: Option<String>,
            resources: Vec<FileResource>,
        }
        #[derive(Deserialize)]
        struct FileResource {
            kind: String,
            id: String,
            account: String,
            #[serde(default)]
            region: String,
            #[serde(default)]
            name: String,
            #[serde(default)]
            tags: BTreeMap<String, String>,
            config: serde_json::Value,
        }
        let path = path.as_ref();
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
        let file: File =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("fixture {} is invalid: {e}", path.display()));
        let mut fx = Self::new(provider, account);
        if let Some(t) = file.scan_time.as_deref().and_then(parse_rfc3339) {
            fx.ctx.scan_time = t;
        }
        fx.resources = file
            .resources
            .into_iter()
            .filter(|r| r.account == account && r.kind.starts_with(&format!("{provider}.")))
            .map(|r| Resource {
                kind: r.kind,
                id: r.id,
                account: r.account,
                region: r.region,
                name: r.name,
                tags: r.tags,
                config: r.config,
            })
            .collect();
        fx
    }

    /// Sets the scan time (RFC 3339).
    pub fn scan_time(mut self, rfc3339: &str) -> Self {
        self.ctx.scan_time = parse_rfc3339(rfc3339).unwrap_or_else(|| panic!("not an RFC 3339 time: {rfc3339}"));
        self
    }

    /// Sets one of the plugin's settings, as the user's config file would.
    pub fn setting(mut self, key: &str, value: serde_json::Value) -> Self {
        if let serde_json::Value::Object(map) = &mut self.ctx.settings {
            map.insert(key.into(), value);
        }
        self
    }

    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// Runs one check.
    pub fn run(&self, check: &Check) -> Outcome {
        let inventory = Inventory::new(self.resources.clone());
        let findings = check.evaluate(&self.ctx, &inventory);
        for f in &findings {
            assert_eq!(f.check_id, check.meta.id, "finding attributed to the wrong check");
            assert!(
                self.resources.iter().any(|r| r.id == f.resource_id),
                "check {} reported on unknown resource {}",
                check.meta.id,
                f.resource_id
            );
            assert!(f.message.ends_with('.'), "message of {} must end with a period: {:?}", check.meta.id, f.message);
        }
        Outcome { findings }
    }

    /// Runs every check of a plugin.
    pub fn run_plugin(&self, plugin: &Plugin) -> Outcome {
        let mut findings = Vec::new();
        for c in plugin.checks {
            findings.extend(self.run(c).findings);
        }
        Outcome { findings }
    }
}

/// The findings of a test run, with assertions that print what was found.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub findings: Vec<Finding>,
}

impl Outcome {
    /// The single finding on a resource; panics if there is none or several.
    pub fn finding(&self, resource_id: &str) -> &Finding {
        let matching: Vec<&Finding> = self.findings.iter().filter(|f| f.resource_id == resource_id).collect();
        match matching.as_slice() {
            [one] => one,
            [] => panic!("no finding for {resource_id}; findings: {:#?}", self.findings),
            _ => panic!("{} findings for {resource_id}: {matching:#?}", matching.len()),
        }
    }

    /// Asserts the status of the single finding on a resource.
    pub fn assert_status(&self, resource_id: &str, status: Status) -> &Finding {
        let f = self.finding(resource_id);
        assert_eq!(f.status, status, "unexpected status for {resource_id}: {f:#?}");
        f
    }

    /// `(resource id, status)` of every finding, sorted: handy for
    /// asserting a whole fixture's outcome at once.
    pub fn statuses(&self) -> Vec<(String, Status)> {
        let mut v: Vec<_> = self.findings.iter().map(|f| (f.resource_id.clone(), f.status)).collect();
        v.sort();
        v
    }
}

/// Panics with every metadata problem of a plugin: call it in a test.
pub fn assert_plugin_valid(plugin: &Plugin) {
    let problems = plugin.lint();
    assert!(problems.is_empty(), "plugin {} has metadata problems:\n{}", plugin.name, problems.join("\n"));
}
