//! Lambda function URLs require IAM authentication.

use splitline_plugin_sdk::kinds::aws::LambdaFunction;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-LAMBDA-003",
        long_id: "aws-lambda-url-requires-auth",
        title: "Lambda function URL requires IAM authentication (AuthType AWS_IAM)",
        severity: Severity::High,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::ApplicationCode,
        resource_kinds: &[LambdaFunction::KIND_NAME],
        risk: "A function URL with AuthType NONE is an HTTPS endpoint anyone on the internet can call: unless the code itself authenticates every request correctly, it exposes the function's logic and its role's permissions, with no WAF, throttling or API keys in front.",
        remediation: Remediation {
            text: "Set the URL's auth type to AWS_IAM and sign requests with SigV4 (or put CloudFront with origin access control in front), or remove the URL and publish the function through API Gateway with an authorizer. If public access is intended, document it and make sure the code authenticates callers.",
            cli: Some("aws lambda update-function-url-config --function-name FUNCTION --auth-type AWS_IAM"),
            terraform: Some("resource \"aws_lambda_function_url\" \"this\" {\n  function_name      = aws_lambda_function.this.function_name\n  authorization_type = \"AWS_IAM\"\n}"),
        },
        references: &["https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-03")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, f) in e.each::<LambdaFunction>() {
        let Some(url) = f.function_url_config.as_ref() else {
            e.not_applicable(r, format!("Lambda function {} has no function URL.", f.function_name));
            continue;
        };
        let address = url.function_url.as_deref().unwrap_or("(URL not returned)");
        match url.auth_type.as_deref() {
            Some("AWS_IAM") => {
                e.pass(r, format!("Lambda function {} has a function URL that requires IAM authentication.", f.function_name))
                    .evidence("FunctionUrlConfig.AuthType", "AWS_IAM");
            }
            Some("NONE") => {
                e.fail(r, format!("Lambda function {} has a function URL anyone can call without authentication: {address}.", f.function_name))
                    .evidence("FunctionUrlConfig.AuthType", "NONE")
                    .evidence("FunctionUrlConfig.FunctionUrl", address);
            }
            other => {
                e.error(r, format!("Lambda function {} has a function URL with an unrecognised AuthType {}.", f.function_name, other.unwrap_or("(absent)")));
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

    #[test]
    fn none_fails_iam_passes_no_url_does_not_apply() {
        let url = "https://abc123.lambda-url.us-east-1.on.aws/";
        let out = Fixture::new("aws", "111122223333")
            .resource(FUNCTION, "fn-open", function("fn-open", json!({"FunctionUrlConfig": {"FunctionUrl": url, "AuthType": "NONE"}})))
            .resource(FUNCTION, "fn-iam", function("fn-iam", json!({"FunctionUrlConfig": {"FunctionUrl": url, "AuthType": "AWS_IAM"}})))
            .resource(FUNCTION, "fn-none", function("fn-none", json!({})))
            .resource(FUNCTION, "fn-odd", function("fn-odd", json!({"FunctionUrlConfig": {"FunctionUrl": url}})))
            .run(&super::CHECK);
        let f = out.assert_status("fn-open", Status::Fail);
        assert_eq!(f.message, format!("Lambda function fn-open has a function URL anyone can call without authentication: {url}."));
        out.assert_status("fn-iam", Status::Pass);
        out.assert_status("fn-none", Status::NotApplicable);
        out.assert_status("fn-odd", Status::Error);
    }
}
