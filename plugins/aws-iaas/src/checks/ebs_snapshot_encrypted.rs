//! EBS snapshots owned by the account are encrypted.

use splitline_plugin_sdk::kinds::aws::Ec2Snapshot;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EBS-002",
        long_id: "aws-ebs-snapshot-encrypted",
        title: "EBS snapshot is encrypted",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[Ec2Snapshot::KIND_NAME],
        risk: "An unencrypted snapshot is a full copy of a disk that can be shared with any account, or with everyone, without any key policy standing in the way; whoever receives it reads the data directly.",
        remediation: Remediation {
            text: "Copy the snapshot with encryption on (choose a customer managed key if it must be shared), then delete the unencrypted original. Encryption by default (AWS-EBS-004) keeps new snapshots encrypted.",
            cli: Some("aws ec2 copy-snapshot --source-region REGION --source-snapshot-id SNAPSHOT_ID --encrypted && aws ec2 delete-snapshot --snapshot-id SNAPSHOT_ID"),
            terraform: None,
        },
        references: &["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<Ec2Snapshot>() {
        let from = s.volume_id.as_deref().map(|v| format!(" (of {v})")).unwrap_or_default();
        match s.encrypted {
            Some(true) => {
                e.pass(r, format!("EBS snapshot {}{from} is encrypted.", s.snapshot_id)).evidence("Encrypted", true);
            }
            Some(false) => {
                e.fail(r, format!("EBS snapshot {}{from} is not encrypted.", s.snapshot_id)).evidence("Encrypted", false);
            }
            None => {
                e.error(r, format!("EBS snapshot {} has no Encrypted field in its configuration.", s.snapshot_id));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.ec2.snapshot";

    #[test]
    fn encrypted_passes_plain_fails_unknown_errors() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "snap-enc", json!({"SnapshotId": "snap-enc", "Encrypted": true}))
            .resource(KIND, "snap-plain", json!({"SnapshotId": "snap-plain", "VolumeId": "vol-1", "Encrypted": false}))
            .resource(KIND, "snap-unknown", json!({"SnapshotId": "snap-unknown"}))
            .run(&super::CHECK);
        out.assert_status("snap-enc", Status::Pass);
        let f = out.assert_status("snap-plain", Status::Fail);
        assert_eq!(f.message, "EBS snapshot snap-plain (of vol-1) is not encrypted.");
        out.assert_status("snap-unknown", Status::Error);
    }
}
