//! Secret-looking plain environment variables, shared by the Cloud
//! Functions and Cloud Run checks. Values arrive redacted by the collector
//! (`[redacted] …`); the SDK's classifier also recognises unredacted
//! secrets and names such as `DB_PASSWORD`.

use splitline_plugin_sdk::redact;

/// `(name, value, what it looks like)` of each plain variable that holds a secret.
pub fn find<'a>(vars: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<(&'a str, &'a str, &'static str)> {
    vars.into_iter().filter_map(|(name, value)| redact::classify(name, value).map(|what| (name, value, what))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_and_secret_named_values_are_found() {
        let vars = [
            ("STRIPE_KEY", "[redacted] a Stripe secret key, 32 characters"),
            ("LOG_LEVEL", "info"),
            ("DB_PASSWORD", "hunter2"),
            ("EMPTY_TOKEN", ""),
        ];
        let found: Vec<&str> = find(vars).into_iter().map(|(n, _, _)| n).collect();
        assert_eq!(found, vec!["STRIPE_KEY", "DB_PASSWORD"]);
    }
}
