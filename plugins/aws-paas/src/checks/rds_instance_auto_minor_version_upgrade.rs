//! RDS DB instances receive minor engine upgrades automatically.

use splitline_plugin_sdk::kinds::aws::RdsDbInstance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-RDS-005",
        long_id: "aws-rds-instance-auto-minor-version-upgrade",
        title: "RDS DB instance has auto minor version upgrade enabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[RdsDbInstance::KIND_NAME],
        risk: "AWS patches the platform, but engine minor versions (which carry the database security fixes) are applied only if you let them: with auto minor version upgrade off, known engine vulnerabilities stay until someone upgrades by hand.",
        remediation: Remediation {
            text: "Enable auto minor version upgrade so minor versions are applied in the maintenance window; test them in a non-production environment first if needed.",
            cli: Some("aws rds modify-db-instance --db-instance-identifier DB_ID --auto-minor-version-upgrade --apply-immediately"),
            terraform: Some("resource \"aws_db_instance\" \"this\" {\n  # ...\n  auto_minor_version_upgrade = true\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-13",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "2.3.2"), compliance("nist-csf-2.0", "PR.PS-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, db) in e.each::<RdsDbInstance>() {
        let id = &db.db_instance_identifier;
        match db.auto_minor_version_upgrade {
            Some(true) => {
                e.pass(r, format!("RDS DB instance {id} receives minor engine upgrades automatically.")).evidence("AutoMinorVersionUpgrade", true);
            }
            Some(false) => {
                e.fail(r, format!("RDS DB instance {id} has auto minor version upgrade disabled.")).evidence("AutoMinorVersionUpgrade", false);
            }
            None => {
                e.error(r, format!("RDS DB instance {id} has no AutoMinorVersionUpgrade field in its configuration."));
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
    fn enabled_passes_disabled_fails_unknown_errors() {
        let out = Fixture::new("aws", "111122223333")
            .resource(RDS, "db-on", json!({"DBInstanceIdentifier": "db-on", "AutoMinorVersionUpgrade": true}))
            .resource(RDS, "db-off", json!({"DBInstanceIdentifier": "db-off", "AutoMinorVersionUpgrade": false}))
            .resource(RDS, "db-unknown", json!({"DBInstanceIdentifier": "db-unknown"}))
            .run(&super::CHECK);
        out.assert_status("db-on", Status::Pass);
        let f = out.assert_status("db-off", Status::Fail);
        assert_eq!(f.message, "RDS DB instance db-off has auto minor version upgrade disabled.");
        out.assert_status("db-unknown", Status::Error);
    }
}
