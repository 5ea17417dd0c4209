//! Lambda functions keep no secrets in environment variables.

use splitline_plugin_sdk::kinds::aws::LambdaFunction;
use splitline_plugin_sdk::prelude::*;
use splitline_plugin_sdk::redact;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-LAMBDA-001",
        long_id: "aws-lambda-no-secrets-in-environment",
        title: "Lambda function keeps no secrets in environment variables",
        severity: Severity::High,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::Secrets,
        resource_kinds: &[LambdaFunction::KIND_NAME],
        risk: "Environment variables are returned in clear text to anyone with lambda:GetFunctionConfiguration (a read-only permission granted widely), appear in infrastructure code, state files and CI logs, and are not rotated: a secret there is shared with far more people and systems than intended.",
        remediation: Remediation {
            text: "Move the secret to AWS Secrets Manager or SSM Parameter Store (SecureString), give the execution role read access to that one secret, and read it at run time (the AWS Parameters and Secrets Lambda Extension caches it). Put only the secret's ARN or name in the environment, then rotate the exposed value.",
            cli: Some("aws secretsmanager create-secret --name FUNCTION/NAME --secret-string file://secret.txt && aws lambda update-function-configuration --function-name FUNCTION --environment \"Variables={NAME_SECRET_ARN=SECRET_ARN}\""),
            terraform: None,
        },
        references: &[
            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-encryption",
            "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-01"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

/// Values that point at a secret store rather than holding a secret.
fn is_reference(value: &str) -> bool {
    let v = value.trim();
    ["arn:aws:secretsmanager:", "arn:aws:ssm:", "arn:aws:kms:", "{{resolve:", "/aws/reference/secretsmanager/"].iter().any(|p| v.starts_with(p))
}

fn run(e: &mut Eval) {
    for (r, f) in e.each::<LambdaFunction>() {
        let vars = f.environment.as_ref().and_then(|env| env.variables.clone()).unwrap_or_default();
        let secrets: Vec<(&String, &String, &'static str)> = vars
            .iter()
            .filter(|(_, v)| !is_reference(v))
            .filter_map(|(k, v)| redact::classify(k, v).map(|what| (k, v, what)))
            .collect();
        if secrets.is_empty() {
            e.pass(r, format!("Lambda function {} has no secret-looking values among its {} environment variables.", f.function_name, vars.len()));
            continue;
        }
        let names: Vec<String> = secrets
            .iter()
            .map(|(k, v, what)| {
                // A redacted value says what it was; otherwise use the classification.
                let described = v.strip_prefix(redact::REDACTED).map(|d| d.trim().to_string()).unwrap_or_else(|| what.to_string());
                format!("{k} ({described})")
            })
            .collect();
        let finding = e.fail(r, format!("Lambda function {} has secrets in environment variables: {}.", f.function_name, names.join(", ")));
        for (k, v, _) in &secrets {
            finding.secret_evidence(format!("Environment.Variables.{k}"), v);
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
    fn redacted_values_are_reported_by_name_and_marker() {
        let out = Fixture::new("aws", "111122223333")
            .resource(
                FUNCTION,
                "fn-leaky",
                function("fn-leaky", json!({"Environment": {"Variables": {"LOG_LEVEL": "debug", "PARTNER_AWS_SECRET_ACCESS_KEY": "[redacted] an AWS secret access key, 40 characters"}}})),
            )
            .run(&super::CHECK);
        let f = out.assert_status("fn-leaky", Status::Fail);
        assert_eq!(f.message, "Lambda function fn-leaky has secrets in environment variables: PARTNER_AWS_SECRET_ACCESS_KEY (an AWS secret access key, 40 characters).");
        assert_eq!(f.evidence.len(), 1);
        assert_eq!(f.evidence[0].property, "Environment.Variables.PARTNER_AWS_SECRET_ACCESS_KEY");
        assert_eq!(f.evidence[0].value, "[redacted] an AWS secret access key, 40 characters");
    }

    #[test]
    fn unredacted_secrets_are_still_caught_and_never_echoed() {
        let out = Fixture::new("aws", "111122223333")
            .resource(FUNCTION, "fn-raw", function("fn-raw", json!({"Environment": {"Variables": {"DB_PASSWORD": "hunter2hunter2"}}})))
            .run(&super::CHECK);
        let f = out.assert_status("fn-raw", Status::Fail);
        assert!(!f.message.contains("hunter2") && !f.evidence[0].value.contains("hunter2"), "{f:?}");
    }

    #[test]
    fn references_plain_settings_and_no_environment_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource(
                FUNCTION,
                "fn-ref",
                function("fn-ref", json!({"Environment": {"Variables": {"DB_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", "TABLE": "orders"}}})),
            )
            .resource(FUNCTION, "fn-none", function("fn-none", json!({})))
            .resource(FUNCTION, "fn-odd", function("fn-odd", json!({"Environment": {"Variables": ["A=B"]}})))
            .run(&super::CHECK);
        let f = out.assert_status("fn-ref", Status::Pass);
        assert_eq!(f.message, "Lambda function fn-ref has no secret-looking values among its 2 environment variables.");
        out.assert_status("fn-none", Status::Pass);
        out.assert_status("fn-odd", Status::Error);
    }
}
