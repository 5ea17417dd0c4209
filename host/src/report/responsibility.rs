//! The responsibility matrix: for each service model the estate uses and
//! each control domain, who owns it under the provider's published
//! shared-responsibility model, and for the customer's and shared cells,
//! the evidence from the checks.

use serde::{Deserialize, Serialize};

use super::model::Counts;
use crate::model::{ControlDomain, ServiceModel};

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Owner {
    Provider,
    Shared,
    Customer,
}

impl Owner {
    pub fn as_str(self) -> &'static str {
        match self {
            Owner::Provider => "provider",
            Owner::Shared => "shared",
            Owner::Customer => "customer",
        }
    }
}

/// One provider's matrix, or the combined one (`scope = "combined"`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProviderMatrix {
    /// `aws`, `azure`, `gcp` or `combined`.
    pub scope: String,
    /// The provider's published shared-responsibility model(s) the owners follow.
    pub sources: Vec<Source>,
    /// Service models the scanned estate uses, in order.
    pub service_models: Vec<ServiceModel>,
    /// One per (service model, control domain), models in order, domains in order.
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Source {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Cell {
    pub service_model: ServiceModel,
    pub control_domain: ControlDomain,
    pub owner: Owner,
    /// Why, in the provider's terms.
    pub basis: String,
    /// For customer and shared cells; none for provider-owned ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Evidence {
    /// Checks loaded for this cell.
    pub checks: usize,
    /// Of those, checks that produced at least one finding.
    pub checks_evaluated: usize,
    /// Findings by (effective) status.
    pub findings: Counts,
    pub coverage: Coverage,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Coverage {
    /// Checks evaluated resources in this cell.
    Evaluated,
    /// Checks exist but found nothing to evaluate here.
    NoResources,
    /// No check covers this customer-owned cell yet: a gap, not a pass.
    Gap,
}

impl Coverage {
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Evaluated => "evaluated",
            Coverage::NoResources => "no-resources",
            Coverage::Gap => "gap",
        }
    }
}

/// PLACEHOLDER: computes the matrices (per provider, then combined).
pub fn compute(_report: &super::model::ScanReport) -> Vec<ProviderMatrix> {
    Vec::new()
}
