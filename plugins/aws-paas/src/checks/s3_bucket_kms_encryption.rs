//! S3 buckets encrypt by default with KMS keys (SSE-KMS or DSSE-KMS).

use splitline_plugin_sdk::kinds::aws::S3Bucket;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-S3-007",
        long_id: "aws-s3-bucket-kms-encryption",
        title: "S3 bucket default encryption uses AWS KMS (SSE-KMS or DSSE-KMS)",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[S3Bucket::KIND_NAME],
        risk: "With SSE-S3 anyone allowed s3:GetObject reads the data; with SSE-KMS reading also needs kms:Decrypt on the key, a second control you can revoke, and every decryption is logged in CloudTrail. Rated low because SSE-S3 still encrypts at rest.",
        remediation: Remediation {
            text: "Set the bucket's default encryption to aws:kms with a customer managed key whose policy lists the principals that may decrypt, and enable the S3 Bucket Key to keep KMS request costs down.",
            cli: Some("aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":\"KEY_ARN\"},\"BucketKeyEnabled\":true}]}'"),
            terraform: Some("resource \"aws_s3_bucket_server_side_encryption_configuration\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = \"aws:kms\"\n      kms_master_key_id = aws_kms_key.s3.arn\n    }\n    bucket_key_enabled = true\n  }\n}"),
        },
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html"],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, b) in e.each::<S3Bucket>() {
        let default = b
            .server_side_encryption_configuration
            .as_ref()
            .and_then(|c| c.rules.iter().find_map(|rule| rule.apply_server_side_encryption_by_default.clone()));
        match default {
            Some(d) if d.sse_algorithm.starts_with("aws:kms") => {
                let key = d.kms_master_key_id.as_deref().unwrap_or("the AWS managed key aws/s3");
                e.pass(r, format!("S3 bucket {} encrypts by default with {} using {key}.", b.name, d.sse_algorithm))
                    .evidence("SSEAlgorithm", &d.sse_algorithm)
                    .evidence("KMSMasterKeyID", key);
            }
            Some(d) if !d.sse_algorithm.is_empty() => {
                e.fail(r, format!("S3 bucket {} encrypts by default with {} (S3 managed keys), not AWS KMS.", b.name, d.sse_algorithm))
                    .evidence("SSEAlgorithm", &d.sse_algorithm);
            }
            _ => {
                e.fail(r, format!("S3 bucket {} has no default encryption configuration naming a KMS key.", b.name))
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

    fn enc(alg: &str) -> serde_json::Value {
        json!({"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": alg}}]})
    }

    #[test]
    fn kms_passes_sse_s3_and_none_fail() {
        let out = Fixture::new("aws", "111122223333")
            .resource("aws.s3.bucket", "arn:aws:s3:::kms", json!({"Name": "kms", "ServerSideEncryptionConfiguration": enc("aws:kms")}))
            .resource("aws.s3.bucket", "arn:aws:s3:::dsse", json!({"Name": "dsse", "ServerSideEncryptionConfiguration": enc("aws:kms:dsse")}))
            .resource("aws.s3.bucket", "arn:aws:s3:::s3", json!({"Name": "s3", "ServerSideEncryptionConfiguration": enc("AES256")}))
            .resource("aws.s3.bucket", "arn:aws:s3:::none", json!({"Name": "none"}))
            .run(&super::CHECK);
        let f = out.assert_status("arn:aws:s3:::kms", Status::Pass);
        assert!(f.message.contains("AWS managed key aws/s3"), "{}", f.message);
        out.assert_status("arn:aws:s3:::dsse", Status::Pass);
        let f = out.assert_status("arn:aws:s3:::s3", Status::Fail);
        assert!(f.message.contains("AES256"), "{}", f.message);
        out.assert_status("arn:aws:s3:::none", Status::Fail);
    }
}
