//! S3 bucket policies deny requests that do not use TLS.

use splitline_plugin_sdk::kinds::aws::S3Bucket;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-S3-004",
        long_id: "aws-s3-bucket-tls-only",
        title: "S3 bucket policy denies requests without TLS",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[S3Bucket::KIND_NAME],
        risk: "Without a deny on aws:SecureTransport=false, clients can read and write objects over plain HTTP, exposing data and credentials-signed requests to interception.",
        remediation: Remediation {
            text: "Add a bucket policy statement that denies s3:* when aws:SecureTransport is false.",
            cli: None,
            terraform: Some("statement {\n  effect    = \"Deny\"\n  actions   = [\"s3:*\"]\n  resources = [aws_s3_bucket.this.arn, \"${aws_s3_bucket.this.arn}/*\"]\n  principals { type = \"*\" identifiers = [\"*\"] }\n  condition {\n    test     = \"Bool\"\n    variable = \"aws:SecureTransport\"\n    values   = [\"false\"]\n  }\n}"),
        },
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html"],
        compliance: &[compliance("cis-aws-3.0.0", "2.1.1"), compliance("nist-csf-2.0", "PR.DS-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, b) in e.each::<S3Bucket>() {
        if denies_insecure_transport(b.policy.as_ref()) {
            e.pass(r, format!("S3 bucket {} denies requests that do not use TLS.", b.name))
                .evidence("Policy.Statement[].Condition.Bool.aws:SecureTransport", "false → Deny");
        } else {
            let why = if b.policy.is_none() { "has no bucket policy" } else { "has no policy statement denying aws:SecureTransport=false" };
            e.fail(r, format!("S3 bucket {} {why}, so it accepts plain HTTP requests.", b.name))
                .evidence("Policy", if b.policy.is_none() { "absent" } else { "no SecureTransport deny" });
        }
    }
}

fn denies_insecure_transport(policy: Option<&serde_json::Value>) -> bool {
    crate::s3::statements(policy).iter().any(|s| {
        s.get("Effect").and_then(|v| v.as_str()) == Some("Deny")
            && s.get("Condition")
                .and_then(|c| c.get("Bool"))
                .and_then(|b| b.get("aws:SecureTransport"))
                .is_some_and(|v| v == "false" || v == &serde_json::Value::Bool(false))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    #[test]
    fn secure_transport_deny_passes() {
        let out = Fixture::new("aws", "111122223333")
            .resource(
                "aws.s3.bucket",
                "arn:aws:s3:::tls",
                json!({"Name": "tls", "Policy": {"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}}),
            )
            .resource("aws.s3.bucket", "arn:aws:s3:::nopolicy", json!({"Name": "nopolicy"}))
            .resource(
                "aws.s3.bucket",
                "arn:aws:s3:::allowonly",
                json!({"Name": "allowonly", "Policy": {"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:*"}}}),
            )
            .run(&super::CHECK);
        out.assert_status("arn:aws:s3:::tls", Status::Pass);
        out.assert_status("arn:aws:s3:::nopolicy", Status::Fail);
        out.assert_status("arn:aws:s3:::allowonly", Status::Fail);
    }
}
