//! S3 buckets write server access logs.

use splitline_plugin_sdk::kinds::aws::S3Bucket;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-S3-005",
        long_id: "aws-s3-bucket-access-logging",
        title: "S3 bucket has server access logging enabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[S3Bucket::KIND_NAME],
        risk: "Without access logs there is no record of who read or changed objects, so a data exfiltration cannot be scoped or even detected.",
        remediation: Remediation {
            text: "Enable server access logging to a dedicated log bucket (or CloudTrail S3 data events).",
            cli: Some("aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"LOG-BUCKET\",\"TargetPrefix\":\"BUCKET/\"}}'"),
            terraform: Some("resource \"aws_s3_bucket_logging\" \"this\" {\n  bucket        = aws_s3_bucket.this.id\n  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = \"log/\"\n}"),
        },
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html"],
        compliance: &[compliance("nist-csf-2.0", "DE.CM-09"), compliance("iso27001-2022", "A.8.15")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, b) in e.each::<S3Bucket>() {
        match b.logging.as_ref().and_then(|l| l.logging_enabled.as_ref()) {
            Some(l) if !l.target_bucket.is_empty() => {
                e.pass(r, format!("S3 bucket {} logs access to bucket {}.", b.name, l.target_bucket))
                    .evidence("Logging.LoggingEnabled.TargetBucket", &l.target_bucket);
            }
            _ => {
                e.fail(r, format!("S3 bucket {} has server access logging disabled.", b.name))
                    .evidence("Logging.LoggingEnabled", "absent");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    #[test]
    fn logging_target_passes() {
        let out = Fixture::new("aws", "111122223333")
            .resource("aws.s3.bucket", "arn:aws:s3:::logged", json!({"Name": "logged", "Logging": {"LoggingEnabled": {"TargetBucket": "logs"}}}))
            .resource("aws.s3.bucket", "arn:aws:s3:::silent", json!({"Name": "silent", "Logging": {}}))
            .run(&super::CHECK);
        out.assert_status("arn:aws:s3:::logged", Status::Pass);
        out.assert_status("arn:aws:s3:::silent", Status::Fail);
    }
}
