//! Roles trusting an OIDC provider restrict which identities may assume them.

use splitline_plugin_sdk::kinds::aws::{IamRole, policy};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-012",
        long_id: "aws-iam-role-web-identity-scoped",
        title: "IAM role trusting a web identity (OIDC) provider conditions on the token subject",
        severity: Severity::High,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[IamRole::KIND_NAME],
        risk: "A role that trusts an OIDC provider such as token.actions.githubusercontent.com without a condition on the token's `sub` claim can be assumed by every workload that provider issues tokens to, for example any GitHub repository in the world, not just yours.",
        remediation: Remediation {
            text: "Add a StringEquals/StringLike condition on PROVIDER:sub naming your repositories, branches or service accounts (and PROVIDER:aud for the audience); for Cognito identity pools, condition on cognito-identity.amazonaws.com:aud.",
            cli: Some("aws iam update-assume-role-policy --role-name ROLE --policy-document file://trust.json"),
            terraform: Some("data \"aws_iam_policy_document\" \"trust\" {\n  statement {\n    actions = [\"sts:AssumeRoleWithWebIdentity\"]\n    principals {\n      type        = \"Federated\"\n      identifiers = [aws_iam_openid_connect_provider.github.arn]\n    }\n    condition {\n      test     = \"StringLike\"\n      variable = \"token.actions.githubusercontent.com:sub\"\n      values   = [\"repo:acme/app:ref:refs/heads/main\"]\n    }\n  }\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
            "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

/// The provider host of a `Federated` principal (an OIDC provider ARN or a bare host).
fn provider_host(federated: &str) -> &str {
    federated.rsplit_once(":oidc-provider/").map_or(federated, |(_, host)| host)
}

fn run(e: &mut Eval) {
    for (r, role) in e.each::<IamRole>() {
        let Some(doc) = role.assume_role_policy_document.as_ref() else {
            e.error(r, format!("IAM role {} has no AssumeRolePolicyDocument in its configuration.", role.role_name));
            continue;
        };
        let mut federated = 0;
        let mut unscoped = Vec::new();
        for s in policy::statements(Some(doc)) {
            let web = policy::strings(s.get("Action")).iter().any(|a| *a == "sts:AssumeRoleWithWebIdentity" || *a == "sts:*");
            let providers = policy::strings(s.get("Principal").and_then(|p| p.get("Federated")));
            if !policy::is_allow(s) || !web || providers.is_empty() {
                continue;
            }
            let keys = policy::condition_keys(s);
            for p in providers {
                federated += 1;
                let host = provider_host(p).to_ascii_lowercase();
                let claim = if host == "cognito-identity.amazonaws.com" { "aud" } else { "sub" };
                if !keys.contains(&format!("{host}:{claim}")) {
                    unscoped.push(format!("{host} (no {host}:{claim} condition)"));
                }
            }
        }
        if federated == 0 {
            e.not_applicable(r, format!("IAM role {} does not trust a web identity provider.", role.role_name));
        } else if unscoped.is_empty() {
            e.pass(r, format!("IAM role {} restricts the web identities that may assume it.", role.role_name));
        } else {
            let f = e.fail(r, format!("IAM role {} can be assumed by any identity of {}.", role.role_name, unscoped.join(", ")));
            f.evidence("AssumeRolePolicyDocument.Statement[].Condition", "no subject condition");
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{ROLE, role};

    const GH: &str = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";

    #[test]
    fn github_trust_needs_a_sub_condition() {
        let stmt = |cond: serde_json::Value| json!([{"Effect": "Allow", "Principal": {"Federated": GH}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": cond}]);
        let out = Fixture::new("aws", "111122223333")
            .resource(ROLE, "aud-only", role("aud-only", stmt(json!({"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}))))
            .resource(
                ROLE,
                "scoped",
                role("scoped", stmt(json!({"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:*"}}))),
            )
            .resource(
                ROLE,
                "cognito",
                role("cognito", json!([{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:pool"}}}])),
            )
            .resource(ROLE, "plain", role("plain", json!([{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}])))
            .run(&super::CHECK);
        let f = out.assert_status("aud-only", Status::Fail);
        assert_eq!(f.message, "IAM role aud-only can be assumed by any identity of token.actions.githubusercontent.com (no token.actions.githubusercontent.com:sub condition).");
        out.assert_status("scoped", Status::Pass);
        out.assert_status("cognito", Status::Pass);
        out.assert_status("plain", Status::NotApplicable);
    }
}
