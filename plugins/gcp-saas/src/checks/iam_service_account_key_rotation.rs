//! User-managed service account keys are rotated within 90 days.

use splitline_plugin_sdk::kinds::gcp::ServiceAccountKey;
use splitline_plugin_sdk::prelude::*;

/// Setting: the oldest acceptable user-managed key, in days (default 90).
pub const MAX_AGE_SETTING: &str = "sa-key-max-age-days";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-IAM-008",
        long_id: "gcp-iam-service-account-key-rotation",
        title: "User-managed service account key is younger than 90 days",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ServiceAccountKey::KIND_NAME],
        risk: "The older a key, the more copies of it exist (backups, old laptops, former employees, leaked repositories) and the longer a stolen copy keeps working.",
        remediation: Remediation {
            text: "Create a new key, deploy it, then delete the old one; better, replace keys with Workload Identity Federation. The age limit is the plugin setting sa-key-max-age-days; keys can also be given an expiry with constraints/iam.serviceAccountKeyExpiryHours.",
            cli: Some("gcloud iam service-accounts keys create new-key.json --iam-account=SA_EMAIL && gcloud iam service-accounts keys delete OLD_KEY_ID --iam-account=SA_EMAIL"),
            terraform: None,
        },
        references: &["https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys#rotate-keys"],
        compliance: &[compliance("cis-gcp-3.0.0", "1.7"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    let max_days: i64 = match e.ctx().setting(MAX_AGE_SETTING, 90) {
        Ok(d) => d,
        Err(message) => {
            for (r, _) in e.each::<ServiceAccountKey>() {
                e.error(r, format!("{message}."));
            }
            return;
        }
    };
    let now = e.ctx().scan_time;
    for (r, k) in e.each::<ServiceAccountKey>() {
        let (account, id) = k.account_and_id();
        if k.key_type.as_deref() != Some("USER_MANAGED") {
            e.not_applicable(r, format!("Key {id} of {account} is not user-managed; Google rotates it."));
            continue;
        }
        if k.disabled == Some(true) {
            e.not_applicable(r, format!("User-managed key {id} of {account} is disabled."));
            continue;
        }
        let Some(created) = k.valid_after_time.as_deref().and_then(parse_rfc3339) else {
            e.error(r, format!("User-managed key {id} of {account} has no readable creation time (validAfterTime).")).evidence("validAfterTime", k.valid_after_time.as_deref().unwrap_or("absent"));
            continue;
        };
        let age = days_between(created, now);
        let since = k.valid_after_time.clone().unwrap_or_default();
        if age > max_days {
            e.fail(r, format!("User-managed key {id} of {account} is {age} days old, older than {max_days} days.")).evidence("validAfterTime", since);
        } else {
            e.pass(r, format!("User-managed key {id} of {account} is {age} days old.")).evidence("validAfterTime", since);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.iam.service-account-key";
    const SA: &str = "projects/p/serviceAccounts/ci@p.iam.gserviceaccount.com/keys";

    fn fixture() -> Fixture {
        Fixture::new("gcp", "acme-prod")
            .scan_time("2026-01-01T00:00:00Z")
            .resource(KIND, "k/old", json!({"name": format!("{SA}/old"), "keyType": "USER_MANAGED", "validAfterTime": "2025-06-01T00:00:00Z"}))
            .resource(KIND, "k/new", json!({"name": format!("{SA}/new"), "keyType": "USER_MANAGED", "validAfterTime": "2025-12-01T00:00:00Z"}))
            .resource(KIND, "k/system", json!({"name": format!("{SA}/sys"), "keyType": "SYSTEM_MANAGED", "validAfterTime": "2020-01-01T00:00:00Z"}))
            .resource(KIND, "k/undated", json!({"name": format!("{SA}/undated"), "keyType": "USER_MANAGED"}))
    }

    #[test]
    fn age_is_measured_at_the_scan_time() {
        let out = fixture().run(&super::CHECK);
        let f = out.assert_status("k/old", Status::Fail);
        assert_eq!(f.message, "User-managed key old of ci@p.iam.gserviceaccount.com is 214 days old, older than 90 days.");
        out.assert_status("k/new", Status::Pass);
        out.assert_status("k/system", Status::NotApplicable);
        out.assert_status("k/undated", Status::Error);
    }

    #[test]
    fn limit_comes_from_settings() {
        let out = fixture().setting("sa-key-max-age-days", json!(365)).run(&super::CHECK);
        out.assert_status("k/old", Status::Pass);
        let out = fixture().setting("sa-key-max-age-days", json!(-1.5)).run(&super::CHECK);
        out.assert_status("k/new", Status::Error);
    }
}
