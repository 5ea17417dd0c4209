//! The account-level S3 Block Public Access settings are all on.

use splitline_plugin_sdk::kinds::aws::S3AccountPublicAccessBlock;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-S3-008",
        long_id: "aws-s3-account-public-access-block",
        title: "Account-level S3 Block Public Access has all four settings on",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[S3AccountPublicAccessBlock::KIND_NAME],
        risk: "Bucket-level blocks protect only the buckets that have them; the account-level block also covers every bucket created tomorrow, by any team or tool, and cannot be undone by a bucket owner. Without it one ACL or policy change can make a bucket public.",
        remediation: Remediation {
            text: "Turn on all four Block Public Access settings for the account. Serve intentionally public content through CloudFront with origin access control, which works with the block on.",
            cli: Some("aws s3control put-public-access-block --account-id ACCOUNT --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"),
            terraform: Some("resource \"aws_s3_account_public_access_block\" \"this\" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}"),
        },
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html"],
        compliance: &[compliance("cis-aws-3.0.0", "2.1.4"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, a) in e.each::<S3AccountPublicAccessBlock>() {
        let account = if a.account_id.is_empty() { r.account.clone() } else { a.account_id.clone() };
        let Some(c) = a.public_access_block_configuration else {
            e.fail(r, format!("Account {account} has no account-level S3 Block Public Access configuration."))
                .evidence("PublicAccessBlockConfiguration", "absent");
            continue;
        };
        let off: Vec<&str> = [
            ("BlockPublicAcls", c.block_public_acls),
            ("IgnorePublicAcls", c.ignore_public_acls),
            ("BlockPublicPolicy", c.block_public_policy),
            ("RestrictPublicBuckets", c.restrict_public_buckets),
        ]
        .iter()
        .filter(|(_, on)| !on)
        .map(|(name, _)| *name)
        .collect();
        if off.is_empty() {
            e.pass(r, format!("Account {account} blocks public access to S3 at account level.")).evidence("PublicAccessBlockConfiguration", "all four settings on");
        } else {
            e.fail(r, format!("Account {account} has account-level S3 Block Public Access settings off: {}.", off.join(", ")))
                .evidence("PublicAccessBlockConfiguration", off.join(", ") + " off");
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.s3.account-public-access-block";
    const ID: &str = "arn:aws:s3::111122223333:account-public-access-block";

    #[test]
    fn all_on_passes() {
        let all = json!({"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true});
        let out = Fixture::new("aws", "111122223333").resource(KIND, ID, json!({"AccountId": "111122223333", "PublicAccessBlockConfiguration": all})).run(&super::CHECK);
        out.assert_status(ID, Status::Pass);
    }

    #[test]
    fn partial_or_absent_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, ID, json!({"AccountId": "111122223333", "PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true}}))
            .run(&super::CHECK);
        let f = out.assert_status(ID, Status::Fail);
        assert_eq!(f.message, "Account 111122223333 has account-level S3 Block Public Access settings off: BlockPublicPolicy, RestrictPublicBuckets.");
        let out = Fixture::new("aws", "111122223333").resource(KIND, ID, json!({})).run(&super::CHECK);
        let f = out.assert_status(ID, Status::Fail);
        assert!(f.message.contains("has no account-level"), "{}", f.message);
    }
}
