//! EBS volumes are encrypted at rest.

use splitline_plugin_sdk::kinds::aws::Ec2Volume;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EBS-001",
        long_id: "aws-ebs-volume-encrypted",
        title: "EBS volume is encrypted at rest",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[Ec2Volume::KIND_NAME],
        risk: "An unencrypted volume's snapshots are unencrypted too and can be shared or made public with one API call; its data is also outside KMS access control and audit. Encrypted volumes bind every copy to a KMS key whose policy decides who can read it.",
        remediation: Remediation {
            text: "EBS volumes cannot be encrypted in place: snapshot the volume, copy the snapshot with encryption on, create a volume from the copy and swap it in. Turn on EBS encryption by default in every region (AWS-EBS-004) so new volumes are encrypted.",
            cli: Some("aws ec2 copy-snapshot --source-region REGION --source-snapshot-id SNAPSHOT_ID --encrypted --kms-key-id alias/aws/ebs"),
            terraform: Some("resource \"aws_ebs_volume\" \"this\" {\n  # ...\n  encrypted = true\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-3",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, v) in e.each::<Ec2Volume>() {
        let attached: Vec<&str> = v.attachments.iter().filter_map(|a| a.instance_id.as_deref()).collect();
        let on = if attached.is_empty() { String::new() } else { format!(" (attached to {})", attached.join(", ")) };
        match v.encrypted {
            Some(true) => {
                let f = e.pass(r, format!("EBS volume {}{on} is encrypted.", v.volume_id));
                f.evidence("Encrypted", true);
                if let Some(k) = v.kms_key_id.as_deref() {
                    f.evidence("KmsKeyId", k);
                }
            }
            Some(false) => {
                e.fail(r, format!("EBS volume {}{on} is not encrypted.", v.volume_id)).evidence("Encrypted", false);
            }
            None => {
                e.error(r, format!("EBS volume {} has no Encrypted field in its configuration.", v.volume_id));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.ec2.volume";

    #[test]
    fn encrypted_passes_plain_fails_unknown_errors() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "vol-enc", json!({"VolumeId": "vol-enc", "Encrypted": true, "KmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1"}))
            .resource(KIND, "vol-plain", json!({"VolumeId": "vol-plain", "Encrypted": false, "Attachments": [{"InstanceId": "i-1", "Device": "/dev/xvda"}]}))
            .resource(KIND, "vol-unknown", json!({"VolumeId": "vol-unknown"}))
            .run(&super::CHECK);
        out.assert_status("vol-enc", Status::Pass);
        let f = out.assert_status("vol-plain", Status::Fail);
        assert_eq!(f.message, "EBS volume vol-plain (attached to i-1) is not encrypted.");
        out.assert_status("vol-unknown", Status::Error);
    }
}
