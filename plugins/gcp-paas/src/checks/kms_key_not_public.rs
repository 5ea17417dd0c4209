//! Cloud KMS keys grant no IAM role to allUsers or allAuthenticatedUsers.

use splitline_plugin_sdk::kinds::gcp::KmsCryptoKey;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-KMS-002",
        long_id: "gcp-kms-key-not-public",
        title: "Cloud KMS key is not accessible to allUsers or allAuthenticatedUsers",
        severity: Severity::Critical,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[KmsCryptoKey::KIND_NAME],
        risk: "A key role granted to allUsers or allAuthenticatedUsers lets anyone (or anyone with a Google account) decrypt data protected by the key, encrypt forged data, sign as the key or, with an admin role, destroy key versions and make the data unrecoverable.",
        remediation: Remediation {
            text: "Remove the allUsers and allAuthenticatedUsers members from the key's IAM policy and grant roles to specific principals. Enforce domain restricted sharing (constraints/iam.allowedPolicyMemberDomains).",
            cli: Some("gcloud kms keys remove-iam-policy-binding KEY --keyring=KEYRING --location=LOCATION --member=allUsers --role=roles/cloudkms.cryptoKeyEncrypterDecrypter"),
            terraform: None,
        },
        references: &["https://cloud.google.com/kms/docs/iam", "https://cloud.google.com/kms/docs/reference/permissions-and-roles"],
        compliance: &[compliance("cis-gcp-3.0.0", "1.9"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, key) in e.each::<KmsCryptoKey>() {
        let Some(policy) = key.iam_policy.as_ref() else {
            e.error(r, format!("Cloud KMS key {} has no collected IAM policy, so its public access cannot be assessed.", r.name)).evidence("iamPolicy", "absent");
            continue;
        };
        let grants = policy.public_grants();
        if grants.is_empty() {
            e.pass(r, format!("Cloud KMS key {} grants no role to allUsers or allAuthenticatedUsers.", r.name));
        } else {
            e.fail(r, format!("Cloud KMS key {} is public: its IAM policy grants {}.", r.name, grants.join(", "))).evidence("iamPolicy.bindings", grants.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.kms.crypto-key";

    #[test]
    fn public_members_fail_private_pass_missing_policy_errors() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "k/public", json!({"name": "k1", "iamPolicy": {"bindings": [{"role": "roles/cloudkms.cryptoKeyDecrypter", "members": ["allAuthenticatedUsers"]}]}}))
            .resource(KIND, "k/private", json!({"name": "k2", "iamPolicy": {"bindings": [{"role": "roles/cloudkms.cryptoKeyEncrypterDecrypter", "members": ["serviceAccount:service-482193047215@compute-system.iam.gserviceaccount.com"]}]}}))
            .resource(KIND, "k/empty", json!({"name": "k3", "iamPolicy": {"etag": "ACAB"}}))
            .resource(KIND, "k/unread", json!({"name": "k4"}))
            .run(&super::CHECK);
        let f = out.assert_status("k/public", Status::Fail);
        assert!(f.message.contains("roles/cloudkms.cryptoKeyDecrypter to allAuthenticatedUsers"), "{}", f.message);
        out.assert_status("k/private", Status::Pass);
        out.assert_status("k/empty", Status::Pass);
        out.assert_status("k/unread", Status::Error);
    }
}
