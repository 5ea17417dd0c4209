//! Active IAM access keys are younger than the maximum age.

use splitline_plugin_sdk::kinds::aws::IamUser;
use splitline_plugin_sdk::prelude::*;

use crate::account::{age_days, days_setting, error_all};

/// Plugin setting: maximum age of an active access key, in days.
pub const SETTING: &str = "access-key-max-age-days";
/// Default of [`SETTING`] (CIS AWS 1.14).
pub const DEFAULT_DAYS: i64 = 90;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-004",
        long_id: "aws-iam-access-key-rotated",
        title: "IAM user's active access keys are younger than the maximum age (default 90 days)",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[IamUser::KIND_NAME],
        risk: "Long-lived access keys accumulate copies (laptops, CI systems, old scripts, backups) and are the credential most often leaked to public repositories; the older a key, the more likely a copy exists that nobody controls.",
        remediation: Remediation {
            text: "Create a second key, move every consumer to it, deactivate and then delete the old one; better, replace the user's keys with a role (IAM Roles Anywhere, OIDC federation for CI). The age limit is the plugin setting `access-key-max-age-days` (default 90).",
            cli: Some("aws iam create-access-key --user-name USER && aws iam update-access-key --user-name USER --access-key-id OLD_KEY_ID --status Inactive && aws iam delete-access-key --user-name USER --access-key-id OLD_KEY_ID"),
            terraform: None,
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-3",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "1.14"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    let max = match days_setting(e, SETTING, DEFAULT_DAYS) {
        Ok(v) => v,
        Err(m) => return error_all(e, IamUser::KIND_NAME, &m),
    };
    for (r, u) in e.each::<IamUser>() {
        let active: Vec<_> = u.access_keys.iter().filter(|k| k.status == "Active").collect();
        if active.is_empty() {
            e.not_applicable(r, format!("IAM user {} has no active access keys.", u.user_name));
            continue;
        }
        let mut old = Vec::new();
        let mut unreadable = Vec::new();
        for k in &active {
            match k.create_date.as_deref().and_then(|d| age_days(e, d)) {
                Some(age) if age > max => old.push((k.access_key_id.as_str(), age)),
                Some(_) => {}
                None => unreadable.push(k.access_key_id.as_str()),
            }
        }
        if !old.is_empty() {
            let list: Vec<String> = old.iter().map(|(id, age)| format!("{id} ({age} days)")).collect();
            let f = e.fail(r, format!("IAM user {} has active access keys older than {max} days: {}.", u.user_name, list.join(", ")));
            for (id, age) in &old {
                f.evidence(format!("AccessKeys[{id}].CreateDate"), format!("{age} days before the scan"));
            }
        } else if !unreadable.is_empty() {
            e.error(r, format!("IAM user {} has active access keys without a readable CreateDate: {}.", u.user_name, unreadable.join(", ")));
        } else {
            e.pass(r, format!("IAM user {}'s {} active access key(s) are at most {max} days old.", u.user_name, active.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{USER, key, user};

    fn fixture() -> Fixture {
        // Scan time 2026-01-01.
        Fixture::new("aws", "111122223333")
            .resource(USER, "u-old", user("u-old", json!({"AccessKeys": [key("AKIAOLD", "Active", "2025-06-01T00:00:00Z", None), key("AKIANEW", "Active", "2025-12-01T00:00:00Z", None)]})))
            .resource(USER, "u-new", user("u-new", json!({"AccessKeys": [key("AKIANEW2", "Active", "2025-11-15T00:00:00Z", None)]})))
            .resource(USER, "u-inactive", user("u-inactive", json!({"AccessKeys": [key("AKIAOFF", "Inactive", "2019-01-01T00:00:00Z", None)]})))
            .resource(USER, "u-nodate", user("u-nodate", json!({"AccessKeys": [{"AccessKeyId": "AKIAX", "Status": "Active"}]})))
    }

    #[test]
    fn keys_older_than_90_days_fail_at_scan_time() {
        let out = fixture().run(&super::CHECK);
        let f = out.assert_status("u-old", Status::Fail);
        assert_eq!(f.message, "IAM user u-old has active access keys older than 90 days: AKIAOLD (214 days).");
        out.assert_status("u-new", Status::Pass);
        out.assert_status("u-inactive", Status::NotApplicable);
        out.assert_status("u-nodate", Status::Error);
        // The same keys, judged a year earlier, are not old.
        fixture().scan_time("2025-12-02T00:00:00Z").run(&super::CHECK).assert_status("u-old", Status::Fail);
        fixture().scan_time("2025-08-01T00:00:00Z").run(&super::CHECK).assert_status("u-old", Status::Pass);
    }

    #[test]
    fn the_limit_is_a_setting() {
        let out = fixture().setting(super::SETTING, json!(30)).run(&super::CHECK);
        out.assert_status("u-new", Status::Fail);
        let out = fixture().setting(super::SETTING, json!(-1)).run(&super::CHECK);
        let f = out.assert_status("u-new", Status::Error);
        assert!(f.message.contains("access-key-max-age-days"), "{}", f.message);
    }
}
