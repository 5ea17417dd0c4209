//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    function_app_https_only,
    function_app_no_anonymous_http_triggers,
    function_app_no_secrets_in_app_settings,
    function_app_managed_identity,
    function_app_minimum_tls,
    function_app_public_network_access,
    function_app_ftp_disabled,
];
