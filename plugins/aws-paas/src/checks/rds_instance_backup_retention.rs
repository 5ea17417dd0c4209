//! RDS DB instances keep automated backups for at least the configured number of days.

use splitline_plugin_sdk::kinds::aws::RdsDbInstance;
use splitline_plugin_sdk::prelude::*;

/// Plugin setting: minimum automated backup retention, in days.
pub const SETTING: &str = "rds-min-backup-retention-days";
/// Default of [`SETTING`].
pub const DEFAULT_DAYS: i64 = 7;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-RDS-003",
        long_id: "aws-rds-instance-backup-retention",
        title: "RDS DB instance keeps automated backups for at least the minimum retention (default 7 days)",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[RdsDbInstance::KIND_NAME],
        risk: "With backups off (retention 0) or kept for a day or two there is no point-in-time restore after corruption, a bad migration or a destructive attack that is noticed late.",
        remediation: Remediation {
            text: "Set the backup retention period to at least the required number of days (plugin setting `rds-min-backup-retention-days`, default 7; up to 35), and add AWS Backup plans for longer retention.",
            cli: Some("aws rds modify-db-instance --db-instance-identifier DB_ID --backup-retention-period 7 --apply-immediately"),
            terraform: Some("resource \"aws_db_instance\" \"this\" {\n  # ...\n  backup_retention_period = 7\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-11")],
    },
    run,
};

fn run(e: &mut Eval) {
    let min = match e.ctx().setting(SETTING, DEFAULT_DAYS) {
        Ok(v) => v,
        Err(msg) => {
            for r in e.inventory().of_kind(RdsDbInstance::KIND_NAME) {
                e.error(r, format!("RDS DB instance {} was not evaluated: {msg}.", r.name));
            }
            return;
        }
    };
    for (r, db) in e.each::<RdsDbInstance>() {
        let id = &db.db_instance_identifier;
        match db.backup_retention_period {
            Some(0) => {
                e.fail(r, format!("RDS DB instance {id} has automated backups turned off.")).evidence("BackupRetentionPeriod", 0);
            }
            Some(days) if days < min => {
                e.fail(r, format!("RDS DB instance {id} keeps automated backups for {days} days, fewer than {min}."))
                    .evidence("BackupRetentionPeriod", days)
                    .evidence(SETTING, min);
            }
            Some(days) => {
                e.pass(r, format!("RDS DB instance {id} keeps automated backups for {days} days.")).evidence("BackupRetentionPeriod", days);
            }
            None => {
                e.error(r, format!("RDS DB instance {id} has no BackupRetentionPeriod field in its configuration."));
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

    fn fixture() -> Fixture {
        Fixture::new("aws", "111122223333")
            .resource(RDS, "db-off", json!({"DBInstanceIdentifier": "db-off", "BackupRetentionPeriod": 0}))
            .resource(RDS, "db-short", json!({"DBInstanceIdentifier": "db-short", "BackupRetentionPeriod": 3}))
            .resource(RDS, "db-week", json!({"DBInstanceIdentifier": "db-week", "BackupRetentionPeriod": 7}))
            .resource(RDS, "db-unknown", json!({"DBInstanceIdentifier": "db-unknown"}))
    }

    #[test]
    fn default_minimum_is_seven_days() {
        let out = fixture().run(&super::CHECK);
        let f = out.assert_status("db-off", Status::Fail);
        assert_eq!(f.message, "RDS DB instance db-off has automated backups turned off.");
        let f = out.assert_status("db-short", Status::Fail);
        assert_eq!(f.message, "RDS DB instance db-short keeps automated backups for 3 days, fewer than 7.");
        out.assert_status("db-week", Status::Pass);
        out.assert_status("db-unknown", Status::Error);
    }

    #[test]
    fn minimum_comes_from_the_setting() {
        let out = fixture().setting(super::SETTING, json!(14)).run(&super::CHECK);
        out.assert_status("db-week", Status::Fail);
        let out = fixture().setting(super::SETTING, json!(2)).run(&super::CHECK);
        out.assert_status("db-short", Status::Pass);
        let out = fixture().setting(super::SETTING, json!("a week")).run(&super::CHECK);
        let f = out.assert_status("db-week", Status::Error);
        assert!(f.message.contains("rds-min-backup-retention-days"), "{}", f.message);
    }
}
