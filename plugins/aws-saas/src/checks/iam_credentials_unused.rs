//! IAM users have no console password or active access key unused for too long.

use splitline_plugin_sdk::kinds::aws::IamUser;
use splitline_plugin_sdk::prelude::*;

use crate::account::{age_days, days_setting, error_all};

/// Plugin setting: days without use after which a credential counts as unused.
pub const SETTING: &str = "unused-credential-days";
/// Default of [`SETTING`]. CIS AWS 3.0.0 (1.12) uses 45.
pub const DEFAULT_DAYS: i64 = 90;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-005",
        long_id: "aws-iam-credentials-unused",
        title: "IAM user has no console password or active access key unused for longer than the limit (default 90 days)",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[IamUser::KIND_NAME],
        risk: "Credentials nobody uses still work: they belong to people who left or systems that were retired, nobody would notice them being used, and they are prime targets for an attacker who finds them.",
        remediation: Remediation {
            text: "Deactivate access keys and remove console passwords that have not been used within the limit (plugin setting `unused-credential-days`, default 90; set 45 to match CIS AWS 1.12), and delete the user if it is no longer needed.",
            cli: Some("aws iam update-access-key --user-name USER --access-key-id KEY_ID --status Inactive && aws iam delete-login-profile --user-name USER"),
            terraform: None,
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-22",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "1.12"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    let limit = match days_setting(e, SETTING, DEFAULT_DAYS) {
        Ok(v) => v,
        Err(m) => return error_all(e, IamUser::KIND_NAME, &m),
    };
    for (r, u) in e.each::<IamUser>() {
        let mut stale = Vec::new();
        let mut unreadable = Vec::new();
        let mut checked = 0;
        if let Some(lp) = u.login_profile.as_ref() {
            checked += 1;
            // Never signed in: count from when the password was set.
            let (when, what) = match u.password_last_used.as_deref() {
                Some(d) => (Some(d), "last used"),
                None => (lp.create_date.as_deref(), "never used, set"),
            };
            match when.and_then(|d| age_days(e, d)) {
                Some(age) if age > limit => stale.push(("PasswordLastUsed".to_string(), format!("console password ({what} {age} days ago)"))),
                Some(_) => {}
                None => unreadable.push("console password".to_string()),
            }
        }
        for k in u.access_keys.iter().filter(|k| k.status == "Active") {
            checked += 1;
            let (when, what) = match k.last_used_date.as_deref() {
                Some(d) => (Some(d), "last used"),
                None => (k.create_date.as_deref(), "never used, created"),
            };
            match when.and_then(|d| age_days(e, d)) {
                Some(age) if age > limit => stale.push((format!("AccessKeys[{}].LastUsedDate", k.access_key_id), format!("access key {} ({what} {age} days ago)", k.access_key_id))),
                Some(_) => {}
                None => unreadable.push(format!("access key {}", k.access_key_id)),
            }
        }
        if checked == 0 {
            e.not_applicable(r, format!("IAM user {} has no console password and no active access keys.", u.user_name));
        } else if !stale.is_empty() {
            let list: Vec<&str> = stale.iter().map(|(_, d)| d.as_str()).collect();
            let f = e.fail(r, format!("IAM user {} has credentials unused for more than {limit} days: {}.", u.user_name, list.join(", ")));
            for (prop, d) in &stale {
                f.evidence(prop, d);
            }
        } else if !unreadable.is_empty() {
            e.error(r, format!("IAM user {} has credentials without a readable date: {}.", u.user_name, unreadable.join(", ")));
        } else {
            e.pass(r, format!("IAM user {} used each of its {checked} credential(s) within the last {limit} days.", u.user_name));
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
        let login = json!({"CreateDate": "2023-01-01T00:00:00Z"});
        Fixture::new("aws", "111122223333")
            .resource(USER, "u-idle-console", user("u-idle-console", json!({"LoginProfile": login, "PasswordLastUsed": "2025-08-01T00:00:00Z"})))
            .resource(USER, "u-never-console", user("u-never-console", json!({"LoginProfile": login})))
            .resource(USER, "u-idle-key", user("u-idle-key", json!({"AccessKeys": [key("AKIAIDLE", "Active", "2024-01-01T00:00:00Z", Some("2025-07-01T00:00:00Z"))]})))
            .resource(USER, "u-never-key", user("u-never-key", json!({"AccessKeys": [key("AKIANEVER", "Active", "2025-01-01T00:00:00Z", None)]})))
            .resource(
                USER,
                "u-busy",
                user("u-busy", json!({"LoginProfile": login, "PasswordLastUsed": "2025-12-30T00:00:00Z", "AccessKeys": [key("AKIABUSY", "Active", "2023-01-01T00:00:00Z", Some("2025-12-31T00:00:00Z"))]})),
            )
            .resource(USER, "u-fresh-key", user("u-fresh-key", json!({"AccessKeys": [key("AKIAFRESH", "Active", "2025-12-20T00:00:00Z", None)]})))
            .resource(USER, "u-none", user("u-none", json!({"AccessKeys": [key("AKIAOFF", "Inactive", "2019-01-01T00:00:00Z", None)]})))
    }

    #[test]
    fn unused_passwords_and_keys_fail() {
        let out = fixture().run(&super::CHECK);
        let f = out.assert_status("u-idle-console", Status::Fail);
        assert_eq!(f.message, "IAM user u-idle-console has credentials unused for more than 90 days: console password (last used 153 days ago).");
        out.assert_status("u-never-console", Status::Fail);
        let f = out.assert_status("u-idle-key", Status::Fail);
        assert!(f.message.contains("access key AKIAIDLE (last used 184 days ago)"), "{}", f.message);
        let f = out.assert_status("u-never-key", Status::Fail);
        assert!(f.message.contains("never used, created"), "{}", f.message);
        out.assert_status("u-busy", Status::Pass);
        out.assert_status("u-fresh-key", Status::Pass);
        out.assert_status("u-none", Status::NotApplicable);
    }

    #[test]
    fn cis_limit_of_45_days_via_setting() {
        let out = fixture().setting(super::SETTING, json!(45)).scan_time("2025-09-20T00:00:00Z").run(&super::CHECK);
        out.assert_status("u-idle-console", Status::Fail);
        let out = fixture().setting(super::SETTING, json!(400)).run(&super::CHECK);
        out.assert_status("u-idle-console", Status::Pass);
    }
}
