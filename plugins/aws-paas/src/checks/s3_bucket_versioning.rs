//! S3 buckets keep object versions.

use splitline_plugin_sdk::kinds::aws::S3Bucket;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-S3-006",
        long_id: "aws-s3-bucket-versioning",
        title: "S3 bucket has versioning enabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[S3Bucket::KIND_NAME],
        risk: "Without versioning an overwrite or delete is final: ransomware that re-encrypts objects, a compromised key that deletes them or a faulty deployment leaves nothing to restore from.",
        remediation: Remediation {
            text: "Enable versioning and add a lifecycle rule that expires noncurrent versions after a retention period, so old versions do not accumulate forever. Consider MFA delete or Object Lock for critical data.",
            cli: Some("aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled"),
            terraform: Some("resource \"aws_s3_bucket_versioning\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}"),
        },
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-11")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, b) in e.each::<S3Bucket>() {
        match b.versioning.as_ref().and_then(|v| v.status.as_deref()) {
            Some("Enabled") => {
                e.pass(r, format!("S3 bucket {} has versioning enabled.", b.name)).evidence("Versioning.Status", "Enabled");
            }
            Some(status) => {
                e.fail(r, format!("S3 bucket {} has versioning {}.", b.name, status.to_ascii_lowercase()))
                    .evidence("Versioning.Status", status);
            }
            None => {
                e.fail(r, format!("S3 bucket {} has never had versioning enabled.", b.name)).evidence("Versioning.Status", "absent");
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
    fn enabled_passes_suspended_or_never_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource("aws.s3.bucket", "arn:aws:s3:::on", json!({"Name": "on", "Versioning": {"Status": "Enabled"}}))
            .resource("aws.s3.bucket", "arn:aws:s3:::paused", json!({"Name": "paused", "Versioning": {"Status": "Suspended"}}))
            .resource("aws.s3.bucket", "arn:aws:s3:::never", json!({"Name": "never", "Versioning": {}}))
            .resource("aws.s3.bucket", "arn:aws:s3:::bare", json!({"Name": "bare"}))
            .run(&super::CHECK);
        out.assert_status("arn:aws:s3:::on", Status::Pass);
        let f = out.assert_status("arn:aws:s3:::paused", Status::Fail);
        assert_eq!(f.message, "S3 bucket paused has versioning suspended.");
        out.assert_status("arn:aws:s3:::never", Status::Fail);
        out.assert_status("arn:aws:s3:::bare", Status::Fail);
    }
}
