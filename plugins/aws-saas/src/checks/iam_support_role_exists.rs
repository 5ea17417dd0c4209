//! A role exists for managing incidents with AWS Support.

use splitline_plugin_sdk::kinds::aws::{IamAccountSummary, IamRole};
use splitline_plugin_sdk::prelude::*;

const SUPPORT_POLICY: &str = "arn:aws:iam::aws:policy/AWSSupportAccess";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-013",
        long_id: "aws-iam-support-role-exists",
        title: "Account has an IAM role with the AWSSupportAccess policy",
        severity: Severity::Low,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::Governance,
        resource_kinds: &[IamAccountSummary::KIND_NAME, IamRole::KIND_NAME],
        risk: "During an incident someone must open and follow AWS Support cases; without a dedicated role that is done with the root user or an administrator, or not at all.",
        remediation: Remediation {
            text: "Create a role trusted by your incident responders (or your identity provider) and attach the AWSSupportAccess managed policy.",
            cli: Some("aws iam create-role --role-name aws-support --assume-role-policy-document file://trust.json && aws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess"),
            terraform: None,
        },
        references: &["https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html"],
        compliance: &[compliance("cis-aws-3.0.0", "1.17"), compliance("nist-csf-2.0", "RS.MA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    let inventory = e.inventory();
    let support = inventory.find::<IamRole>(|_, role| role.attached_policies.iter().any(|p| p.policy_arn == SUPPORT_POLICY)).map(|(_, role)| role.role_name);
    for (r, _) in e.each::<IamAccountSummary>() {
        match &support {
            Some(name) => {
                e.pass(r, format!("Account {} has the support role {name}.", r.account)).evidence("aws.iam.role AttachedPolicies", SUPPORT_POLICY);
            }
            None => {
                e.fail(r, format!("Account {} has no IAM role with the AWSSupportAccess policy.", r.account)).evidence("aws.iam.role AttachedPolicies", "no AWSSupportAccess");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{ROLE, SUMMARY, SUMMARY_ID, role, summary};

    #[test]
    fn support_role_is_looked_up_among_roles() {
        let mut support = role("support", json!([]));
        support["AttachedPolicies"] = json!([{"PolicyName": "AWSSupportAccess", "PolicyArn": "arn:aws:iam::aws:policy/AWSSupportAccess"}]);
        let out = Fixture::new("aws", "111122223333")
            .resource(SUMMARY, SUMMARY_ID, summary(1, 0))
            .resource(ROLE, "arn:aws:iam::111122223333:role/support", support)
            .run(&super::CHECK);
        assert_eq!(out.assert_status(SUMMARY_ID, Status::Pass).message, "Account 111122223333 has the support role support.");
        let out = Fixture::new("aws", "111122223333")
            .resource(SUMMARY, SUMMARY_ID, summary(1, 0))
            .resource(ROLE, "arn:aws:iam::111122223333:role/app", role("app", json!([])))
            .run(&super::CHECK);
        out.assert_status(SUMMARY_ID, Status::Fail);
    }
}
