//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    s3_bucket_default_encryption,
    s3_bucket_public_access_block,
    s3_bucket_not_public,
    s3_bucket_tls_only,
    s3_bucket_access_logging,
    s3_bucket_versioning,
    s3_bucket_kms_encryption,
    s3_account_public_access_block,
    s3_bucket_mfa_delete,
    rds_instance_not_public,
    rds_instance_storage_encrypted,
    rds_instance_backup_retention,
    rds_instance_deletion_protection,
    rds_instance_auto_minor_version_upgrade,
    kms_key_rotation_enabled,
    kms_key_policy_not_public,
    beanstalk_managed_updates_enabled,
    beanstalk_enhanced_health,
    beanstalk_logs_streamed,
];
