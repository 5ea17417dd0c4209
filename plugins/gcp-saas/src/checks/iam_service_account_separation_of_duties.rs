//! No principal both administers service accounts and can act as them.

use splitline_plugin_sdk::kinds::gcp::ProjectIamPolicy;
use splitline_plugin_sdk::prelude::*;

use crate::iam;

const ADMIN: &str = "roles/iam.serviceAccountAdmin";
const USER: &str = "roles/iam.serviceAccountUser";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-IAM-003",
        long_id: "gcp-iam-service-account-separation-of-duties",
        title: "No principal holds both Service Account Admin and Service Account User on the project",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ProjectIamPolicy::KIND_NAME],
        risk: "A principal that can create and manage service accounts and also act as them can mint an identity, grant it what the project allows and use it, without anyone else being involved: the separation that makes service account misuse visible is gone.",
        remediation: Remediation {
            text: "Give Service Account Admin and Service Account User to different people or groups; grant Service Account User on individual service accounts rather than the project.",
            cli: Some("gcloud projects remove-iam-policy-binding PROJECT --member=MEMBER --role=roles/iam.serviceAccountUser"),
            terraform: None,
        },
        references: &["https://cloud.google.com/iam/docs/separation-of-duties", "https://cloud.google.com/iam/docs/service-account-permissions"],
        compliance: &[compliance("cis-gcp-3.0.0", "1.8"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, p) in e.each::<ProjectIamPolicy>() {
        let both: Vec<&str> = iam::roles_by_member(&p.bindings).into_iter().filter(|(_, roles)| roles.contains(&ADMIN) && roles.contains(&USER)).map(|(m, _)| m).collect();
        if both.is_empty() {
            e.pass(r, format!("{} separates Service Account Admin from Service Account User.", r.name));
        } else {
            e.fail(r, format!("{} grants both Service Account Admin and Service Account User to {}.", r.name, both.join(", "))).evidence("bindings", both.join(", "));
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
    fn same_member_with_both_roles_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "p/mixed", json!({"bindings": [{"role": "roles/iam.serviceAccountAdmin", "members": ["user:alice@acme.example", "group:iam@acme.example"]}, {"role": "roles/iam.serviceAccountUser", "members": ["user:alice@acme.example", "user:bob@acme.example"]}]}))
            .resource(KIND, "p/split", json!({"bindings": [{"role": "roles/iam.serviceAccountAdmin", "members": ["group:iam@acme.example"]}, {"role": "roles/iam.serviceAccountUser", "members": ["user:bob@acme.example"]}]}))
            .run(&super::CHECK);
        let f = out.assert_status("p/mixed", Status::Fail);
        assert_eq!(f.message, "mixed grants both Service Account Admin and Service Account User to user:alice@acme.example.");
        out.assert_status("p/split", Status::Pass);
    }
}
