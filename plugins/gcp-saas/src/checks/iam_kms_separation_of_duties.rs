//! No principal both administers Cloud KMS and uses keys to encrypt or decrypt.

use splitline_plugin_sdk::kinds::gcp::ProjectIamPolicy;
use splitline_plugin_sdk::prelude::*;

use crate::iam;

const ADMIN: &str = "roles/cloudkms.admin";
const USE_ROLES: [&str; 3] = ["roles/cloudkms.cryptoKeyEncrypterDecrypter", "roles/cloudkms.cryptoKeyEncrypter", "roles/cloudkms.cryptoKeyDecrypter"];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-IAM-004",
        long_id: "gcp-iam-kms-separation-of-duties",
        title: "No principal holds Cloud KMS Admin together with a CryptoKey Encrypter/Decrypter role on the project",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ProjectIamPolicy::KIND_NAME],
        risk: "A principal that manages keys (policies, versions, destruction) and can also use them to decrypt controls the data protected by them alone: customer-managed encryption no longer separates key custody from data access.",
        remediation: Remediation {
            text: "Give Cloud KMS Admin and the encrypter/decrypter roles to different principals; grant the usage roles on individual keys to the workloads that need them.",
            cli: Some("gcloud projects remove-iam-policy-binding PROJECT --member=MEMBER --role=roles/cloudkms.cryptoKeyEncrypterDecrypter"),
            terraform: None,
        },
        references: &["https://cloud.google.com/kms/docs/separation-of-duties"],
        compliance: &[compliance("cis-gcp-3.0.0", "1.11"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, p) in e.each::<ProjectIamPolicy>() {
        let both: Vec<String> = iam::roles_by_member(&p.bindings)
            .into_iter()
            .filter(|(_, roles)| roles.contains(&ADMIN))
            .filter_map(|(m, roles)| roles.iter().find(|role| USE_ROLES.contains(role)).map(|role| format!("{m} ({ADMIN} and {role})")))
            .collect();
        if both.is_empty() {
            e.pass(r, format!("{} separates Cloud KMS administration from key use.", r.name));
        } else {
            e.fail(r, format!("{} lets the same principal administer and use Cloud KMS keys: {}.", r.name, both.join(", "))).evidence("bindings", both.join(", "));
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
    fn admin_plus_usage_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "p/mixed", json!({"bindings": [{"role": "roles/cloudkms.admin", "members": ["user:kay@acme.example"]}, {"role": "roles/cloudkms.cryptoKeyDecrypter", "members": ["user:kay@acme.example"]}]}))
            .resource(KIND, "p/split", json!({"bindings": [{"role": "roles/cloudkms.admin", "members": ["group:kms-admins@acme.example"]}, {"role": "roles/cloudkms.cryptoKeyEncrypterDecrypter", "members": ["serviceAccount:app@acme-prod-4821.iam.gserviceaccount.com"]}]}))
            .run(&super::CHECK);
        let f = out.assert_status("p/mixed", Status::Fail);
        assert!(f.message.contains("user:kay@acme.example (roles/cloudkms.admin and roles/cloudkms.cryptoKeyDecrypter)"), "{}", f.message);
        out.assert_status("p/split", Status::Pass);
    }
}
