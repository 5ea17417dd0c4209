//! IAM users with a console password have MFA.

use splitline_plugin_sdk::kinds::aws::IamUser;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-003",
        long_id: "aws-iam-user-console-mfa",
        title: "IAM user with a console password has an MFA device",
        severity: Severity::High,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[IamUser::KIND_NAME],
        risk: "A console password alone falls to phishing, reuse from another breach or guessing; with MFA the attacker also needs the device. Console users often hold broad permissions, so one stolen password can mean the account.",
        remediation: Remediation {
            text: "Have the user register an MFA device (FIDO2 security key or authenticator app), and enforce it with a policy that denies everything but MFA self-service when aws:MultiFactorAuthPresent is false. Better still, move people to IAM Identity Center and remove IAM console passwords.",
            cli: Some("aws iam create-virtual-mfa-device --virtual-mfa-device-name USER --outfile qr.png --bootstrap-method QRCodePNG && aws iam enable-mfa-device --user-name USER --serial-number arn:aws:iam::ACCOUNT:mfa/USER --authentication-code1 CODE1 --authentication-code2 CODE2"),
            terraform: None,
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-5",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "1.10"), compliance("nist-csf-2.0", "PR.AA-03")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, u) in e.each::<IamUser>() {
        if u.login_profile.is_none() {
            e.not_applicable(r, format!("IAM user {} has no console password.", u.user_name)).evidence("LoginProfile", "absent");
        } else if u.mfa_devices.is_empty() {
            e.fail(r, format!("IAM user {} can sign in to the console with a password but has no MFA device.", u.user_name))
                .evidence("LoginProfile", "present")
                .evidence("MFADevices", "[]");
        } else {
            e.pass(r, format!("IAM user {} has a console password and {} MFA device(s).", u.user_name, u.mfa_devices.len()))
                .evidence("MFADevices", u.mfa_devices.iter().map(|d| d.serial_number.as_str()).collect::<Vec<_>>().join(", "));
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
    fn console_users_need_mfa() {
        let login = json!({"CreateDate": "2024-01-01T00:00:00Z"});
        let out = Fixture::new("aws", "111122223333")
            .resource(USER, "u-nomfa", user("u-nomfa", json!({"LoginProfile": login})))
            .resource(USER, "u-mfa", user("u-mfa", json!({"LoginProfile": login, "MFADevices": [{"SerialNumber": "arn:aws:iam::111122223333:mfa/u-mfa"}]})))
            .resource(USER, "u-api", user("u-api", json!({})))
            .resource(USER, "u-odd", user("u-odd", json!({"MFADevices": "yes"})))
            .run(&super::CHECK);
        let f = out.assert_status("u-nomfa", Status::Fail);
        assert_eq!(f.message, "IAM user u-nomfa can sign in to the console with a password but has no MFA device.");
        out.assert_status("u-mfa", Status::Pass);
        out.assert_status("u-api", Status::NotApplicable);
        out.assert_status("u-odd", Status::Error);
    }
}
