//! RDS: DB instances (DescribeDBInstances).

use std::sync::Arc;

use aws_sdk_rds::types as t;
use serde_json::Value;
use splitline_collect::{Operation, Resource};

use crate::call::Cx;
use crate::clients::Clients;
use crate::json::{Obj, arr, strs, tags, ts};

pub const DB_INSTANCE: &str = "aws.rds.db-instance";
pub const KINDS: &[&str] = &[DB_INSTANCE];

pub const OPS: &[Operation] =
    &[Operation { service: "rds", name: "DescribeDBInstances", permission: "rds:DescribeDBInstances", kinds: KINDS }];

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    let rds = clients.rds(&cx.region);
    let mut marker: Option<String> = None;
    loop {
        match cx.call(rds.describe_db_instances().set_marker(marker.clone()).send()).await {
            Ok(out) => {
                for db in out.db_instances() {
                    let (Some(id), Some(arn)) = (db.db_instance_identifier(), db.db_instance_arn()) else { continue };
                    let (config, tag_map) = db_instance(db);
                    cx.sink.resource(Resource {
                        kind: DB_INSTANCE.into(),
                        id: arn.to_string(),
                        account: cx.account.clone(),
                        region: cx.region.clone(),
                        name: id.to_string(),
                        tags: tag_map,
                        config,
                    });
                }
                marker = out.marker().map(str::to_string);
                if marker.is_none() {
                    break;
                }
            }
            Err(f) => return cx.gap(KINDS, "RDS DescribeDBInstances", &f),
        }
    }
}

pub fn db_instance(d: &t::DbInstance) -> (Value, std::collections::BTreeMap<String, String>) {
    let (tag_list, tag_map) = tags(d.tag_list(), |t| (t.key(), t.value()));
    let v = Obj::new()
        .put("DBInstanceIdentifier", d.db_instance_identifier())
        .put("DBInstanceArn", d.db_instance_arn())
        .put("Engine", d.engine())
        .put("EngineVersion", d.engine_version())
        .put("DBInstanceClass", d.db_instance_class())
        .put("DBInstanceStatus", d.db_instance_status())
        .put("PubliclyAccessible", d.publicly_accessible())
        .put("StorageEncrypted", d.storage_encrypted())
        .put("KmsKeyId", d.kms_key_id())
        .put("BackupRetentionPeriod", d.backup_retention_period())
        .put("DeletionProtection", d.deletion_protection())
        .put("AutoMinorVersionUpgrade", d.auto_minor_version_upgrade())
        .put("MultiAZ", d.multi_az())
        .put("IAMDatabaseAuthenticationEnabled", d.iam_database_authentication_enabled())
        .put(
            "VpcSecurityGroups",
            arr(d.vpc_security_groups(), |g| {
                Obj::new().put("VpcSecurityGroupId", g.vpc_security_group_id()).put("Status", g.status()).build()
            }),
        )
        .put("Endpoint", d.endpoint().map(|e| Obj::new().put("Address", e.address()).put("Port", e.port()).build()))
        .put("EnabledCloudwatchLogsExports", strs(d.enabled_cloudwatch_logs_exports()))
        .put("CACertificateIdentifier", d.ca_certificate_identifier())
        .put("InstanceCreateTime", d.instance_create_time().map(ts))
        .put("MasterUsername", d.master_username())
        .put("AllocatedStorage", d.allocated_storage())
        .put("StorageType", d.storage_type())
        .put(
            "DBSubnetGroup",
            d.db_subnet_group().map(|g| {
                Obj::new().put("DBSubnetGroupName", g.db_subnet_group_name()).put("VpcId", g.vpc_id()).build()
            }),
        )
        .put("DbiResourceId", d.dbi_resource_id())
        .put("PreferredBackupWindow", d.preferred_backup_window())
        .put("PerformanceInsightsEnabled", d.performance_insights_enabled())
        .put("CopyTagsToSnapshot", d.copy_tags_to_snapshot())
        .put("TagList", tag_list)
        .build();
    (v, tag_map)
}
