//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    s3_bucket_default_encryption,
    s3_bucket_public_access_block,
    s3_bucket_not_public,
    s3_bucket_tls_only,
    s3_bucket_access_logging,
];
