//! Versioned S3 buckets require MFA to delete versions or change versioning.

use splitline_plugin_sdk::kinds::aws::S3Bucket;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-S3-009",
        long_id: "aws-s3-bucket-mfa-delete",
        title: "S3 bucket has MFA delete enabled",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[S3Bucket::KIND_NAME],
        risk: "Versioning protects against overwrites only as long as the versions survive: stolen credentials with s3:DeleteObjectVersion or s3:PutBucketVersioning can purge them. MFA delete requires the root user's MFA code for both. Rated low because it is operationally heavy and Object Lock is often the better tool.",
        remediation: Remediation {
            text: "As the root user with an MFA device, enable versioning with MFA delete on buckets holding critical data (or use S3 Object Lock in governance/compliance mode).",
            cli: Some("aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa \"arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device 123456\""),
            terraform: None,
        },
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html"],
        compliance: &[compliance("cis-aws-3.0.0", "2.1.2"), compliance("nist-csf-2.0", "PR.DS-11")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, b) in e.each::<S3Bucket>() {
        let mfa = b.versioning.as_ref().and_then(|v| v.mfa_delete.as_deref());
        if mfa == Some("Enabled") {
            e.pass(r, format!("S3 bucket {} has MFA delete enabled.", b.name)).evidence("Versioning.MFADelete", "Enabled");
        } else {
            e.fail(r, format!("S3 bucket {} does not require MFA to delete object versions.", b.name))
                .evidence("Versioning.MFADelete", mfa.unwrap_or("absent"));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    #[test]
    fn mfa_delete_enabled_passes_otherwise_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource("aws.s3.bucket", "arn:aws:s3:::mfa", json!({"Name": "mfa", "Versioning": {"Status": "Enabled", "MFADelete": "Enabled"}}))
            .resource("aws.s3.bucket", "arn:aws:s3:::off", json!({"Name": "off", "Versioning": {"Status": "Enabled", "MFADelete": "Disabled"}}))
            .resource("aws.s3.bucket", "arn:aws:s3:::bare", json!({"Name": "bare"}))
            .run(&super::CHECK);
        out.assert_status("arn:aws:s3:::mfa", Status::Pass);
        let f = out.assert_status("arn:aws:s3:::off", Status::Fail);
        assert_eq!(f.evidence[0].value, "Disabled");
        out.assert_status("arn:aws:s3:::bare", Status::Fail);
    }
}
