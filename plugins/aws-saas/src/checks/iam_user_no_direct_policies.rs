//! IAM users receive permissions only through groups (or roles).

use splitline_plugin_sdk::kinds::aws::IamUser;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-009",
        long_id: "aws-iam-user-no-direct-policies",
        title: "IAM user has no policies attached or embedded directly",
        severity: Severity::Low,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[IamUser::KIND_NAME],
        risk: "Permissions attached user by user drift apart, survive role changes and are hard to review; granting through groups keeps access tied to a job function and removable in one place.",
        remediation: Remediation {
            text: "Create groups per job function, attach the policies to the groups, add the users, then detach the managed policies and delete the inline policies from the users.",
            cli: Some("aws iam add-user-to-group --group-name GROUP --user-name USER && aws iam detach-user-policy --user-name USER --policy-arn POLICY_ARN && aws iam delete-user-policy --user-name USER --policy-name INLINE_POLICY"),
            terraform: None,
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-2",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "1.15"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, u) in e.each::<IamUser>() {
        let attached: Vec<&str> = u.attached_policies.iter().map(|p| p.policy_name.as_str()).collect();
        let inline: Vec<&str> = u.policy_names.iter().map(String::as_str).collect();
        if attached.is_empty() && inline.is_empty() {
            e.pass(r, format!("IAM user {} has no policies attached directly.", u.user_name));
            continue;
        }
        let mut parts = Vec::new();
        if !attached.is_empty() {
            parts.push(format!("managed {}", attached.join(", ")));
        }
        if !inline.is_empty() {
            parts.push(format!("inline {}", inline.join(", ")));
        }
        let f = e.fail(r, format!("IAM user {} has policies attached directly: {}.", u.user_name, parts.join("; ")));
        if !attached.is_empty() {
            f.evidence("AttachedPolicies", attached.join(", "));
        }
        if !inline.is_empty() {
            f.evidence("PolicyNames", inline.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{USER, user};

    #[test]
    fn attached_or_inline_policies_fail() {
        let out = Fixture::new("aws", "111122223333")
            .resource(USER, "u-admin", user("u-admin", json!({"AttachedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}], "PolicyNames": ["extra"]})))
            .resource(USER, "u-inline", user("u-inline", json!({"PolicyNames": ["s3-read"]})))
            .resource(USER, "u-group", user("u-group", json!({})))
            .run(&super::CHECK);
        let f = out.assert_status("u-admin", Status::Fail);
        assert_eq!(f.message, "IAM user u-admin has policies attached directly: managed AdministratorAccess; inline extra.");
        out.assert_status("u-inline", Status::Fail);
        out.assert_status("u-group", Status::Pass);
    }
}
