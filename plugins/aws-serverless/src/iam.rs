//! How the execution-role check reads a role's permissions: which policy
//! statements grant wildcard actions, across inline policies, customer
//! managed policies (from `aws.iam.policy`) and well-known AWS managed ones.

use splitline_plugin_sdk::Inventory;
use splitline_plugin_sdk::kinds::aws::{IamPolicy, IamRole, policy};

/// AWS managed policies that grant every action, or every action of a
/// powerful service, everywhere. Their documents are not collected, so
/// they are recognised by ARN.
pub const BROAD_AWS_MANAGED: [(&str, &str); 3] = [
    ("arn:aws:iam::aws:policy/AdministratorAccess", "every action on every resource"),
    ("arn:aws:iam::aws:policy/PowerUserAccess", "every action outside IAM and Organizations"),
    ("arn:aws:iam::aws:policy/IAMFullAccess", "iam:* (can grant itself anything)"),
];

/// A wildcard grant found in one of the role's policies, as evidence.
#[derive(Debug, PartialEq, Eq)]
pub struct Grant {
    /// Where it is, e.g. `RolePolicyList[app].Statement[0]` or a policy ARN.
    pub location: String,
    /// What it grants, e.g. `Action=* on Resource=*`.
    pub what: String,
}

/// The statement's wildcard grant: `*`, `*:*`, `service:*` on `*`, or an
/// `Allow` with `NotAction`. `None` for anything narrower.
pub fn wildcard_grant(stmt: &serde_json::Value) -> Option<String> {
    if !policy::is_allow(stmt) {
        return None;
    }
    let resources = policy::strings(stmt.get("Resource"));
    let on = if resources.is_empty() { "NotResource".to_string() } else { resources.join(", ") };
    if stmt.get("NotAction").is_some() {
        return Some(format!(
            "NotAction (everything except {}) on Resource={on}",
            policy::strings(stmt.get("NotAction")).join(", ")
        ));
    }
    let actions = policy::strings(stmt.get("Action"));
    if let Some(a) = actions.iter().find(|a| **a == "*" || **a == "*:*") {
        return Some(format!("Action={a} on Resource={on}"));
    }
    if resources.contains(&"*") {
        let services: Vec<&str> = actions.iter().copied().filter(|a| a.ends_with(":*")).collect();
        if !services.is_empty() {
            return Some(format!("Action={} on Resource=*", services.join(", ")));
        }
    }
    None
}

/// Every wildcard grant of a role.
pub fn role_wildcard_grants(role: &IamRole, inventory: &Inventory) -> Vec<Grant> {
    let mut out = Vec::new();
    for p in &role.role_policy_list {
        for (i, s) in policy::statements(p.policy_document.as_ref()).iter().enumerate() {
            if let Some(what) = wildcard_grant(s) {
                out.push(Grant { location: format!("RolePolicyList[{}].Statement[{i}]", p.policy_name), what });
            }
        }
    }
    for a in &role.attached_policies {
        if let Some((_, what)) = BROAD_AWS_MANAGED.iter().find(|(arn, _)| *arn == a.policy_arn) {
            out.push(Grant { location: format!("AttachedPolicies[{}]", a.policy_name), what: what.to_string() });
            continue;
        }
        if let Some((_, managed)) = inventory.find::<IamPolicy>(|_, p| p.arn == a.policy_arn) {
            let doc = managed.policy_version.as_ref().and_then(|v| v.document.as_ref());
            for (i, s) in policy::statements(doc).iter().enumerate() {
                if let Some(what) = wildcard_grant(s) {
                    out.push(Grant { location: format!("AttachedPolicies[{}].Statement[{i}]", a.policy_name), what });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wildcard_grant;
    use serde_json::json;

    #[test]
    fn recognises_wildcards_and_ignores_narrow_grants() {
        assert_eq!(
            wildcard_grant(&json!({"Effect": "Allow", "Action": "*", "Resource": "*"})).unwrap(),
            "Action=* on Resource=*"
        );
        assert_eq!(
            wildcard_grant(&json!({"Effect": "Allow", "Action": ["s3:*", "logs:PutLogEvents"], "Resource": "*"}))
                .unwrap(),
            "Action=s3:* on Resource=*"
        );
        assert!(
            wildcard_grant(&json!({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}))
                .unwrap()
                .starts_with("NotAction")
        );
        assert_eq!(wildcard_grant(&json!({"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"})), None);
        assert_eq!(wildcard_grant(&json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})), None);
        assert_eq!(wildcard_grant(&json!({"Effect": "Deny", "Action": "*", "Resource": "*"})), None);
    }
}
