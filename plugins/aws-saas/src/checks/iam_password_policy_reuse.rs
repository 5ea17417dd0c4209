//! The account password policy prevents reuse of the last 24 passwords.

use splitline_plugin_sdk::kinds::aws::IamPasswordPolicy;
use splitline_plugin_sdk::prelude::*;

const MIN_REMEMBERED: i64 = 24;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-008",
        long_id: "aws-iam-password-policy-reuse",
        title: "Account password policy prevents reuse of the last 24 passwords",
        severity: Severity::Low,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[IamPasswordPolicy::KIND_NAME],
        risk: "Without reuse prevention a user forced to change a compromised password can set it straight back, and the attacker's copy keeps working.",
        remediation: Remediation {
            text: "Set password reuse prevention to 24 (the maximum).",
            cli: Some("aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24"),
            terraform: Some("resource \"aws_iam_account_password_policy\" \"this\" {\n  minimum_password_length   = 14\n  password_reuse_prevention = 24\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-16",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "1.9"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, p) in e.each::<IamPasswordPolicy>() {
        let remembered = p.password_policy.as_ref().and_then(|pp| pp.password_reuse_prevention);
        match (p.password_policy.is_some(), remembered) {
            (_, Some(n)) if n >= MIN_REMEMBERED => {
                e.pass(r, format!("Account {}'s password policy prevents reuse of the last {n} passwords.", r.account)).evidence("PasswordPolicy.PasswordReusePrevention", n);
            }
            (_, Some(n)) => {
                e.fail(r, format!("Account {}'s password policy remembers only {n} previous passwords, fewer than {MIN_REMEMBERED}.", r.account))
                    .evidence("PasswordPolicy.PasswordReusePrevention", n);
            }
            (true, None) => {
                e.fail(r, format!("Account {}'s password policy allows passwords to be reused.", r.account)).evidence("PasswordPolicy.PasswordReusePrevention", "absent");
            }
            (false, None) => {
                e.fail(r, format!("Account {} has no IAM password policy, so passwords can be reused.", r.account)).evidence("PasswordPolicy", "absent");
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
    fn twenty_four_remembered_passes() {
        run(json!({"PasswordPolicy": {"PasswordReusePrevention": 24}})).assert_status(ID, Status::Pass);
        let out = run(json!({"PasswordPolicy": {"PasswordReusePrevention": 5}}));
        assert_eq!(out.assert_status(ID, Status::Fail).message, "Account 111122223333's password policy remembers only 5 previous passwords, fewer than 24.");
        run(json!({"PasswordPolicy": {"MinimumPasswordLength": 14}})).assert_status(ID, Status::Fail);
        run(json!({})).assert_status(ID, Status::Fail);
    }
}
