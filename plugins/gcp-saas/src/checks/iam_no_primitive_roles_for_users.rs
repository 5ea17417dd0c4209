//! No user account holds the basic Owner or Editor role on the project.

use splitline_plugin_sdk::kinds::gcp::ProjectIamPolicy;
use splitline_plugin_sdk::prelude::*;

use crate::iam;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-IAM-001",
        long_id: "gcp-iam-no-primitive-roles-for-users",
        title: "No user account is granted the basic Owner or Editor role on the project",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ProjectIamPolicy::KIND_NAME],
        risk: "Owner and Editor grant write access to nearly every service in the project (Owner also to its IAM policy): a phished or compromised personal account with them can read, change or delete everything, and individual grants escape group-based access reviews.",
        remediation: Remediation {
            text: "Replace the basic roles with predefined roles for the person's actual duties, granted to a group; keep Owner to a small break-glass group.",
            cli: Some("gcloud projects remove-iam-policy-binding PROJECT --member=user:EMAIL --role=roles/editor"),
            terraform: Some("resource \"google_project_iam_member\" \"dev\" {\n  project = var.project\n  role    = \"roles/run.developer\"\n  member  = \"group:developers@example.com\"\n}"),
        },
        references: &["https://cloud.google.com/iam/docs/understanding-roles#basic", "https://cloud.google.com/iam/docs/using-iam-securely"],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, p) in e.each::<ProjectIamPolicy>() {
        let grants: Vec<String> = p
            .bindings
            .iter()
            .filter(|b| iam::PRIMITIVE_WRITE_ROLES.contains(&b.role.as_str()))
            .flat_map(|b| b.members.iter().filter(|m| m.starts_with("user:")).map(move |m| format!("{} to {m}", b.role)))
            .collect();
        if grants.is_empty() {
            e.pass(r, format!("{} grants Owner or Editor to no individual user.", r.name));
        } else {
            e.fail(r, format!("{} grants basic roles to individual users: {}.", r.name, grants.join(", "))).evidence("bindings", grants.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.resourcemanager.project-iam-policy";

    #[test]
    fn users_with_owner_or_editor_fail_groups_pass() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "p/users", json!({"bindings": [{"role": "roles/owner", "members": ["group:admins@acme.example", "user:bob@acme.example"]}, {"role": "roles/editor", "members": ["user:eve@acme.example"]}]}))
            .resource(KIND, "p/groups", json!({"bindings": [{"role": "roles/owner", "members": ["group:admins@acme.example"]}, {"role": "roles/viewer", "members": ["user:bob@acme.example"]}]}))
            .resource(KIND, "p/empty", json!({}))
            .run(&super::CHECK);
        let f = out.assert_status("p/users", Status::Fail);
        assert_eq!(f.message, "users grants basic roles to individual users: roles/owner to user:bob@acme.example, roles/editor to user:eve@acme.example.");
        out.assert_status("p/groups", Status::Pass);
        out.assert_status("p/empty", Status::Pass);
    }
}
