//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    storage_account_secure_transfer,
    storage_account_minimum_tls,
    storage_account_blob_public_access_disabled,
    storage_account_network_default_deny,
    storage_account_shared_key_access_disabled,
];
