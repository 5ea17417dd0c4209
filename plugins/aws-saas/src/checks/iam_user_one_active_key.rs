//! IAM users have at most one active access key.

use splitline_plugin_sdk::kinds::aws::IamUser;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-006",
        long_id: "aws-iam-user-one-active-key",
        title: "IAM user has at most one active access key",
        severity: Severity::Low,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[IamUser::KIND_NAME],
        risk: "Two active keys usually mean a rotation that was never finished: the old key is still valid somewhere nobody remembers, doubling what can leak. Rated low because a second key is legitimate during a rotation.",
        remediation: Remediation {
            text: "Find which key is still in use (LastUsedDate), move its consumers to one key and deactivate, then delete, the other.",
            cli: Some("aws iam update-access-key --user-name USER --access-key-id OLD_KEY_ID --status Inactive"),
            terraform: None,
        },
        references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html"],
        compliance: &[compliance("cis-aws-3.0.0", "1.13"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, u) in e.each::<IamUser>() {
        let active: Vec<&str> = u.access_keys.iter().filter(|k| k.status == "Active").map(|k| k.access_key_id.as_str()).collect();
        if active.len() > 1 {
            e.fail(r, format!("IAM user {} has {} active access keys: {}.", u.user_name, active.len(), active.join(", ")))
                .evidence("AccessKeys[].Status", format!("{} Active", active.len()));
        } else {
            e.pass(r, format!("IAM user {} has {} active access key(s).", u.user_name, active.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{USER, key, user};

    #[test]
    fn two_active_keys_fail() {
        let d = "2025-12-01T00:00:00Z";
        let out = Fixture::new("aws", "111122223333")
            .resource(USER, "u-two", user("u-two", json!({"AccessKeys": [key("AKIA1", "Active", d, None), key("AKIA2", "Active", d, None)]})))
            .resource(USER, "u-rotated", user("u-rotated", json!({"AccessKeys": [key("AKIA3", "Active", d, None), key("AKIA4", "Inactive", d, None)]})))
            .resource(USER, "u-none", user("u-none", json!({})))
            .run(&super::CHECK);
        let f = out.assert_status("u-two", Status::Fail);
        assert_eq!(f.message, "IAM user u-two has 2 active access keys: AKIA1, AKIA2.");
        out.assert_status("u-rotated", Status::Pass);
        out.assert_status("u-none", Status::Pass);
    }
}
