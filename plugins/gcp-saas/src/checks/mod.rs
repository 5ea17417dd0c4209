//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    iam_no_primitive_roles_for_users,
    iam_service_account_no_admin_roles,
    iam_service_account_separation_of_duties,
    iam_kms_separation_of_duties,
    iam_no_project_level_service_account_user,
    iam_corporate_accounts_only,
    iam_no_user_managed_keys,
    iam_service_account_key_rotation,
    log_data_access_audit_logs,
    log_sink_all_entries,
    scc_enabled,
    org_essential_contacts,
];
