//! RDS DB instances are not publicly accessible.

use splitline_plugin_sdk::kinds::aws::RdsDbInstance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-RDS-001",
        long_id: "aws-rds-instance-not-public",
        title: "RDS DB instance is not publicly accessible",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[RdsDbInstance::KIND_NAME],
        risk: "A publicly accessible instance gets an endpoint that resolves to a public IP: the database listener is one security group rule away from the internet, where database ports are brute-forced and engine vulnerabilities exploited.",
        remediation: Remediation {
            text: "Turn off public accessibility, keep the instance in private subnets, and reach it from applications in the VPC, through a bastion with Session Manager port forwarding, or with RDS Proxy.",
            cli: Some("aws rds modify-db-instance --db-instance-identifier DB_ID --no-publicly-accessible --apply-immediately"),
            terraform: Some("resource \"aws_db_instance\" \"this\" {\n  # ...\n  publicly_accessible = false\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "2.3.3"), compliance("nist-csf-2.0", "PR.IR-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, db) in e.each::<RdsDbInstance>() {
        match db.publicly_accessible {
            Some(true) => {
                e.fail(r, format!("RDS DB instance {} is publicly accessible.", db.db_instance_identifier)).evidence("PubliclyAccessible", true);
            }
            Some(false) => {
                e.pass(r, format!("RDS DB instance {} is not publicly accessible.", db.db_instance_identifier)).evidence("PubliclyAccessible", false);
            }
            None => {
                e.error(r, format!("RDS DB instance {} has no PubliclyAccessible field in its configuration.", db.db_instance_identifier));
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
    fn public_fails_private_passes_unknown_errors() {
        let out = Fixture::new("aws", "111122223333")
            .resource(RDS, "db-pub", json!({"DBInstanceIdentifier": "db-pub", "PubliclyAccessible": true}))
            .resource(RDS, "db-priv", json!({"DBInstanceIdentifier": "db-priv", "PubliclyAccessible": false}))
            .resource(RDS, "db-unknown", json!({"DBInstanceIdentifier": "db-unknown"}))
            .run(&super::CHECK);
        let f = out.assert_status("db-pub", Status::Fail);
        assert_eq!(f.message, "RDS DB instance db-pub is publicly accessible.");
        out.assert_status("db-priv", Status::Pass);
        out.assert_status("db-unknown", Status::Error);
    }
}
