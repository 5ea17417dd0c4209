//! What a collector returns: accounts, resources, gaps and the calls it made.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Gap;

/// An AWS account, Azure subscription or GCP project that was collected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: String,
    pub name: Option<String>,
}

/// One collected resource, in the inventory's shape (`docs/resource-kinds.md`).
/// `config` has already been through redaction.
#[derive(Clone, Debug, Serialize)]
pub struct Resource {
    pub kind: String,
    pub id: String,
    pub account: String,
    pub region: String,
    pub name: String,
    pub tags: BTreeMap<String, String>,
    pub config: serde_json::Value,
}

/// One API call, for `--api-log` and the read-only tests. Never holds
/// request parameters, headers or bodies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiCall {
    /// Service as the registry names it (`s3`, `Microsoft.Compute`, `compute`).
    pub service: String,
    /// Operation as the registry names it (`ListBuckets`, `GET virtualMachines`).
    pub operation: String,
    pub account: String,
    pub region: String,
    /// `ok`, or the gap code the failure mapped to.
    pub outcome: String,
}

/// Everything one provider's collector produced.
#[derive(Debug, Default, Serialize)]
pub struct Collection {
    pub provider: String,
    pub accounts: Vec<Account>,
    pub resources: Vec<Resource>,
    pub gaps: Vec<Gap>,
    pub calls: Vec<ApiCall>,
}

impl Collection {
    /// Sorts resources, gaps and calls so that two collections of the same
    /// estate compare and serialise identically, whatever the task order.
    pub fn normalise(&mut self) {
        self.accounts.sort_by(|a, b| a.id.cmp(&b.id));
        self.accounts.dedup_by(|a, b| a.id == b.id);
        self.resources
            .sort_by(|a, b| (&a.account, &a.kind, &a.region, &a.id).cmp(&(&b.account, &b.kind, &b.region, &b.id)));
        self.resources.dedup_by(|a, b| a.kind == b.kind && a.id == b.id && a.account == b.account);
        self.gaps.sort_by(|a, b| (&a.account, &a.kind, &a.region).cmp(&(&b.account, &b.kind, &b.region)));
        self.gaps.dedup_by(|a, b| a.account == b.account && a.kind == b.kind && a.region == b.region);
    }
}
