//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    entra_user_mfa_registered,
    entra_guest_users_reviewed,
    entra_mfa_enforced,
    entra_global_admin_count,
    entra_privileged_roles_mfa,
    defender_plan_enabled,
    activity_log_exported,
    activity_log_categories,
    subscription_owner_count,
];
