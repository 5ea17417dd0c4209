//! What the checks' tests share: one subscription of one tenant.

pub const SUB: &str = "00000000-0000-0000-0000-000000000000";
pub const TENANT: &str = "11111111-1111-1111-1111-111111111111";
pub const USER: &str = "azure.entra.user";
pub const DEFAULTS: &str = "azure.entra.security-defaults";
pub const CA: &str = "azure.entra.conditional-access-policy";
pub const ROLE: &str = "azure.entra.directory-role";
pub const PRICING: &str = "azure.security.pricing";
pub const DIAG: &str = "azure.insights.diagnostic-setting";
pub const SUBSCRIPTION: &str = "azure.resources.subscription";
pub const ASSIGNMENT: &str = "azure.authorization.role-assignment";

pub fn user_id(object: &str) -> String {
    format!("/tenants/{TENANT}/users/{object}")
}

pub fn sub_id() -> String {
    format!("/subscriptions/{SUB}")
}
