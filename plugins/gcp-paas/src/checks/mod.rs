//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    gcs_bucket_not_public,
    gcs_bucket_uniform_access,
    gcs_bucket_public_access_prevention,
    gcs_bucket_versioning,
    gcs_bucket_access_logging,
];
