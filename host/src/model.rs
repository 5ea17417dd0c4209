//! The host's own view of the contract's data: plugin and check metadata,
//! severities, statuses. Serializable, and independent of the generated
//! WIT bindings so report formats never depend on them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $s)] $variant),*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($s => Ok($name::$variant),)*
                    _ => Err(format!(
                        "`{s}` is not a valid {}; expected one of: {}",
                        stringify!($name).to_lowercase(),
                        [$($s),*].join(", ")
                    )),
                }
            }
        }
    };
}

string_enum!(
    /// Which part of the shared-responsibility model a check covers.
    ServiceModel { Iaas = "iaas", Paas = "paas", Saas = "saas", Serverless = "serverless" }
);

string_enum!(
    /// Severity of a failed finding; `Critical` is the highest.
    Severity { Critical = "critical", High = "high", Medium = "medium", Low = "low", Info = "info" }
);

string_enum!(
    /// Customer-side control domains.
    ControlDomain {
        IdentityAccess = "identity-access",
        DataProtection = "data-protection",
        Network = "network",
        LoggingMonitoring = "logging-monitoring",
        WorkloadOs = "workload-os",
        ApplicationCode = "application-code",
        Secrets = "secrets",
        Governance = "governance",
    }
);

string_enum!(
    /// Outcome of one check on one resource. `Muted` is applied by the host.
    Status { Pass = "pass", Fail = "fail", Error = "error", Manual = "manual", NotApplicable = "not-applicable", Muted = "muted" }
);

string_enum!(
    /// Cloud providers splitline knows.
    Provider { Aws = "aws", Azure = "azure", Gcp = "gcp" }
);

impl ControlDomain {
    /// Human title, e.g. "Identity & access".
    pub fn title(self) -> &'static str {
        match self {
            Self::IdentityAccess => "Identity & access",
            Self::DataProtection => "Data protection",
            Self::Network => "Network",
            Self::LoggingMonitoring => "Logging & monitoring",
            Self::WorkloadOs => "Workload & OS",
            Self::ApplicationCode => "Application & code",
            Self::Secrets => "Secrets",
            Self::Governance => "Governance",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplianceRef {
    pub framework: String,
    pub control: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remediation {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cli: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub terraform: Option<String>,
}

/// A check's full metadata, as declared by its plugin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInfo {
    pub id: String,
    pub long_id: String,
    pub title: String,
    pub provider: Provider,
    pub plugin: String,
    pub severity: Severity,
    pub service_model: ServiceModel,
    pub control_domain: ControlDomain,
    pub resource_kinds: Vec<String>,
    pub risk: String,
    pub remediation: Remediation,
    pub references: Vec<String>,
    pub compliance: Vec<ComplianceRef>,
}

/// Where a plugin came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "type", content = "path")]
pub enum PluginSource {
    /// Shipped inside the splitline binary.
    Builtin,
    /// Loaded from a file.
    File(String),
}

impl fmt::Display for PluginSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Builtin => f.write_str("built-in"),
            Self::File(p) => f.write_str(p),
        }
    }
}

/// A loaded plugin's description.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginMeta {
    pub name: String,
    pub version: String,
    pub provider: Provider,
    pub service_model: ServiceModel,
    pub resource_kinds: Vec<String>,
    pub source: PluginSource,
    /// SHA-256 of the component file, hex.
    pub digest: String,
    pub contract: String,
}
