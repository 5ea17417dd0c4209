//! CloudTrail log files are encrypted with a KMS key.

use splitline_plugin_sdk::kinds::aws::CloudTrailTrail;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-CLOUDTRAIL-003",
        long_id: "aws-cloudtrail-kms-encryption",
        title: "CloudTrail trail encrypts log files with a KMS key (SSE-KMS)",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[CloudTrailTrail::KIND_NAME],
        risk: "With the default SSE-S3 anyone who can read the log bucket reads the audit trail, which reveals resource names, users and activity patterns; SSE-KMS adds a key policy as a second, separately audited gate.",
        remediation: Remediation {
            text: "Create a customer managed key whose policy lets CloudTrail encrypt and your security team decrypt, and configure the trail to use it.",
            cli: Some("aws cloudtrail update-trail --name TRAIL --kms-key-id KEY_ARN"),
            terraform: Some("resource \"aws_cloudtrail\" \"this\" {\n  # ...\n  kms_key_id = aws_kms_key.trail.arn\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "3.5"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, t) in e.each::<CloudTrailTrail>() {
        match t.kms_key_id.as_deref().filter(|k| !k.is_empty()) {
            Some(k) => {
                e.pass(r, format!("CloudTrail trail {} encrypts its log files with KMS key {k}.", t.name)).evidence("KmsKeyId", k);
            }
            None => {
                e.fail(r, format!("CloudTrail trail {} does not encrypt its log files with a KMS key.", t.name)).evidence("KmsKeyId", "absent (SSE-S3)");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::TRAIL;

    #[test]
    fn kms_key_decides() {
        let out = Fixture::new("aws", "111122223333")
            .resource(TRAIL, "kms", json!({"Name": "kms", "KmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1"}))
            .resource(TRAIL, "plain", json!({"Name": "plain"}))
            .run(&super::CHECK);
        out.assert_status("kms", Status::Pass);
        assert_eq!(out.assert_status("plain", Status::Fail).message, "CloudTrail trail plain does not encrypt its log files with a KMS key.");
    }
}
