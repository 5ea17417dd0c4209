//! S3 buckets encrypt new objects by default, preferably with KMS.

use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-S3-001",
        long_id: "aws-s3-bucket-default-encryption",
        title: "S3 bucket has default server-side encryption",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[kinds::aws::S3Bucket::KIND_NAME],
        risk: "Objects written without encryption at rest are readable by anyone who obtains the underlying storage or a copy of it, and fail most data-protection requirements.",
        remediation: Remediation {
            text: "Configure default encryption on the bucket, with SSE-KMS and a customer managed key where key control is required.",
            cli: Some("aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\"},\"BucketKeyEnabled\":true}]}'"),
            terraform: Some("resource \"aws_s3_bucket_server_side_encryption_configuration\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default { sse_algorithm = \"aws:kms\" }\n    bucket_key_enabled = true\n  }\n}"),
        },
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html"],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-01"), compliance("iso27001-2022", "A.8.24")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, b) in e.each::<kinds::aws::S3Bucket>() {
        let algorithm = b
            .server_side_encryption_configuration
            .as_ref()
            .and_then(|c| c.rules.iter().find_map(|rule| rule.apply_server_side_encryption_by_default.as_ref()))
            .map(|d| d.sse_algorithm.clone());
        match algorithm {
            Some(alg) if !alg.is_empty() => {
                e.pass(r, format!("S3 bucket {} encrypts new objects by default with {alg}.", b.name))
                    .evidence("ServerSideEncryptionConfiguration.Rules[].SSEAlgorithm", alg);
            }
            _ => {
                e.fail(r, format!("S3 bucket {} has no default server-side encryption configuration.", b.name))
                    .evidence("ServerSideEncryptionConfiguration", "absent");
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
    fn encrypted_passes_and_unencrypted_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource(
                "aws.s3.bucket",
                "arn:aws:s3:::enc",
                json!({"Name": "enc", "ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]}}),
            )
            .resource("aws.s3.bucket", "arn:aws:s3:::plain", json!({"Name": "plain"}))
            .resource("aws.s3.bucket", "arn:aws:s3:::empty-rules", json!({"Name": "empty-rules", "ServerSideEncryptionConfiguration": {"Rules": []}}))
            .run(&super::CHECK);
        out.assert_status("arn:aws:s3:::enc", Status::Pass);
        out.assert_status("arn:aws:s3:::plain", Status::Fail);
        out.assert_status("arn:aws:s3:::empty-rules", Status::Fail);
    }

    #[test]
    fn malformed_configuration_is_an_error_not_a_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource("aws.s3.bucket", "arn:aws:s3:::odd", json!({"Name": "odd", "ServerSideEncryptionConfiguration": "yes"}))
            .run(&super::CHECK);
        out.assert_status("arn:aws:s3:::odd", Status::Error);
    }
}
