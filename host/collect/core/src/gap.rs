//! Coverage gaps: a kind that could not be collected in an account and
//! region, with a machine-readable code and the provider's own reason.

use serde::Serialize;

/// Why a kind could not be collected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GapCode {
    /// 401/403, AccessDenied, UnauthorizedOperation, AuthorizationFailed.
    AccessDenied,
    /// The service is not enabled: GCP API disabled, Azure resource provider
    /// not registered, AWS service not subscribed.
    NotEnabled,
    /// An opt-in region that is not enabled for the account.
    RegionDisabled,
    /// Still throttled after the retries.
    Throttled,
    /// No answer within the call timeout.
    Timeout,
    /// 5xx, connection refused, service not available in the region.
    Unavailable,
    /// The answer did not have the documented shape.
    MalformedResponse,
    /// Anything else the provider answered with an error.
    Error,
}

impl GapCode {
    pub fn as_str(self) -> &'static str {
        match self {
            GapCode::AccessDenied => "access-denied",
            GapCode::NotEnabled => "not-enabled",
            GapCode::RegionDisabled => "region-disabled",
            GapCode::Throttled => "throttled",
            GapCode::Timeout => "timeout",
            GapCode::Unavailable => "unavailable",
            GapCode::MalformedResponse => "malformed-response",
            GapCode::Error => "error",
        }
    }

    /// The usual code for an HTTP status (providers refine it from the body).
    pub fn from_http_status(status: u16) -> GapCode {
        match status {
            401 | 403 => GapCode::AccessDenied,
            408 | 504 => GapCode::Timeout,
            429 => GapCode::Throttled,
            500..=599 => GapCode::Unavailable,
            _ => GapCode::Error,
        }
    }
}

impl std::fmt::Display for GapCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One kind in one account and region that could not be collected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub account: String,
    /// Region, or `global`.
    pub region: String,
    pub kind: String,
    pub code: GapCode,
    /// One sentence: the operation that failed and the provider's message.
    pub reason: String,
}
