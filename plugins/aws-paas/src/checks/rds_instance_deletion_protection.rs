//! RDS DB instances have deletion protection.

use splitline_plugin_sdk::kinds::aws::RdsDbInstance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-RDS-004",
        long_id: "aws-rds-instance-deletion-protection",
        title: "RDS DB instance has deletion protection enabled",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[RdsDbInstance::KIND_NAME],
        risk: "Without deletion protection one API call, a mistaken Terraform plan or a compromised credential deletes the database, and with it the automated backups unless a final snapshot was requested.",
        remediation: Remediation {
            text: "Enable deletion protection on production databases. For Aurora and Multi-AZ DB clusters it is set on the cluster (`aws rds modify-db-cluster --deletion-protection`).",
            cli: Some("aws rds modify-db-instance --db-instance-identifier DB_ID --deletion-protection --apply-immediately"),
            terraform: Some("resource \"aws_db_instance\" \"this\" {\n  # ...\n  deletion_protection = true\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-8",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-11")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, db) in e.each::<RdsDbInstance>() {
        let id = &db.db_instance_identifier;
        if let Some(cluster) = db.db_cluster_identifier.as_deref() {
            e.not_applicable(r, format!("RDS DB instance {id} belongs to cluster {cluster}, whose deletion protection is set on the cluster."))
                .evidence("DBClusterIdentifier", cluster);
            continue;
        }
        if db.deletion_protection == Some(true) {
            e.pass(r, format!("RDS DB instance {id} has deletion protection enabled.")).evidence("DeletionProtection", true);
        } else {
            e.fail(r, format!("RDS DB instance {id} has deletion protection disabled."))
                .evidence("DeletionProtection", db.deletion_protection.map_or("absent".to_string(), |v| v.to_string()));
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
    fn protection_on_passes_off_fails_cluster_members_do_not_apply() {
        let out = Fixture::new("aws", "111122223333")
            .resource(RDS, "db-on", json!({"DBInstanceIdentifier": "db-on", "DeletionProtection": true}))
            .resource(RDS, "db-off", json!({"DBInstanceIdentifier": "db-off", "DeletionProtection": false}))
            .resource(RDS, "db-absent", json!({"DBInstanceIdentifier": "db-absent"}))
            .resource(RDS, "aurora-1", json!({"DBInstanceIdentifier": "aurora-1", "DBClusterIdentifier": "aurora", "DeletionProtection": false}))
            .run(&super::CHECK);
        out.assert_status("db-on", Status::Pass);
        let f = out.assert_status("db-off", Status::Fail);
        assert_eq!(f.message, "RDS DB instance db-off has deletion protection disabled.");
        out.assert_status("db-absent", Status::Fail);
        out.assert_status("aurora-1", Status::NotApplicable);
    }
}
