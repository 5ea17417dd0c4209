//! The root user has MFA.

use splitline_plugin_sdk::kinds::aws::IamAccountSummary;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-001",
        long_id: "aws-iam-root-mfa-enabled",
        title: "Root user has MFA enabled",
        severity: Severity::Critical,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[IamAccountSummary::KIND_NAME],
        risk: "The root user can do anything in the account, including closing it and changing its contact details, and no policy restricts it. Protected only by a password, it falls to one phished or reused credential.",
        remediation: Remediation {
            text: "Sign in as the root user and register an MFA device (preferably a FIDO2 security key, ideally two). In an organization, consider centralised root access management to remove root credentials from member accounts.",
            cli: None,
            terraform: None,
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-9",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "1.5"), compliance("nist-csf-2.0", "PR.AA-03")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<IamAccountSummary>() {
        match s.summary_map.get("AccountMFAEnabled") {
            Some(1) => {
                e.pass(r, format!("The root user of account {} has MFA enabled.", r.account)).evidence("SummaryMap.AccountMFAEnabled", 1);
            }
            Some(v) => {
                e.fail(r, format!("The root user of account {} has no MFA.", r.account)).evidence("SummaryMap.AccountMFAEnabled", v);
            }
            None => {
                e.error(r, format!("The account summary of {} has no SummaryMap.AccountMFAEnabled.", r.account));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{SUMMARY, SUMMARY_ID, summary};

    #[test]
    fn mfa_flag_decides() {
        let pass = Fixture::new("aws", "111122223333").resource(SUMMARY, SUMMARY_ID, summary(1, 0)).run(&super::CHECK);
        pass.assert_status(SUMMARY_ID, Status::Pass);
        let fail = Fixture::new("aws", "111122223333").resource(SUMMARY, SUMMARY_ID, summary(0, 0)).run(&super::CHECK);
        assert_eq!(fail.assert_status(SUMMARY_ID, Status::Fail).message, "The root user of account 111122223333 has no MFA.");
        let missing = Fixture::new("aws", "111122223333").resource(SUMMARY, SUMMARY_ID, json!({"SummaryMap": {"Users": 1}})).run(&super::CHECK);
        missing.assert_status(SUMMARY_ID, Status::Error);
    }
}
