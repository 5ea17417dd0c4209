//! Cloud SQL instances take automated backups.

use splitline_plugin_sdk::kinds::gcp::SqlInstance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-SQL-004",
        long_id: "gcp-sql-automated-backups",
        title: "Cloud SQL instance has automated backups enabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[SqlInstance::KIND_NAME],
        risk: "Without automated backups, data lost to an application bug, a destructive query, ransomware or a deleted instance can only be recovered from whatever manual backups someone remembered to take.",
        remediation: Remediation {
            text: "Enable automated backups (and point-in-time recovery) with a retention that matches the recovery objectives.",
            cli: Some("gcloud sql instances patch INSTANCE --backup-start-time=02:00 --enable-point-in-time-recovery"),
            terraform: Some("resource \"google_sql_database_instance\" \"this\" {\n  # ...\n  settings {\n    backup_configuration {\n      enabled                        = true\n      point_in_time_recovery_enabled = true\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/sql/docs/mysql/backup-recovery/backups"],
        compliance: &[compliance("cis-gcp-3.0.0", "6.7"), compliance("nist-csf-2.0", "PR.DS-11")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, db) in e.each::<SqlInstance>() {
        if db.instance_type.as_deref() == Some("READ_REPLICA_INSTANCE") {
            e.not_applicable(r, format!("Cloud SQL instance {} is a read replica, which is backed up through its primary.", db.name));
            continue;
        }
        match db.settings.backup_configuration.as_ref().and_then(|b| b.enabled) {
            Some(true) => {
                e.pass(r, format!("Cloud SQL instance {} takes automated backups.", db.name)).evidence("settings.backupConfiguration.enabled", true);
            }
            other => {
                e.fail(r, format!("Cloud SQL instance {} does not take automated backups.", db.name))
                    .evidence("settings.backupConfiguration.enabled", other.map_or("absent".to_string(), |b| b.to_string()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.sql.instance";

    #[test]
    fn backups_on_pass_off_or_absent_fail_replicas_skip() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "db/on", json!({"name": "on", "settings": {"backupConfiguration": {"enabled": true, "pointInTimeRecoveryEnabled": true}}}))
            .resource(KIND, "db/off", json!({"name": "off", "settings": {"backupConfiguration": {"enabled": false}}}))
            .resource(KIND, "db/absent", json!({"name": "absent", "settings": {}}))
            .resource(KIND, "db/replica", json!({"name": "replica", "instanceType": "READ_REPLICA_INSTANCE", "settings": {"backupConfiguration": {"enabled": false}}}))
            .run(&super::CHECK);
        out.assert_status("db/on", Status::Pass);
        let f = out.assert_status("db/off", Status::Fail);
        assert_eq!(f.message, "Cloud SQL instance off does not take automated backups.");
        out.assert_status("db/absent", Status::Fail);
        out.assert_status("db/replica", Status::NotApplicable);
    }
}
