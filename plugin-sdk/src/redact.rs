//! Recognising secrets without revealing them.
//!
//! Checks report that a secret exists and what it looks like, never the
//! value. [`describe`] is what goes into evidence; [`classify`] tells a check
//! whether a name/value pair looks like a secret at all.

/// The marker every redacted value starts with.
pub const REDACTED: &str = "[redacted]";

/// What a secret-looking value appears to be, or `None`.
pub fn classify(name: &str, value: &str) -> Option<&'static str> {
    let v = value.trim();
    if v.starts_with(REDACTED) {
        // Collectors redact before writing the inventory; keep what they found.
        return Some("a redacted secret");
    }
    if v.len() == 20 && (v.starts_with("AKIA") || v.starts_with("ASIA")) && is_upper_alnum(v) {
        return Some("an AWS access key id");
    }
    if v.starts_with("-----BEGIN") && v.contains("PRIVATE KEY") {
        return Some("a private key");
    }
    if v.starts_with("xox") && v.len() > 20 {
        return Some("a Slack token");
    }
    if (v.starts_with("ghp_") || v.starts_with("github_pat_")) && v.len() > 30 {
        return Some("a GitHub token");
    }
    if v.starts_with("sk_live_") {
        return Some("a Stripe secret key");
    }
    if v.contains("AccountKey=") || v.contains("SharedAccessKey=") {
        return Some("an Azure connection string with a key");
    }
    if (v.contains("://")
        && v.contains('@')
        && v.split("://").nth(1).is_some_and(|r| r.split('@').next().is_some_and(|u| u.contains(':'))))
        || v.to_ascii_lowercase().contains("password=")
    {
        return Some("a connection string with a password");
    }
    if v.len() == 40
        && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'+')
        && v.bytes().any(|b| b.is_ascii_lowercase())
        && v.bytes().any(|b| b.is_ascii_uppercase())
    {
        return Some("an AWS secret access key");
    }
    let n = name.to_ascii_lowercase();
    const NAME_HINTS: [&str; 9] =
        ["secret", "password", "passwd", "token", "api_key", "apikey", "private_key", "credential", "access_key"];
    if !v.is_empty() && NAME_HINTS.iter().any(|h| n.contains(h)) {
        return Some("a value named like a secret");
    }
    None
}

/// The redacted rendering of a secret value: says what it looks like and
/// how long it is, never any of its characters.
pub fn describe(value: &str) -> String {
    if value.starts_with(REDACTED) {
        return value.to_string();
    }
    match classify("", value) {
        Some(what) => format!("{REDACTED} {what}, {} characters", value.chars().count()),
        None => format!("{REDACTED} {} characters", value.chars().count()),
    }
}

fn is_upper_alnum(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_common_secrets() {
        assert_eq!(classify("X", "AKIAIOSFODNN7EXAMPLE"), Some("an AWS access key id"));
        assert_eq!(classify("X", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), Some("an AWS secret access key"));
        assert_eq!(classify("DB", "postgres://app:hunter2@db:5432/app"), Some("a connection string with a password"));
        assert_eq!(classify("DB_PASSWORD", "hunter2"), Some("a value named like a secret"));
        assert_eq!(classify("LOG_LEVEL", "debug"), None);
        assert_eq!(classify("URL", "https://example.com/path"), None);
    }

    #[test]
    fn describe_never_contains_the_value() {
        for v in ["AKIAIOSFODNN7EXAMPLE", "hunter2", "postgres://app:hunter2@db/app"] {
            let d = describe(v);
            assert!(d.starts_with(REDACTED), "{d}");
            assert!(!d.contains(v), "{d}");
            assert!(!d.contains("hunter2"), "{d}");
        }
    }
}
