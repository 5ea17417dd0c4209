//! The account password policy requires at least 14 characters.

use splitline_plugin_sdk::kinds::aws::IamPasswordPolicy;
use splitline_plugin_sdk::prelude::*;

const MIN_LENGTH: i64 = 14;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-007",
        long_id: "aws-iam-password-policy-length",
        title: "Account password policy requires at least 14 characters",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[IamPasswordPolicy::KIND_NAME],
        risk: "Without a policy IAM accepts 8-character passwords; short passwords fall to guessing and to cracking of leaked hashes, and length is what makes a password resist both.",
        remediation: Remediation {
            text: "Set a password policy with a minimum length of 14 (or more).",
            cli: Some("aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24"),
            terraform: Some("resource \"aws_iam_account_password_policy\" \"this\" {\n  minimum_password_length   = 14\n  password_reuse_prevention = 24\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-15",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "1.8"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, p) in e.each::<IamPasswordPolicy>() {
        let Some(policy) = p.password_policy else {
            e.fail(r, format!("Account {} has no IAM password policy, so passwords of 8 characters are accepted.", r.account)).evidence("PasswordPolicy", "absent");
            continue;
        };
        match policy.minimum_password_length {
            Some(n) if n >= MIN_LENGTH => {
                e.pass(r, format!("Account {}'s password policy requires at least {n} characters.", r.account)).evidence("PasswordPolicy.MinimumPasswordLength", n);
            }
            Some(n) => {
                e.fail(r, format!("Account {}'s password policy requires only {n} characters, fewer than {MIN_LENGTH}.", r.account)).evidence("PasswordPolicy.MinimumPasswordLength", n);
            }
            None => {
                e.fail(r, format!("Account {}'s password policy sets no minimum length.", r.account)).evidence("PasswordPolicy.MinimumPasswordLength", "absent");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.iam.password-policy";
    const ID: &str = "arn:aws:iam::111122223333:account-password-policy";

    fn run(config: serde_json::Value) -> splitline_plugin_sdk::testing::Outcome {
        Fixture::new("aws", "111122223333").resource(KIND, ID, config).run(&super::CHECK)
    }

    #[test]
    fn length_of_14_or_more_passes() {
        run(json!({"PasswordPolicy": {"MinimumPasswordLength": 14}})).assert_status(ID, Status::Pass);
        let out = run(json!({"PasswordPolicy": {"MinimumPasswordLength": 8}}));
        assert_eq!(out.assert_status(ID, Status::Fail).message, "Account 111122223333's password policy requires only 8 characters, fewer than 14.");
        run(json!({})).assert_status(ID, Status::Fail);
        run(json!({"PasswordPolicy": {"MinimumPasswordLength": "long"}})).assert_status(ID, Status::Error);
    }
}
