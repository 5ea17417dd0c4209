//! EBS snapshots are not restorable by every AWS account.

use splitline_plugin_sdk::kinds::aws::Ec2Snapshot;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EBS-003",
        long_id: "aws-ebs-snapshot-not-public",
        title: "EBS snapshot is not public (no createVolumePermission for group all)",
        severity: Severity::Critical,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[Ec2Snapshot::KIND_NAME],
        risk: "Any AWS account can create a volume from a public snapshot and mount it: the complete disk, with databases, key files and credentials, is downloadable by anyone. Public snapshots are enumerated continuously by automated scanners.",
        remediation: Remediation {
            text: "Remove the `all` group from the snapshot's create-volume permissions, share with named accounts only, and turn on Block Public Access for EBS snapshots in every region.",
            cli: Some("aws ec2 modify-snapshot-attribute --snapshot-id SNAPSHOT_ID --attribute createVolumePermission --operation-type remove --group-names all && aws ec2 enable-snapshot-block-public-access --state block-all-sharing"),
            terraform: Some("resource \"aws_ebs_snapshot_block_public_access\" \"this\" {\n  state = \"block-all-sharing\"\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-1",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<Ec2Snapshot>() {
        let public = s.create_volume_permissions.iter().any(|p| p.group.as_deref() == Some("all"));
        let accounts: Vec<&str> = s.create_volume_permissions.iter().filter_map(|p| p.user_id.as_deref()).collect();
        if public {
            e.fail(r, format!("EBS snapshot {} is public: any AWS account can create a volume from it.", s.snapshot_id))
                .evidence("CreateVolumePermissions", "Group=all");
        } else if accounts.is_empty() {
            e.pass(r, format!("EBS snapshot {} is not shared.", s.snapshot_id)).evidence("CreateVolumePermissions", "[]");
        } else {
            e.pass(r, format!("EBS snapshot {} is not public; it is shared with {} named account(s).", s.snapshot_id, accounts.len()))
                .evidence("CreateVolumePermissions", format!("UserId={}", accounts.join(", ")));
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
    fn group_all_fails_named_accounts_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "snap-pub", json!({"SnapshotId": "snap-pub", "CreateVolumePermissions": [{"Group": "all"}]}))
            .resource(KIND, "snap-shared", json!({"SnapshotId": "snap-shared", "CreateVolumePermissions": [{"UserId": "444455556666"}]}))
            .resource(KIND, "snap-private", json!({"SnapshotId": "snap-private", "CreateVolumePermissions": []}))
            .resource(KIND, "snap-absent", json!({"SnapshotId": "snap-absent"}))
            .resource(KIND, "snap-odd", json!({"SnapshotId": "snap-odd", "CreateVolumePermissions": "all"}))
            .run(&super::CHECK);
        let f = out.assert_status("snap-pub", Status::Fail);
        assert_eq!(f.message, "EBS snapshot snap-pub is public: any AWS account can create a volume from it.");
        let f = out.assert_status("snap-shared", Status::Pass);
        assert!(f.message.contains("1 named account"), "{}", f.message);
        out.assert_status("snap-private", Status::Pass);
        out.assert_status("snap-absent", Status::Pass);
        out.assert_status("snap-odd", Status::Error);
    }
}
