//! How the IAM checks read a project IAM policy: members per role, which
//! roles are administrative, and which service accounts the customer
//! manages. Shared so every check classifies members the same way.

use std::collections::BTreeMap;

use splitline_plugin_sdk::kinds::gcp::{IamBinding, is_default_compute_sa};

/// Member → the roles it holds, in policy order.
pub fn roles_by_member(bindings: &[IamBinding]) -> BTreeMap<&str, Vec<&str>> {
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for b in bindings {
        for m in &b.members {
            let roles = out.entry(m.as_str()).or_default();
            if !roles.contains(&b.role.as_str()) {
                roles.push(b.role.as_str());
            }
        }
    }
    out
}

/// Basic (primitive) roles with project-wide write access.
pub const PRIMITIVE_WRITE_ROLES: [&str; 2] = ["roles/owner", "roles/editor"];

/// `roles/owner`, `roles/editor`, or a role whose name ends in `admin`
/// (`roles/iam.securityAdmin`, `roles/storage.admin`), as CIS GCP 1.5 defines
/// administrative roles.
pub fn is_admin_role(role: &str) -> bool {
    PRIMITIVE_WRITE_ROLES.contains(&role)
        || role.rsplit(['/', '.']).next().is_some_and(|last| last.to_ascii_lowercase().ends_with("admin"))
}

/// A service account the customer manages: `NAME@PROJECT.iam.gserviceaccount.com`
/// (not a `gcp-sa-*` service agent) or a default service account (Compute
/// Engine, App Engine). Google-managed service agents are excluded.
pub fn is_customer_service_account(member: &str) -> bool {
    let Some(email) = member.strip_prefix("serviceAccount:") else {
        return false;
    };
    let Some((_, domain)) = email.split_once('@') else {
        return false;
    };
    if is_default_compute_sa(email) || domain == "appspot.gserviceaccount.com" {
        return true;
    }
    domain.strip_suffix(".iam.gserviceaccount.com").is_some_and(|project| !project.starts_with("gcp-sa-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_roles() {
        assert!(is_admin_role("roles/owner"));
        assert!(is_admin_role("roles/editor"));
        assert!(is_admin_role("roles/iam.securityAdmin"));
        assert!(is_admin_role("roles/storage.admin"));
        assert!(is_admin_role("projects/p/roles/customAdmin"));
        assert!(!is_admin_role("roles/viewer"));
        assert!(!is_admin_role("roles/storage.objectViewer"));
        assert!(!is_admin_role("roles/compute.adminless"));
    }

    #[test]
    fn customer_service_accounts() {
        assert!(is_customer_service_account("serviceAccount:app@acme-prod-4821.iam.gserviceaccount.com"));
        assert!(is_customer_service_account("serviceAccount:482193047215-compute@developer.gserviceaccount.com"));
        assert!(is_customer_service_account("serviceAccount:acme-prod-4821@appspot.gserviceaccount.com"));
        assert!(!is_customer_service_account(
            "serviceAccount:service-482193047215@gcp-sa-cloudbuild.iam.gserviceaccount.com"
        ));
        assert!(!is_customer_service_account("serviceAccount:482193047215@cloudservices.gserviceaccount.com"));
        assert!(!is_customer_service_account("user:alice@acme.example"));
    }
}
