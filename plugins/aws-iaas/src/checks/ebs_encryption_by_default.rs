//! EBS encryption by default is on in every collected region.

use splitline_plugin_sdk::kinds::aws::EbsEncryptionByDefault;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EBS-004",
        long_id: "aws-ebs-encryption-by-default",
        title: "EBS encryption by default is enabled in the region",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[EbsEncryptionByDefault::KIND_NAME],
        risk: "Without encryption by default, every launch template, script or console click that forgets the encryption flag creates an unencrypted volume, and unencrypted volumes cannot be encrypted in place later.",
        remediation: Remediation {
            text: "Turn on EBS encryption by default in every region you use (it is a per-region setting), optionally with a customer managed default key.",
            cli: Some("aws ec2 enable-ebs-encryption-by-default --region REGION"),
            terraform: Some("resource \"aws_ebs_encryption_by_default\" \"this\" {\n  enabled = true\n}"),
        },
        references: &["https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html"],
        compliance: &[compliance("cis-aws-3.0.0", "2.2.1"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<EbsEncryptionByDefault>() {
        if s.ebs_encryption_by_default == Some(true) {
            let f = e.pass(r, format!("EBS encryption by default is enabled in {}.", r.region));
            f.evidence("EbsEncryptionByDefault", true);
            if let Some(k) = s.kms_key_id.as_deref() {
                f.evidence("KmsKeyId", k);
            }
        } else {
            e.fail(r, format!("EBS encryption by default is disabled in {}.", r.region)).evidence("EbsEncryptionByDefault", false);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.ec2.ebs-encryption-by-default";

    #[test]
    fn per_region_setting() {
        let id = |r: &str| format!("arn:aws:ec2:{r}:111122223333:ebs-encryption-by-default");
        let out = Fixture::new("aws", "111122223333")
            .resource_in("us-east-1", KIND, &id("us-east-1"), json!({"EbsEncryptionByDefault": true, "KmsKeyId": "alias/aws/ebs"}), &[])
            .resource_in("eu-west-1", KIND, &id("eu-west-1"), json!({"EbsEncryptionByDefault": false}), &[])
            .resource_in("ap-south-1", KIND, &id("ap-south-1"), json!({}), &[])
            .resource_in("sa-east-1", KIND, &id("sa-east-1"), json!({"EbsEncryptionByDefault": "yes"}), &[])
            .run(&super::CHECK);
        out.assert_status(&id("us-east-1"), Status::Pass);
        let f = out.assert_status(&id("eu-west-1"), Status::Fail);
        assert_eq!(f.message, "EBS encryption by default is disabled in eu-west-1.");
        out.assert_status(&id("ap-south-1"), Status::Fail);
        out.assert_status(&id("sa-east-1"), Status::Error);
    }
}
