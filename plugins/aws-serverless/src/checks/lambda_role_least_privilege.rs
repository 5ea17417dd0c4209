//! Lambda execution roles grant no wildcard permissions.

use splitline_plugin_sdk::kinds::aws::{IamPolicy, IamRole, LambdaFunction};
use splitline_plugin_sdk::prelude::*;

use crate::iam;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-LAMBDA-005",
        long_id: "aws-lambda-role-least-privilege",
        title: "Lambda execution role grants no wildcard actions (*, service:* on *, NotAction, administrator policies)",
        severity: Severity::High,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[LambdaFunction::KIND_NAME, IamRole::KIND_NAME, IamPolicy::KIND_NAME],
        risk: "Function code is the most exposed part of a serverless application: an injection, a vulnerable dependency or a poisoned event hands the attacker the execution role's credentials. With wildcard permissions that is the whole account (or a whole service) instead of the one table or queue the function needs.",
        remediation: Remediation {
            text: "Give each function its own role with only the actions and resources it uses (IAM Access Analyzer can generate a policy from CloudTrail activity), and detach AdministratorAccess, PowerUserAccess and IAMFullAccess from execution roles.",
            cli: Some("aws iam detach-role-policy --role-name ROLE --policy-arn arn:aws:iam::aws:policy/AdministratorAccess"),
            terraform: None,
        },
        references: &[
            "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    let inventory = e.inventory();
    for (r, f) in e.each::<LambdaFunction>() {
        let name = &f.function_name;
        let Some(role_arn) = f.role.as_deref() else {
            e.error(r, format!("Lambda function {name} has no Role in its configuration."));
            continue;
        };
        let Some((_, role)) = inventory.find::<IamRole>(|_, role| role.arn == role_arn) else {
            e.error(r, format!("Lambda function {name} uses role {role_arn}, which is not in the inventory, so its permissions could not be checked."));
            continue;
        };
        let grants = iam::role_wildcard_grants(&role, inventory);
        if grants.is_empty() {
            e.pass(r, format!("Lambda function {name} runs as role {} whose policies grant no wildcard actions.", role.role_name))
                .evidence("Role", role_arn);
        } else {
            let finding = e.fail(
                r,
                format!("Lambda function {name} runs as role {} whose policies grant wildcard permissions: {}.", role.role_name, grants.iter().map(|g| g.what.as_str()).collect::<Vec<_>>().join("; ")),
            );
            finding.evidence("Role", role_arn);
            for g in &grants {
                finding.evidence(&g.location, &g.what);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{FUNCTION, POLICY, ROLE, function};

    fn role(name: &str, attached: serde_json::Value, inline: serde_json::Value) -> serde_json::Value {
        json!({"RoleName": name, "Arn": format!("arn:aws:iam::111122223333:role/{name}"), "AttachedPolicies": attached, "RolePolicyList": inline})
    }

    fn fixture() -> Fixture {
        let basic = json!([{"PolicyName": "AWSLambdaBasicExecutionRole", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"}]);
        Fixture::new("aws", "111122223333")
            .resource(ROLE, "arn:aws:iam::111122223333:role/fn-admin-role", role("fn-admin-role", json!([{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]), json!([])))
            .resource(
                ROLE,
                "arn:aws:iam::111122223333:role/fn-inline-role",
                role("fn-inline-role", basic.clone(), json!([{"PolicyName": "data", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]}}])),
            )
            .resource(ROLE, "arn:aws:iam::111122223333:role/fn-custom-role", role("fn-custom-role", json!([{"PolicyName": "everything", "PolicyArn": "arn:aws:iam::111122223333:policy/everything"}]), json!([])))
            .resource(
                POLICY,
                "arn:aws:iam::111122223333:policy/everything",
                json!({"PolicyName": "everything", "Arn": "arn:aws:iam::111122223333:policy/everything", "PolicyVersion": {"Document": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}}}),
            )
            .resource(
                ROLE,
                "arn:aws:iam::111122223333:role/fn-tight-role",
                role("fn-tight-role", basic, json!([{"PolicyName": "orders", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": "arn:aws:dynamodb:us-east-1:111122223333:table/orders"}]}}])),
            )
    }

    #[test]
    fn wildcard_roles_fail_from_every_policy_source() {
        let out = fixture()
            .resource(FUNCTION, "fn-admin", function("fn-admin", json!({})))
            .resource(FUNCTION, "fn-inline", function("fn-inline", json!({})))
            .resource(FUNCTION, "fn-custom", function("fn-custom", json!({})))
            .run(&super::CHECK);
        let f = out.assert_status("fn-admin", Status::Fail);
        assert_eq!(f.message, "Lambda function fn-admin runs as role fn-admin-role whose policies grant wildcard permissions: every action on every resource.");
        let f = out.assert_status("fn-inline", Status::Fail);
        assert!(f.message.ends_with("Action=dynamodb:* on Resource=*."), "{}", f.message);
        assert!(f.evidence.iter().any(|ev| ev.property == "RolePolicyList[data].Statement[0]"));
        out.assert_status("fn-custom", Status::Fail);
    }

    #[test]
    fn tight_role_passes_missing_role_errors() {
        let out = fixture()
            .resource(FUNCTION, "fn-tight", function("fn-tight", json!({})))
            .resource(FUNCTION, "fn-ghost", function("fn-ghost", json!({})))
            .run(&super::CHECK);
        out.assert_status("fn-tight", Status::Pass);
        let f = out.assert_status("fn-ghost", Status::Error);
        assert!(f.message.contains("not in the inventory"), "{}", f.message);
    }
}
