//! The root user has no access keys.

use splitline_plugin_sdk::kinds::aws::IamAccountSummary;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-002",
        long_id: "aws-iam-root-no-access-keys",
        title: "Root user has no access keys",
        severity: Severity::Critical,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[IamAccountSummary::KIND_NAME],
        risk: "Root access keys give unrestricted, MFA-free API access to the whole account; keys end up in scripts, CI variables and laptops, and a leaked one cannot be limited by any policy.",
        remediation: Remediation {
            text: "Sign in as the root user, delete its access keys (deactivate first if you must find out what breaks), and use IAM roles for automation.",
            cli: None,
            terraform: None,
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-4",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "1.4"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<IamAccountSummary>() {
        match s.summary_map.get("AccountAccessKeysPresent") {
            Some(0) => {
                e.pass(r, format!("The root user of account {} has no access keys.", r.account)).evidence("SummaryMap.AccountAccessKeysPresent", 0);
            }
            Some(v) => {
                e.fail(r, format!("The root user of account {} has access keys.", r.account)).evidence("SummaryMap.AccountAccessKeysPresent", v);
            }
            None => {
                e.error(r, format!("The account summary of {} has no SummaryMap.AccountAccessKeysPresent.", r.account));
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
    fn keys_flag_decides() {
        let pass = Fixture::new("aws", "111122223333").resource(SUMMARY, SUMMARY_ID, summary(1, 0)).run(&super::CHECK);
        pass.assert_status(SUMMARY_ID, Status::Pass);
        let fail = Fixture::new("aws", "111122223333").resource(SUMMARY, SUMMARY_ID, summary(1, 1)).run(&super::CHECK);
        assert_eq!(fail.assert_status(SUMMARY_ID, Status::Fail).message, "The root user of account 111122223333 has access keys.");
        let odd = Fixture::new("aws", "111122223333").resource(SUMMARY, SUMMARY_ID, json!({"SummaryMap": {"AccountAccessKeysPresent": "yes"}})).run(&super::CHECK);
        odd.assert_status(SUMMARY_ID, Status::Error);
    }
}
