//! The responsibility matrix: for each service model the estate uses and
//! each control domain, who owns it under the provider's published
//! shared-responsibility model, and for the customer's and shared cells,
//! the evidence from the checks.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::model::{Counts, ScanReport};
use crate::model::{ControlDomain, Provider, ServiceModel, Status};

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

/// The ownership data (`host/assets/responsibility.toml`).
const DATA: &str = include_str!("../../assets/responsibility.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    providers: BTreeMap<Provider, ProviderData>,
    cell: Vec<CellData>,
    #[serde(default, rename = "override")]
    overrides: Vec<OverrideData>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderData {
    sources: Vec<Source>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CellData {
    model: ServiceModel,
    domain: ControlDomain,
    owner: Owner,
    basis: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideData {
    provider: Provider,
    model: ServiceModel,
    domain: ControlDomain,
    owner: Owner,
    basis: String,
}

/// Who owns what, per provider, from the shipped data.
#[derive(Debug)]
pub struct Ownership {
    data: Data,
}

impl Ownership {
    /// The shipped table. It is embedded and covered by tests, so a parse
    /// failure is a build defect.
    pub fn builtin() -> &'static Ownership {
        static TABLE: std::sync::OnceLock<Ownership> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| Ownership::parse(DATA).expect("host/assets/responsibility.toml is valid"))
    }

    fn parse(text: &str) -> Result<Ownership, String> {
        let data: Data = toml::from_str(text).map_err(|e| format!("responsibility table: {e}"))?;
        for p in Provider::ALL {
            if !data.providers.contains_key(p) {
                return Err(format!("responsibility table: no sources for provider {p}"));
            }
        }
        for m in ServiceModel::ALL {
            for d in ControlDomain::ALL {
                let n = data.cell.iter().filter(|c| c.model == *m && c.domain == *d).count();
                if n != 1 {
                    return Err(format!("responsibility table: {n} cells for {m} × {d}; expected exactly 1"));
                }
            }
        }
        Ok(Ownership { data })
    }

    /// The owner of one cell for one provider, and why.
    pub fn owner(&self, provider: Provider, model: ServiceModel, domain: ControlDomain) -> (Owner, &str) {
        if let Some(o) =
            self.data.overrides.iter().find(|o| o.provider == provider && o.model == model && o.domain == domain)
        {
            return (o.owner, &o.basis);
        }
        let c =
            self.data.cell.iter().find(|c| c.model == model && c.domain == domain).expect("validated: one cell each");
        (c.owner, &c.basis)
    }

    pub fn sources(&self, provider: Provider) -> &[Source] {
        &self.data.providers[&provider].sources
    }
}

/// The matrices of a result: one per provider that has findings, then the
/// combined one (when more than one provider is present).
pub fn compute(report: &ScanReport) -> Vec<ProviderMatrix> {
    let table = Ownership::builtin();
    let tally = tally(report);
    let providers: BTreeSet<Provider> = tally.keys().map(|(p, _, _)| *p).collect();
    let mut out: Vec<ProviderMatrix> =
        providers.iter().map(|p| matrix(report, &tally, table, &BTreeSet::from([*p]), p.as_str())).collect();
    if providers.len() > 1 {
        out.push(matrix(report, &tally, table, &providers, "combined"));
    }
    out
}

/// What the findings say per provider × service model × control domain:
/// their counts and the checks that evaluated something. One pass over the
/// findings; every cell of every matrix is then read from it.
type Tally<'a> = BTreeMap<(Provider, ServiceModel, ControlDomain), (Counts, BTreeSet<&'a str>)>;

fn tally(report: &ScanReport) -> Tally<'_> {
    let mut tally = Tally::new();
    for f in &report.findings {
        let (counts, evaluated) = tally.entry((f.provider, f.service_model, f.control_domain)).or_default();
        counts.add(f.effective_status());
        if f.status != Status::NotApplicable {
            evaluated.insert(f.check_id.as_str());
        }
    }
    tally
}

fn merge(into: &mut Counts, c: &Counts) {
    into.pass += c.pass;
    into.fail += c.fail;
    into.error += c.error;
    into.manual += c.manual;
    into.not_applicable += c.not_applicable;
    into.muted += c.muted;
}

