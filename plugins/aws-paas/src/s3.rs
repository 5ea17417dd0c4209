//! What several S3 checks read the same way: bucket policy statements and
//! the account-level public access block.

use splitline_plugin_sdk::Eval;
use splitline_plugin_sdk::kinds::aws::{PublicAccessBlockConfiguration, S3AccountPublicAccessBlock};

/// The statements of a policy document (`Statement` may be one object or a list).
pub fn statements(policy: Option<&serde_json::Value>) -> Vec<&serde_json::Value> {
    match policy.and_then(|p| p.get("Statement")) {
        Some(serde_json::Value::Array(a)) => a.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

/// The account's public access block; all-off when the account has none.
pub fn account_block(e: &Eval) -> PublicAccessBlockConfiguration {
    e.inventory()
        .singleton::<S3AccountPublicAccessBlock>()
        .and_then(|(_, a)| a.public_access_block_configuration)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn statement_may_be_an_object_or_a_list() {
        assert_eq!(super::statements(Some(&json!({"Statement": {"Effect": "Allow"}}))).len(), 1);
        assert_eq!(super::statements(Some(&json!({"Statement": [{}, {}]}))).len(), 2);
        assert!(super::statements(Some(&json!({}))).is_empty());
        assert!(super::statements(None).is_empty());
    }
}
