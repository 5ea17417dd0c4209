//! `splitline permissions aws`: the IAM policy granting exactly the
//! registry's actions for the requested kinds.

use splitline_collect::{Operation, permissions_for};

/// `{"Version":"2012-10-17","Statement":[{"Sid":"SplitlineReadOnly",…}]}`,
/// actions sorted and unique, pretty-printed.
pub fn policy(ops: &[Operation], kinds: Option<&[String]>) -> String {
    let actions: Vec<&str> = permissions_for(ops, kinds).into_iter().collect();
    let doc = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "SplitlineReadOnly",
            "Effect": "Allow",
            "Action": actions,
            "Resource": "*",
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