fn matrix(
    report: &ScanReport,
    tally: &Tally<'_>,
    table: &Ownership,
    providers: &BTreeSet<Provider>,
    scope: &str,
) -> ProviderMatrix {
    let in_scope = |p: Provider| providers.contains(&p);
    let service_models: Vec<ServiceModel> = ServiceModel::ALL
        .iter()
        .copied()
        .filter(|m| tally.keys().any(|(p, model, _)| in_scope(*p) && model == m))
        .collect();
    let mut cells = Vec::new();
    for &model in &service_models {
        for &domain in ControlDomain::ALL {
            let owners: BTreeSet<(Owner, &str)> = providers.iter().map(|p| table.owner(*p, model, domain)).collect();
            let (owner, basis) = match owners.len() {
                1 => {
                    let (o, b) = owners.first().expect("one");
                    (*o, b.to_string())
                }
                // Providers disagree: the cell is at least partly yours.
                _ => (Owner::Shared, "The providers' models differ here; see each provider's matrix.".to_string()),
            };
            let checks: Vec<&str> = report
                .checks
                .iter()
                .filter(|c| in_scope(c.provider) && c.service_model == model && c.control_domain == domain)
                .map(|c| c.id.as_str())
                .collect();
            let evidence = (owner != Owner::Provider || !checks.is_empty()).then(|| {
                let mut findings = Counts::default();
                let mut evaluated = BTreeSet::new();
                for p in providers {
                    if let Some((counts, checks)) = tally.get(&(*p, model, domain)) {
                        merge(&mut findings, counts);
                        evaluated.extend(checks.iter().copied());
                    }
                }
                let coverage = if checks.is_empty() {
                    Coverage::Gap
                } else if evaluated.is_empty() {
                    Coverage::NoResources
                } else {
                    Coverage::Evaluated
                };
                Evidence { checks: checks.len(), checks_evaluated: evaluated.len(), findings, coverage }
            });
            cells.push(Cell { service_model: model, control_domain: domain, owner, basis, evidence });
        }
    }
    let mut sources = Vec::new();
    for p in providers {
        sources.extend(table.sources(*p).iter().cloned());
    }
    ProviderMatrix { scope: scope.to_string(), sources, service_models, cells }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_table_has_one_owner_per_cell_and_sources_per_provider() {
        let t = Ownership::parse(DATA).unwrap();
        for p in Provider::ALL {
            assert!(!t.sources(*p).is_empty());
            assert!(t.sources(*p).iter().all(|s| s.url.starts_with("https://")));
        }
        // The customer owns identities and data in every model, whatever the provider.
        for m in ServiceModel::ALL {
            for d in [ControlDomain::IdentityAccess, ControlDomain::Secrets] {
                assert_eq!(t.owner(Provider::Aws, *m, d).0, Owner::Customer, "{m} × {d}");
            }
        }
        assert_eq!(t.owner(Provider::Azure, ServiceModel::Iaas, ControlDomain::WorkloadOs).0, Owner::Customer);
        assert_eq!(t.owner(Provider::Azure, ServiceModel::Paas, ControlDomain::WorkloadOs).0, Owner::Provider);
    }

    #[test]
    fn a_table_with_a_duplicated_cell_is_rejected_with_the_cell_named() {
        let broken =
            DATA.replacen("model = \"iaas\"\ndomain = \"secrets\"", "model = \"iaas\"\ndomain = \"network\"", 1);
        let err = Ownership::parse(&broken).unwrap_err();
        assert!(err.contains("2 cells for iaas × network"), "{err}");
    }

    #[test]
    fn cells_carry_evidence_and_uncovered_customer_cells_are_gaps_not_passes() {
        let r = crate::report::sample_report();
        let m = compute(&r);
        let scopes: Vec<&str> = m.iter().map(|m| m.scope.as_str()).collect();
        assert_eq!(scopes, ["aws", "azure", "gcp", "combined"]);
        let combined = m.last().unwrap();
        assert_eq!(combined.service_models, ServiceModel::ALL);
        assert_eq!(combined.cells.len(), 4 * ControlDomain::ALL.len());
        // Every finding of the result is counted in exactly one combined cell.
        let counted: usize =
            combined.cells.iter().filter_map(|c| c.evidence.as_ref()).map(|e| e.findings.total()).sum();
        assert_eq!(counted, r.findings.len());
        // Nothing checks application code on VMs: a customer-owned gap.
        let cell = combined
            .cells
            .iter()
            .find(|c| c.service_model == ServiceModel::Iaas && c.control_domain == ControlDomain::ApplicationCode)
            .unwrap();
        assert_eq!(cell.owner, Owner::Customer);
        let e = cell.evidence.as_ref().unwrap();
        assert_eq!((e.checks, e.coverage, e.findings.pass), (0, Coverage::Gap, 0));
        // The muted finding counts as muted, not failed, in its cell.
        let muted = r.findings.iter().find(|f| f.mute.is_some()).unwrap();
        let aws = &m[0];
        let cell = aws
            .cells
            .iter()
            .find(|c| c.service_model == muted.service_model && c.control_domain == muted.control_domain)
            .unwrap();
        assert!(cell.evidence.as_ref().unwrap().findings.muted >= 1);
    }

    #[test]
    fn provider_owned_cells_without_checks_have_no_evidence() {
        let r = crate::report::sample_report();
        let combined = compute(&r).pop().unwrap();
        let cell = combined
            .cells
            .iter()
            .find(|c| c.service_model == ServiceModel::Saas && c.control_domain == ControlDomain::Network)
            .unwrap();
        assert_eq!((cell.owner, cell.evidence.is_none()), (Owner::Provider, true));
    }
}
