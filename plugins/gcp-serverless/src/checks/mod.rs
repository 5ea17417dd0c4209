//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    gcf_function_not_public,
    gcf_function_ingress_restricted,
    gcf_function_no_plaintext_secrets,
    gcf_function_runtime_supported,
    gcf_function_not_default_service_account,
    run_service_not_public,
    run_service_ingress_restricted,
    run_service_no_plaintext_secrets,
    run_service_runtime_supported,
    run_service_not_default_service_account,
];
