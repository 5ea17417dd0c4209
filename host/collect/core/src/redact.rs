//! Redaction before anything enters the inventory (`docs/resource-kinds.md`,
//! "Redaction rule"): a secret-looking value is replaced by a marker that
//! says what it looks like and how long it is, never any of its characters.
//! The recognisers are the plugin SDK's ([`splitline_plugin_sdk::redact`]),
//! so checks and collectors agree; collectors add one more: long
//! high-entropy strings, which are how most generated tokens look.

use splitline_plugin_sdk::redact as sdk;

pub use sdk::REDACTED;

/// The marker for `value` if it looks like a secret (by its name or its
/// shape), otherwise `None`. References to a secret store stay in clear.
pub fn redact_value(name: &str, value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() || v.starts_with(REDACTED) || is_reference(v) {
        return None;
    }
    if let Some(what) = sdk::classify(name, v) {
        return Some(format!("{REDACTED} {what}, {} characters", value.chars().count()));
    }
    if looks_generated(v) {
        return Some(format!("{REDACTED} a high-entropy string, {} characters", value.chars().count()));
    }
    None
}

/// Redacts, in place, every string value of an environment-like map
/// (`{"NAME": "value"}`) that looks like a secret. Returns how many.
pub fn redact_env(map: &mut serde_json::Map<String, serde_json::Value>) -> usize {
    let mut n = 0;
    for (name, value) in map.iter_mut() {
        if let serde_json::Value::String(s) = value
            && let Some(marker) = redact_value(name, s)
        {
            *s = marker;
            n += 1;
        }
    }
    n
}

/// Summarises free text that may hold secrets (EC2 user data, startup
/// scripts): the text itself is never kept. Returns `{"Length": N,
/// "Secrets": [{"Line": L, "Name": "...", "LooksLike": "..."}]}` where each
/// entry is a `NAME=value` or `NAME: value` line whose value looks secret.
pub fn summarise_text(text: &str) -> serde_json::Value {
    let mut secrets = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches("export ");
        let Some((name, value)) = line.split_once('=').or_else(|| line.split_once(": ")) else { continue };
        let (name, value) = (name.trim(), value.trim().trim_matches(|c| c == '"' || c == '\''));
        if name.is_empty() || name.contains(' ') {
            continue;
        }
        if let Some(marker) = redact_value(name, value) {
            secrets.push(serde_json::json!({"Line": i + 1, "Name": name, "LooksLike": marker}));
        }
    }
    serde_json::json!({"Length": text.chars().count(), "Secrets": secrets})
}

fn is_reference(v: &str) -> bool {
    v.starts_with("@Microsoft.KeyVault(")
        || v.starts_with("arn:")
        || v.starts_with("projects/")
        || v.starts_with("{{resolve:")
        || v.contains("://") && !v.contains('@')
}

/// At least 24 characters of token alphabet with high Shannon entropy and
/// both letters and digits.
fn looks_generated(v: &str) -> bool {
    if v.len() < 24 || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=_-.".contains(&b)) {
        return false;
    }
    if !v.bytes().any(|b| b.is_ascii_digit()) || !v.bytes().any(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let mut counts = [0u32; 256];
    for b in v.bytes() {
        counts[b as usize] += 1;
    }
    let len = v.len() as f64;
    let entropy: f64 = counts.iter().filter(|&&c| c > 0).map(|&c| f64::from(c) / len).map(|p| -p * p.log2()).sum();
    entropy >= 4.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_become_markers_that_hold_none_of_the_value() {
        let key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let m = redact_value("PARTNER_SECRET", key).unwrap();
        assert_eq!(m, "[redacted] an AWS secret access key, 40 characters");
        let token = "9f8e7d6c5b4a39281706f5e4d3c2b1a0ZyXwVu";
        let m = redact_value("UPSTREAM", token).unwrap();
        assert!(m.contains("high-entropy") && !m.contains("9f8e"), "{m}");
        assert_eq!(redact_value("LOG_LEVEL", "debug"), None);
        assert_eq!(redact_value("TABLE", "orders-prod-eu-west-1"), None);
        assert_eq!(
            redact_value("DB_PASSWORD", "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/db)"),
            None
        );
        assert_eq!(redact_value("SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:db"), None);
    }

    #[test]
    fn env_maps_are_redacted_in_place() {
        let mut env = serde_json::json!({"DB_PASSWORD": "hunter2", "STAGE": "prod", "N": 3});
        let n = redact_env(env.as_object_mut().unwrap());
        assert_eq!(n, 1);
        assert_eq!(env["DB_PASSWORD"], "[redacted] a value named like a secret, 7 characters");
        assert_eq!(env["STAGE"], "prod");
    }

    #[test]
    fn free_text_keeps_only_names_and_markers() {
        let script = "#!/bin/bash\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\necho hi\nDB_PASSWORD='hunter2'\n";
        let s = summarise_text(script);
        let text = s.to_string();
        assert!(!text.contains("hunter2") && !text.contains("wJalr"), "{text}");
        assert_eq!(s["Secrets"].as_array().unwrap().len(), 2, "{text}");
        assert_eq!(s["Secrets"][0]["Line"], 2);
        assert_eq!(s["Secrets"][1]["Name"], "DB_PASSWORD");
    }
}
