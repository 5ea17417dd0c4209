//! Service accounts have no user-managed (downloadable) keys.

use splitline_plugin_sdk::kinds::gcp::ServiceAccountKey;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-IAM-007",
        long_id: "gcp-iam-no-user-managed-service-account-keys",
        title: "Service account key is Google-managed (no enabled user-managed keys)",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ServiceAccountKey::KIND_NAME],
        risk: "A user-managed key is a long-lived credential in a file: it is copied into repositories, CI variables and laptops, valid for years by default, and whoever finds it acts as the service account from anywhere.",
        remediation: Remediation {
            text: "Replace the key with attached service accounts, Workload Identity Federation or short-lived impersonation tokens, then delete it. Enforce constraints/iam.disableServiceAccountKeyCreation.",
            cli: Some("gcloud iam service-accounts keys delete KEY_ID --iam-account=SA_EMAIL"),
            terraform: None,
        },
        references: &["https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys", "https://cloud.google.com/iam/docs/workload-identity-federation"],
        compliance: &[compliance("cis-gcp-3.0.0", "1.4"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, k) in e.each::<ServiceAccountKey>() {
        let (account, id) = k.account_and_id();
        match (k.key_type.as_deref(), k.disabled) {
            (Some("USER_MANAGED"), Some(true)) => {
                e.pass(r, format!("User-managed key {id} of {account} is disabled.")).evidence("disabled", true);
            }
            (Some("USER_MANAGED"), _) => {
                e.fail(r, format!("Service account {account} has the enabled user-managed key {id}.")).evidence("keyType", "USER_MANAGED");
            }
            (Some(t), _) => {
                e.pass(r, format!("Key {id} of {account} is {t}, rotated by Google.")).evidence("keyType", t);
            }
            (None, _) => {
                e.error(r, format!("Key {id} of {account} has no keyType, so its management cannot be assessed.")).evidence("keyType", "absent");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.iam.service-account-key";
    const SA: &str = "projects/acme-prod-4821/serviceAccounts/ci@acme-prod-4821.iam.gserviceaccount.com/keys";

    #[test]
    fn user_managed_enabled_keys_fail() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "k/user", json!({"name": format!("{SA}/a1b2"), "keyType": "USER_MANAGED"}))
            .resource(KIND, "k/disabled", json!({"name": format!("{SA}/c3d4"), "keyType": "USER_MANAGED", "disabled": true}))
            .resource(KIND, "k/system", json!({"name": format!("{SA}/e5f6"), "keyType": "SYSTEM_MANAGED"}))
            .resource(KIND, "k/unknown", json!({"name": format!("{SA}/0000")}))
            .run(&super::CHECK);
        let f = out.assert_status("k/user", Status::Fail);
        assert_eq!(f.message, "Service account ci@acme-prod-4821.iam.gserviceaccount.com has the enabled user-managed key a1b2.");
        out.assert_status("k/disabled", Status::Pass);
        out.assert_status("k/system", Status::Pass);
        out.assert_status("k/unknown", Status::Error);
    }
}
