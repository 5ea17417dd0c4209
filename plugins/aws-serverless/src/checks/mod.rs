//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    lambda_no_secrets_in_environment,
    lambda_policy_not_public,
    lambda_url_requires_auth,
    lambda_runtime_supported,
    lambda_role_least_privilege,
    apigateway_methods_authorized,
    apigateway_stage_access_logging,
    apigateway_stage_execution_logging,
    apigateway_domain_tls12,
];
