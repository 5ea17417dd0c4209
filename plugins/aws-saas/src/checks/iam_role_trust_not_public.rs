//! IAM role trust policies do not let anyone assume the role.

use splitline_plugin_sdk::kinds::aws::{IamRole, policy};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-011",
        long_id: "aws-iam-role-trust-not-public",
        title: "IAM role trust policy does not allow Principal * without an account or organization condition",
        severity: Severity::Critical,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[IamRole::KIND_NAME],
        risk: "A trust policy that allows Principal \"*\" to call sts:AssumeRole lets any AWS account in the world assume the role and use its permissions; an sts:ExternalId condition alone only helps if the id is secret.",
        remediation: Remediation {
            text: "Name the trusted accounts or roles in Principal, or keep \"*\" only together with aws:PrincipalOrgID / aws:PrincipalAccount / aws:PrincipalArn conditions.",
            cli: Some("aws iam update-assume-role-policy --role-name ROLE --policy-document file://trust.json"),
            terraform: None,
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, role) in e.each::<IamRole>() {
        let Some(doc) = role.assume_role_policy_document.as_ref() else {
            e.error(r, format!("IAM role {} has no AssumeRolePolicyDocument in its configuration.", role.role_name));
            continue;
        };
        let open: Vec<String> = policy::statements(Some(doc))
            .into_iter()
            .enumerate()
            .filter(|(_, s)| policy::is_allow(s) && policy::principal_is_everyone(s) && !policy::has_scoping_condition(s))
            .map(|(i, s)| format!("Statement[{i}] allows {}", policy::strings(s.get("Action")).join(", ")))
            .collect();
        if open.is_empty() {
            e.pass(r, format!("IAM role {} can be assumed only by the principals its trust policy names.", role.role_name));
        } else {
            let f = e.fail(r, format!("IAM role {} can be assumed by any AWS principal: its trust policy {}.", role.role_name, open.join("; ")));
            for o in &open {
                f.evidence("AssumeRolePolicyDocument", o);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{ROLE, role};

    #[test]
    fn wildcard_trust_fails_unless_scoped() {
        let out = Fixture::new("aws", "111122223333")
            .resource(ROLE, "open", role("open", json!([{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}])))
            .resource(ROLE, "extid", role("extid", json!([{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "1234"}}}])))
            .resource(ROLE, "org", role("org", json!([{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}])))
            .resource(ROLE, "named", role("named", json!([{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}])))
            .resource(ROLE, "svc", role("svc", json!({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"})))
            .resource(ROLE, "nodoc", json!({"RoleName": "nodoc", "Arn": "arn:aws:iam::111122223333:role/nodoc"}))
            .run(&super::CHECK);
        let f = out.assert_status("open", Status::Fail);
        assert_eq!(f.message, "IAM role open can be assumed by any AWS principal: its trust policy Statement[0] allows sts:AssumeRole.");
        out.assert_status("extid", Status::Fail);
        out.assert_status("org", Status::Pass);
        out.assert_status("named", Status::Pass);
        out.assert_status("svc", Status::Pass);
        out.assert_status("nodoc", Status::Error);
    }
}
