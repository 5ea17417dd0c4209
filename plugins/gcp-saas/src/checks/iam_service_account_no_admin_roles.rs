//! Customer-managed service accounts hold no administrative role on the project.

use splitline_plugin_sdk::kinds::gcp::ProjectIamPolicy;
use splitline_plugin_sdk::prelude::*;

use crate::iam;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-IAM-002",
        long_id: "gcp-iam-service-account-no-admin-roles",
        title: "No customer-managed service account holds Owner, Editor or an *Admin role on the project",
        severity: Severity::High,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ProjectIamPolicy::KIND_NAME],
        risk: "A service account's credentials live in workloads, CI systems and key files: whoever compromises the workload or finds a key acts with the account's roles, and an administrative role turns that into control of the project (and often of its IAM policy) without any human sign-in.",
        remediation: Remediation {
            text: "Replace Owner, Editor and *Admin roles on service accounts with the narrow predefined or custom roles the workload needs; use the IAM recommender to find unused permissions.",
            cli: Some("gcloud projects remove-iam-policy-binding PROJECT --member=serviceAccount:SA_EMAIL --role=roles/editor"),
            terraform: None,
        },
        references: &["https://cloud.google.com/iam/docs/service-account-overview", "https://cloud.google.com/iam/docs/recommender-overview"],
        compliance: &[compliance("cis-gcp-3.0.0", "1.5"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, p) in e.each::<ProjectIamPolicy>() {
        let grants: Vec<String> = iam::roles_by_member(&p.bindings)
            .into_iter()
            .filter(|(m, _)| iam::is_customer_service_account(m))
            .flat_map(|(m, roles)| roles.into_iter().filter(|role| iam::is_admin_role(role)).map(move |role| format!("{role} to {m}")))
            .collect();
        if grants.is_empty() {
            e.pass(r, format!("{} grants no administrative role to a customer-managed service account.", r.name));
        } else {
            e.fail(r, format!("{} grants administrative roles to service accounts: {}.", r.name, grants.join(", "))).evidence("bindings", grants.join(", "));
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
    fn admin_roles_on_customer_service_accounts_fail() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "p/bad", json!({"bindings": [
                {"role": "roles/editor", "members": ["serviceAccount:482193047215-compute@developer.gserviceaccount.com", "serviceAccount:482193047215@cloudservices.gserviceaccount.com"]},
                {"role": "roles/storage.admin", "members": ["serviceAccount:etl@acme-prod-4821.iam.gserviceaccount.com"]}
            ]}))
            .resource(KIND, "p/agents", json!({"bindings": [
                {"role": "roles/editor", "members": ["serviceAccount:482193047215@cloudservices.gserviceaccount.com"]},
                {"role": "roles/cloudbuild.serviceAgent", "members": ["serviceAccount:service-482193047215@gcp-sa-cloudbuild.iam.gserviceaccount.com"]},
                {"role": "roles/storage.objectViewer", "members": ["serviceAccount:etl@acme-prod-4821.iam.gserviceaccount.com"]},
                {"role": "roles/owner", "members": ["user:alice@acme.example"]}
            ]}))
            .run(&super::CHECK);
        let f = out.assert_status("p/bad", Status::Fail);
        assert!(f.message.contains("roles/editor to serviceAccount:482193047215-compute@developer.gserviceaccount.com"), "{}", f.message);
        assert!(f.message.contains("roles/storage.admin to serviceAccount:etl@"), "{}", f.message);
        assert!(!f.message.contains("cloudservices"), "{}", f.message);
        out.assert_status("p/agents", Status::Pass);
    }
}
