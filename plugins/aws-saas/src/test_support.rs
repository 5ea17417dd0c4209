//! What the checks' tests share: kinds, ids and documents in the API shapes.

use serde_json::json;

pub const SUMMARY: &str = "aws.iam.account-summary";
pub const SUMMARY_ID: &str = "arn:aws:iam::111122223333:account-summary";
pub const USER: &str = "aws.iam.user";
pub const ROLE: &str = "aws.iam.role";
pub const TRAIL: &str = "aws.cloudtrail.trail";

/// A GetAccountSummary document with the two root-user flags.
pub fn summary(mfa: i64, keys: i64) -> serde_json::Value {
    json!({"SummaryMap": {"AccountMFAEnabled": mfa, "AccountAccessKeysPresent": keys, "Users": 3}})
}

/// An IAM user document (ListUsers + merged calls) extended with `extra`.
pub fn user(name: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut u = json!({"UserName": name, "Arn": format!("arn:aws:iam::111122223333:user/{name}"), "CreateDate": "2024-01-01T00:00:00Z", "MFADevices": [], "AccessKeys": [], "AttachedPolicies": []});
    u.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    u
}

/// An access key as ListAccessKeys + GetAccessKeyLastUsed merge it.
pub fn key(id: &str, status: &str, created: &str, last_used: Option<&str>) -> serde_json::Value {
    let mut k = json!({"AccessKeyId": id, "Status": status, "CreateDate": created});
    if let Some(l) = last_used {
        k["LastUsedDate"] = json!(l);
    }
    k
}

/// A role document with a trust policy.
pub fn role(name: &str, trust: serde_json::Value) -> serde_json::Value {
    json!({"RoleName": name, "Arn": format!("arn:aws:iam::111122223333:role/{name}"), "Path": "/", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": trust}, "AttachedPolicies": [], "RolePolicyList": []})
}
