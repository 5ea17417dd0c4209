//! S3 Block Public Access is on for every bucket, at bucket or account level.

use splitline_plugin_sdk::kinds::aws::{PublicAccessBlockConfiguration, S3AccountPublicAccessBlock, S3Bucket};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-S3-002",
        long_id: "aws-s3-bucket-public-access-block",
        title: "S3 bucket is covered by Block Public Access (bucket or account level)",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[S3Bucket::KIND_NAME, S3AccountPublicAccessBlock::KIND_NAME],
        risk: "Without all four Block Public Access settings, one ACL or bucket policy change is enough to expose the bucket's data to the internet.",
        remediation: Remediation {
            text: "Turn on all four Block Public Access settings for the account (preferred) or for the bucket.",
            cli: Some("aws s3control put-public-access-block --account-id ACCOUNT --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"),
            terraform: Some("resource \"aws_s3_account_public_access_block\" \"this\" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}"),
        },
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"],
        compliance: &[compliance("cis-aws-3.0.0", "2.1.4"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    let account_block = crate::s3::account_block(e);
    for (r, b) in e.each::<S3Bucket>() {
        let bucket_block = b.public_access_block_configuration.clone().unwrap_or_default();
        if account_block.all_blocked() {
            e.pass(r, format!("S3 bucket {} is covered by the account's Block Public Access settings.", b.name))
                .evidence("account PublicAccessBlockConfiguration", "all four settings on");
        } else if bucket_block.all_blocked() {
            e.pass(r, format!("S3 bucket {} has all four Block Public Access settings on.", b.name))
                .evidence("PublicAccessBlockConfiguration", "all four settings on");
        } else {
            let off = missing(&bucket_block, &account_block);
            e.fail(r, format!("S3 bucket {} is not fully covered by Block Public Access: {} off at both bucket and account level.", b.name, off.join(", ")))
                .evidence("PublicAccessBlockConfiguration", off.join(", ") + " off");
        }
    }
}

/// Settings that are off at both levels.
fn missing(bucket: &PublicAccessBlockConfiguration, account: &PublicAccessBlockConfiguration) -> Vec<&'static str> {
    let mut off = Vec::new();
    if !(bucket.block_public_acls || account.block_public_acls) {
        off.push("BlockPublicAcls");
    }
    if !(bucket.ignore_public_acls || account.ignore_public_acls) {
        off.push("IgnorePublicAcls");
    }
    if !(bucket.block_public_policy || account.block_public_policy) {
        off.push("BlockPublicPolicy");
    }
    if !(bucket.restrict_public_buckets || account.restrict_public_buckets) {
        off.push("RestrictPublicBuckets");
    }
    if off.is_empty() {
        // Each setting is on somewhere, but neither level has all four.
        off.push("a complete set at one level");
    }
    off
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const ALL_ON: &str = r#"{"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}"#;

    fn all_on() -> serde_json::Value {
        serde_json::from_str(ALL_ON).unwrap()
    }

    #[test]
    fn bucket_level_block_passes_partial_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource("aws.s3.bucket", "arn:aws:s3:::blocked", json!({"Name": "blocked", "PublicAccessBlockConfiguration": all_on()}))
            .resource("aws.s3.bucket", "arn:aws:s3:::partial", json!({"Name": "partial", "PublicAccessBlockConfiguration": {"BlockPublicAcls": true}}))
            .resource("aws.s3.bucket", "arn:aws:s3:::none", json!({"Name": "none"}))
            .run(&super::CHECK);
        out.assert_status("arn:aws:s3:::blocked", Status::Pass);
        let f = out.assert_status("arn:aws:s3:::partial", Status::Fail);
        assert!(f.message.contains("IgnorePublicAcls"), "{}", f.message);
        assert!(!f.message.contains("BlockPublicAcls,"), "{}", f.message);
        out.assert_status("arn:aws:s3:::none", Status::Fail);
    }

    #[test]
    fn account_level_block_covers_every_bucket() {
        let out = Fixture::new("aws", "111122223333")
            .resource("aws.s3.account-public-access-block", "arn:aws:s3:us-east-1:111122223333:account", json!({"AccountId": "111122223333", "PublicAccessBlockConfiguration": all_on()}))
            .resource("aws.s3.bucket", "arn:aws:s3:::none", json!({"Name": "none"}))
            .run(&super::CHECK);
        out.assert_status("arn:aws:s3:::none", Status::Pass);
    }
}
