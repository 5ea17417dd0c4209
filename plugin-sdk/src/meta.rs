//! Check metadata: the data that sits next to a check's logic.

use std::fmt;

/// Which part of the shared-responsibility model a check covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ServiceModel {
    /// Virtual machines and networks: the customer owns the OS up.
    Iaas,
    /// Managed runtimes and data services: the customer owns code, data, access.
    Paas,
    /// Provider-run applications and the account/identity plane: the customer
    /// owns user access, data and policy.
    Saas,
    /// Functions: the customer owns code, IAM, secrets and API exposure.
    Serverless,
}

impl ServiceModel {
    pub const ALL: [ServiceModel; 4] = [Self::Iaas, Self::Paas, Self::Saas, Self::Serverless];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Iaas => "iaas",
            Self::Paas => "paas",
            Self::Saas => "saas",
            Self::Serverless => "serverless",
        }
    }
}

impl fmt::Display for ServiceModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// How bad a failed finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 5] = [Self::Critical, Self::High, Self::Medium, Self::Low, Self::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The customer-side control domain a check provides evidence for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ControlDomain {
    IdentityAccess,
    DataProtection,
    Network,
    LoggingMonitoring,
    WorkloadOs,
    ApplicationCode,
    Secrets,
    Governance,
}

impl ControlDomain {
    pub const ALL: [ControlDomain; 8] = [
        Self::IdentityAccess,
        Self::DataProtection,
        Self::Network,
        Self::LoggingMonitoring,
        Self::WorkloadOs,
        Self::ApplicationCode,
        Self::Secrets,
        Self::Governance,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::IdentityAccess => "identity-access",
            Self::DataProtection => "data-protection",
            Self::Network => "network",
            Self::LoggingMonitoring => "logging-monitoring",
            Self::WorkloadOs => "workload-os",
            Self::ApplicationCode => "application-code",
            Self::Secrets => "secrets",
            Self::Governance => "governance",
        }
    }
}

impl fmt::Display for ControlDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Outcome of one check on one resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Pass,
    Fail,
    /// The check could not decide (missing or malformed data).
    Error,
    /// A human has to decide; the check gathered what it could.
    Manual,
    NotApplicable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::Error => "error",
            Self::Manual => "manual",
            Self::NotApplicable => "not-applicable",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// How to fix a failed finding.
#[derive(Clone, Copy, Debug)]
pub struct Remediation {
    /// What to change, in prose.
    pub text: &'static str,
    /// A CLI command that applies the fix.
    pub cli: Option<&'static str>,
    /// A Terraform snippet that expresses the fixed state.
    pub terraform: Option<&'static str>,
}

/// A framework control the check provides evidence for.
#[derive(Clone, Copy, Debug)]
pub struct Compliance {
    /// Framework id, e.g. `cis-aws-3.0.0`, `cis-azure-2.1.0`, `cis-gcp-3.0.0`.
    pub framework: &'static str,
    /// The control's id within the framework, e.g. `2.1.1`.
    pub control: &'static str,
}

/// Shorthand for a [`Compliance`] entry.
pub const fn compliance(framework: &'static str, control: &'static str) -> Compliance {
    Compliance { framework, control }
}

/// Everything a reader of a finding needs to know about the check behind it.
#[derive(Clone, Copy, Debug)]
pub struct CheckMeta {
    /// Stable short id: `PROVIDER-SERVICE-NNN`, e.g. `AWS-S3-001`. Never reused.
    pub id: &'static str,
    /// Stable descriptive id, e.g. `aws-s3-bucket-default-encryption`.
    pub long_id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub service_model: ServiceModel,
    pub control_domain: ControlDomain,
    /// The resource kinds this check reads.
    pub resource_kinds: &'static [&'static str],
    /// What can go wrong when the check fails.
    pub risk: &'static str,
    pub remediation: Remediation,
    pub references: &'static [&'static str],
    pub compliance: &'static [Compliance],
}
