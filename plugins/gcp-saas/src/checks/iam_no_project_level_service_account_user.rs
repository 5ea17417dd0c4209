//! Service Account User and Token Creator are not granted on the whole project.

use splitline_plugin_sdk::kinds::gcp::ProjectIamPolicy;
use splitline_plugin_sdk::prelude::*;

const ROLES: [&str; 2] = ["roles/iam.serviceAccountUser", "roles/iam.serviceAccountTokenCreator"];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-IAM-005",
        long_id: "gcp-iam-no-project-level-service-account-user",
        title: "Service Account User and Service Account Token Creator are not granted at project level",
        severity: Severity::High,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ProjectIamPolicy::KIND_NAME],
        risk: "Granted on the project, these roles let the member act as, or mint tokens for, every service account in the project, present and future, including ones with far more privileges than the member: a direct privilege escalation path.",
        remediation: Remediation {
            text: "Remove the project-level bindings and grant the roles on the specific service accounts the member must use.",
            cli: Some("gcloud projects remove-iam-policy-binding PROJECT --member=MEMBER --role=roles/iam.serviceAccountUser && gcloud iam service-accounts add-iam-policy-binding SA_EMAIL --member=MEMBER --role=roles/iam.serviceAccountUser"),
            terraform: Some("resource \"google_service_account_iam_member\" \"deployer\" {\n  service_account_id = google_service_account.app.name\n  role               = \"roles/iam.serviceAccountUser\"\n  member             = \"group:deployers@example.com\"\n}"),
        },
        references: &["https://cloud.google.com/iam/docs/service-account-permissions", "https://cloud.google.com/iam/docs/manage-access-service-accounts"],
        compliance: &[compliance("cis-gcp-3.0.0", "1.6"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, p) in e.each::<ProjectIamPolicy>() {
        let grants: Vec<String> =
            p.bindings.iter().filter(|b| ROLES.contains(&b.role.as_str())).flat_map(|b| b.members.iter().map(move |m| format!("{} to {m}", b.role))).collect();
        if grants.is_empty() {
            e.pass(r, format!("{} grants neither Service Account User nor Token Creator at project level.", r.name));
        } else {
            e.fail(r, format!("{} grants service account impersonation on the whole project: {}.", r.name, grants.join(", "))).evidence("bindings", grants.join(", "));
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
    fn project_level_grants_fail() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "p/bad", json!({"bindings": [{"role": "roles/iam.serviceAccountTokenCreator", "members": ["group:ci@acme.example"]}]}))
            .resource(KIND, "p/good", json!({"bindings": [{"role": "roles/viewer", "members": ["group:all@acme.example"]}]}))
            .run(&super::CHECK);
        let f = out.assert_status("p/bad", Status::Fail);
        assert_eq!(f.message, "bad grants service account impersonation on the whole project: roles/iam.serviceAccountTokenCreator to group:ci@acme.example.");
        out.assert_status("p/good", Status::Pass);
    }
}
