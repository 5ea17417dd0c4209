//! A failed call, classified into a coverage-gap code with the provider's
//! own error code and message.

use splitline_collect::{GapCode, Operation};

/// Why one call failed. Its `Display` is the gap's reason: what failed, the
/// provider's answer, and what to do.
#[derive(Clone, Debug)]
pub struct CallError {
    pub service: &'static str,
    pub operation: &'static str,
    pub permission: &'static str,
    pub code: GapCode,
    pub status: Option<u16>,
    pub message: String,
    attempts: u32,
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} failed", self.service, self.operation)?;
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        write!(f, ": {}{}", self.message, hint(self.service, self.permission, self.code))
    }
}

impl std::error::Error for CallError {}

/// Provider error codes that mean "resource provider not registered" (or
/// the service is not available to the subscription).
const NOT_ENABLED: &[&str] = &[
    "MissingSubscriptionRegistration",
    "SubscriptionNotRegistered",
    "NoRegisteredProviderFound",
    "ResourceProviderNotRegistered",
    "FeatureNotEnabled",
    "SubscriptionNotFound",
];

impl CallError {
    pub fn new(op: &Operation, code: GapCode, status: Option<u16>, message: String) -> CallError {
        CallError {
            service: op.service,
            operation: op.name,
            permission: op.permission,
            code,
            status,
            message,
            attempts: 1,
        }
    }

    pub fn malformed(op: &Operation, what: &str) -> CallError {
        CallError::new(op, GapCode::MalformedResponse, None, format!("unexpected answer: {what}"))
    }

    /// From an HTTP error answer: ARM and Graph both send
    /// `{"error": {"code": "...", "message": "..."}}`.
    pub fn from_response(op: &Operation, status: u16, body: &[u8]) -> CallError {
        let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        let err = parsed.as_ref().and_then(|v| v.get("error"));
        let provider_code = err.and_then(|e| e.get("code")).and_then(|c| c.as_str()).unwrap_or("");
        let provider_message = err.and_then(|e| e.get("message")).and_then(|c| c.as_str()).unwrap_or("");
        let code = classify(status, provider_code);
        let mut message = format!("HTTP {status}");
        if !provider_code.is_empty() {
            message.push(' ');
            message.push_str(provider_code);
        }
        if !provider_message.is_empty() {
            message.push_str(": ");
            message.push_str(&truncate(provider_message, 400));
        }
        CallError::new(op, code, Some(status), message)
    }

    /// From an azure_core error raised before an answer (token acquisition,
    /// connection) or by an SDK client.
    pub fn from_core(op: &Operation, e: &azure_core::Error) -> CallError {
        use azure_core::error::ErrorKind;
        match e.kind() {
            ErrorKind::HttpResponse { status, error_code, .. } => {
                let status = u16::from(*status);
                let provider_code = error_code.as_deref().unwrap_or("");
                let mut message = format!("HTTP {status}");
                if !provider_code.is_empty() {
                    message.push(' ');
                    message.push_str(provider_code);
                }
                CallError::new(op, classify(status, provider_code), Some(status), message)
            }
            ErrorKind::Credential => CallError::new(
                op,
                GapCode::AccessDenied,
                None,
                format!("no access token: {}", truncate(&e.to_string(), 400)),
            ),
            ErrorKind::Io | ErrorKind::Connection => CallError::new(
                op,
                GapCode::Unavailable,
                None,
                format!("no connection: {}", truncate(&e.to_string(), 300)),
            ),
            _ => CallError::new(op, GapCode::Error, None, truncate(&e.to_string(), 400)),
        }
    }

    pub fn after_attempts(mut self, n: u32) -> CallError {
        self.attempts = n;
        self
    }
}

/// The gap code for an HTTP status and the provider's error code.
pub fn classify(status: u16, provider_code: &str) -> GapCode {
    if NOT_ENABLED.iter().any(|c| c.eq_ignore_ascii_case(provider_code)) {
        return GapCode::NotEnabled;
    }
    GapCode::from_http_status(status)
}

fn hint(service: &str, permission: &str, code: GapCode) -> String {
    match code {
        GapCode::AccessDenied if permission.starts_with("Microsoft.") => {
            format!(" (grant `{permission}` to the identity: `splitline permissions azure` prints a role with it)")
        }
        GapCode::AccessDenied => {
            format!(" (grant the Microsoft Graph application permission `{permission}` and an admin consent)")
        }
        GapCode::NotEnabled => {
            let namespace = permission.split('/').next().unwrap_or(service);
            format!(" (the resource provider `{namespace}` is not registered in this subscription: nothing to collect)")
        }
        GapCode::Throttled => " (try again later or with a lower --concurrency)".into(),
        _ => String::new(),
    }
}

fn truncate(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: Operation = Operation {
        service: "Microsoft.Web",
        name: "GET sites",
        permission: "Microsoft.Web/sites/read",
        kinds: &["azure.web.site"],
    };

    #[test]
    fn arm_errors_map_to_gap_codes() {
        let body =
            br#"{"error":{"code":"AuthorizationFailed","message":"The client 'x' does not have authorization"}}"#;
        let e = CallError::from_response(&OP, 403, body);
        assert_eq!(e.code, GapCode::AccessDenied);
        let text = e.to_string();
        assert!(text.starts_with("Microsoft.Web GET sites failed: HTTP 403 AuthorizationFailed: The client"), "{text}");
        assert!(text.contains("Microsoft.Web/sites/read"), "{text}");
        let e = CallError::from_response(
            &OP,
            409,
            br#"{"error":{"code":"MissingSubscriptionRegistration","message":"m"}}"#,
        );
        assert_eq!(e.code, GapCode::NotEnabled);
        assert_eq!(
            CallError::from_response(&OP, 404, br#"{"error":{"code":"NoRegisteredProviderFound"}}"#).code,
            GapCode::NotEnabled
        );
        assert_eq!(CallError::from_response(&OP, 429, b"").after_attempts(4).code, GapCode::Throttled);
        assert!(CallError::from_response(&OP, 429, b"").after_attempts(4).to_string().contains("after 4 attempts"));
        assert_eq!(CallError::from_response(&OP, 503, b"<html>").code, GapCode::Unavailable);
        assert_eq!(CallError::from_response(&OP, 400, b"{}").code, GapCode::Error);
    }
}
