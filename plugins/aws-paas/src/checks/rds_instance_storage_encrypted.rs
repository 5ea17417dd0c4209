//! RDS DB instances encrypt their storage.

use splitline_plugin_sdk::kinds::aws::RdsDbInstance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-RDS-002",
        long_id: "aws-rds-instance-storage-encrypted",
        title: "RDS DB instance storage is encrypted at rest",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[RdsDbInstance::KIND_NAME],
        risk: "Unencrypted storage means unencrypted automated backups, snapshots and read replicas; a snapshot shared or copied by mistake exposes the whole database with no key policy in the way.",
        remediation: Remediation {
            text: "Encryption cannot be turned on for an existing instance: take a snapshot, copy it with a KMS key, restore the encrypted copy and switch the application over (or use AWS DMS for minimal downtime). Create new instances with storage encryption on.",
            cli: Some("aws rds copy-db-snapshot --source-db-snapshot-identifier SNAPSHOT --target-db-snapshot-identifier SNAPSHOT-encrypted --kms-key-id alias/aws/rds"),
            terraform: Some("resource \"aws_db_instance\" \"this\" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-3",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "2.3.1"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, db) in e.each::<RdsDbInstance>() {
        match db.storage_encrypted {
            Some(true) => {
                e.pass(r, format!("RDS DB instance {} has encrypted storage.", db.db_instance_identifier)).evidence("StorageEncrypted", true);
            }
            Some(false) => {
                e.fail(r, format!("RDS DB instance {} does not encrypt its storage.", db.db_instance_identifier)).evidence("StorageEncrypted", false);
            }
            None => {
                e.error(r, format!("RDS DB instance {} has no StorageEncrypted field in its configuration.", db.db_instance_identifier));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::RDS;

    #[test]
    fn encrypted_passes_plain_fails_unknown_errors() {
        let out = Fixture::new("aws", "111122223333")
            .resource(RDS, "db-enc", json!({"DBInstanceIdentifier": "db-enc", "StorageEncrypted": true, "KmsKeyId": "arn:aws:kms:us-east-1:111122223333:key/1"}))
            .resource(RDS, "db-plain", json!({"DBInstanceIdentifier": "db-plain", "StorageEncrypted": false}))
            .resource(RDS, "db-unknown", json!({"DBInstanceIdentifier": "db-unknown"}))
            .run(&super::CHECK);
        out.assert_status("db-enc", Status::Pass);
        let f = out.assert_status("db-plain", Status::Fail);
        assert_eq!(f.message, "RDS DB instance db-plain does not encrypt its storage.");
        out.assert_status("db-unknown", Status::Error);
    }
}
