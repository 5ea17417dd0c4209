//! Lambda resource policies do not let anyone invoke or change the function.

use splitline_plugin_sdk::kinds::aws::{LambdaFunction, policy};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-LAMBDA-002",
        long_id: "aws-lambda-policy-not-public",
        title: "Lambda function resource policy grants nothing to Principal * without a source or organization condition",
        severity: Severity::High,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[LambdaFunction::KIND_NAME],
        risk: "A statement that allows Principal \"*\" without aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID lets any AWS account (or, with a public URL, anyone) invoke the function: attackers run its code with its role's permissions, feed it crafted events and run up the bill. Service principals without aws:SourceArn are the confused-deputy variant of the same problem.",
        remediation: Remediation {
            text: "Remove the statement, or name the calling account or service and add aws:SourceArn / aws:SourceAccount (for services) or aws:PrincipalOrgID (for your organization).",
            cli: Some("aws lambda remove-permission --function-name FUNCTION --statement-id STATEMENT_ID"),
            terraform: Some("resource \"aws_lambda_permission\" \"s3\" {\n  statement_id   = \"AllowS3\"\n  action         = \"lambda:InvokeFunction\"\n  function_name  = aws_lambda_function.this.function_name\n  principal      = \"s3.amazonaws.com\"\n  source_arn     = aws_s3_bucket.in.arn\n  source_account = data.aws_caller_identity.current.account_id\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, f) in e.each::<LambdaFunction>() {
        let public: Vec<String> = policy::statements(f.policy.as_ref())
            .into_iter()
            .enumerate()
            .filter(|(_, s)| policy::is_allow(s) && policy::principal_is_everyone(s) && !policy::has_scoping_condition(s))
            .map(|(i, s)| {
                let sid = s.get("Sid").and_then(|v| v.as_str()).map(|x| format!(" ({x})")).unwrap_or_default();
                let actions = policy::strings(s.get("Action")).join(", ");
                format!("Statement[{i}]{sid} allows {actions}")
            })
            .collect();
        if f.policy.is_none() {
            e.pass(r, format!("Lambda function {} has no resource-based policy.", f.function_name)).evidence("Policy", "absent");
        } else if public.is_empty() {
            e.pass(r, format!("Lambda function {} grants nothing to an unconditioned wildcard principal.", f.function_name));
        } else {
            let finding = e.fail(r, format!("Lambda function {} can be called by anyone: its resource policy {}.", f.function_name, public.join("; ")));
            for p in &public {
                finding.evidence("Policy.Statement", p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{FUNCTION, function};

    fn with_statement(name: &str, stmt: serde_json::Value) -> serde_json::Value {
        function(name, json!({"Policy": {"Version": "2012-10-17", "Statement": [stmt]}}))
    }

    #[test]
    fn wildcard_without_condition_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource(FUNCTION, "fn-star", with_statement("fn-star", json!({"Sid": "open", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Resource": "*"})))
            .resource(
                FUNCTION,
                "fn-url",
                with_statement("fn-url", json!({"Sid": "FunctionURLAllowPublicAccess", "Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunctionUrl", "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}})),
            )
            .resource(FUNCTION, "fn-aws-star", with_statement("fn-aws-star", json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "lambda:*"})))
            .run(&super::CHECK);
        let f = out.assert_status("fn-star", Status::Fail);
        assert_eq!(f.message, "Lambda function fn-star can be called by anyone: its resource policy Statement[0] (open) allows lambda:InvokeFunction.");
        out.assert_status("fn-url", Status::Fail);
        out.assert_status("fn-aws-star", Status::Fail);
    }

    #[test]
    fn scoped_named_or_absent_policies_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource(
                FUNCTION,
                "fn-s3",
                with_statement("fn-s3", json!({"Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Condition": {"ArnLike": {"AWS:SourceArn": "arn:aws:s3:::in"}}})),
            )
            .resource(
                FUNCTION,
                "fn-org",
                with_statement("fn-org", json!({"Effect": "Allow", "Principal": "*", "Action": "lambda:InvokeFunction", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}})),
            )
            .resource(FUNCTION, "fn-svc", with_statement("fn-svc", json!({"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "lambda:InvokeFunction"})))
            .resource(FUNCTION, "fn-none", function("fn-none", json!({})))
            .run(&super::CHECK);
        out.assert_status("fn-s3", Status::Pass);
        out.assert_status("fn-org", Status::Pass);
        out.assert_status("fn-svc", Status::Pass);
        out.assert_status("fn-none", Status::Pass);
    }
}
