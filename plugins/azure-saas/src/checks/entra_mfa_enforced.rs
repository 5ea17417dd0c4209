//! The tenant requires MFA for all users: security defaults or a Conditional Access policy.

use splitline_plugin_sdk::kinds::azure::{ConditionalAccessPolicy, SecurityDefaults};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-ENTRA-003",
        long_id: "azure-entra-mfa-enforced-for-all-users",
        title: "Tenant enforces MFA for all users (security defaults or a Conditional Access policy)",
        severity: Severity::Critical,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[SecurityDefaults::KIND_NAME, ConditionalAccessPolicy::KIND_NAME],
        risk: "Registering MFA is not enough: unless a policy requires it at sign-in, a stolen password signs in without a second factor. Microsoft reports that MFA blocks over 99% of account compromise attacks; a tenant without security defaults or an MFA Conditional Access policy for all users has none of that protection.",
        remediation: Remediation {
            text: "With Microsoft Entra ID P1 or P2, create a Conditional Access policy for All users and All resources granting access only with MFA (or an authentication strength), excluding only break-glass accounts; without P1, turn on security defaults.",
            cli: None,
            terraform: Some("resource \"azuread_conditional_access_policy\" \"mfa_all\" {\n  display_name = \"Require MFA for all users\"\n  state        = \"enabled\"\n  conditions {\n    client_app_types = [\"all\"]\n    applications { included_applications = [\"All\"] }\n    users {\n      included_users = [\"All\"]\n      excluded_users = [var.break_glass_object_id]\n    }\n  }\n  grant_controls {\n    operator          = \"OR\"\n    built_in_controls = [\"mfa\"]\n  }\n}"),
        },
        references: &[
            "https://learn.microsoft.com/en-us/entra/fundamentals/security-defaults",
            "https://learn.microsoft.com/en-us/entra/identity/conditional-access/policy-all-users-mfa-strength",
        ],
        compliance: &[compliance("cis-azure-2.1.0", "1.1.1"), compliance("cis-azure-2.1.0", "1.2.4"), compliance("nist-csf-2.0", "PR.AA-03")],
    },
    run,
};

/// Whether an enabled policy requires MFA for all users on all resources.
pub fn requires_mfa_for_all(p: &ConditionalAccessPolicy) -> bool {
    let has = |v: &[String], x: &str| v.iter().any(|s| s.eq_ignore_ascii_case(x));
    let Some(c) = p.conditions.as_ref() else { return false };
    let users = c.users.as_ref().is_some_and(|u| has(&u.include_users, "All"));
    let apps = c.applications.as_ref().is_some_and(|a| has(&a.include_applications, "All"));
    let clients = c.client_app_types.is_empty() || has(&c.client_app_types, "all");
    let Some(g) = p.grant_controls.as_ref() else { return false };
    let strength = g.authentication_strength.as_ref().is_some_and(|s| !s.is_null());
    let mfa = has(&g.built_in_controls, "mfa");
    let and = g.operator.as_deref().is_some_and(|o| o.eq_ignore_ascii_case("AND"));
    // With OR, another control (e.g. a compliant device) would let a user in without MFA.
    let grant = strength || (mfa && (and || g.built_in_controls.len() == 1));
    p.state.as_deref() == Some("enabled") && users && apps && clients && grant
}

fn run(e: &mut Eval) {
    let inventory = e.inventory();
    let policies: Vec<ConditionalAccessPolicy> =
        inventory.of_kind(ConditionalAccessPolicy::KIND_NAME).filter_map(|r| r.typed::<ConditionalAccessPolicy>().ok()).collect();
    for (r, defaults) in e.each::<SecurityDefaults>() {
        if defaults.is_enabled == Some(true) {
            e.pass(r, "The tenant has security defaults enabled, which require MFA for every user.").evidence("isEnabled", true);
            continue;
        }
        match policies.iter().find(|p| requires_mfa_for_all(p)) {
            Some(p) => {
                let name = p.display_name.clone().unwrap_or_else(|| p.id.clone());
                let excluded = p.conditions.as_ref().and_then(|c| c.users.as_ref()).map_or(0, |u| u.exclude_users.len() + u.exclude_groups.len() + u.exclude_roles.len());
                e.pass(r, format!("The tenant requires MFA for all users through Conditional Access policy {name}."))
                    .evidence("conditionalAccessPolicy", name)
                    .evidence("excluded users, groups and roles", excluded);
            }
            None => {
                let report_only: Vec<String> = policies
                    .iter()
                    .filter(|p| p.state.as_deref() == Some("enabledForReportingButNotEnforced"))
                    .filter_map(|p| p.display_name.clone())
                    .collect();
                let f = e.fail(r, "The tenant neither has security defaults enabled nor an enabled Conditional Access policy requiring MFA for all users.");
                f.evidence("isEnabled", defaults.is_enabled.map_or_else(|| "absent".to_string(), |b| b.to_string()))
                    .evidence("conditional access policies", policies.len());
                if !report_only.is_empty() {
                    f.evidence("report-only policies", report_only.join(", "));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{CA, DEFAULTS, SUB, TENANT};

    fn sd_id() -> String {
        format!("/tenants/{TENANT}/policies/identitySecurityDefaultsEnforcementPolicy")
    }

    fn policy(state: &str, users: &str, controls: serde_json::Value, operator: &str) -> serde_json::Value {
        json!({"id": "p1", "displayName": "Require MFA", "state": state,
            "conditions": {"users": {"includeUsers": [users], "excludeUsers": ["breakglass"]}, "applications": {"includeApplications": ["All"]}, "clientAppTypes": ["all"]},
            "grantControls": {"operator": operator, "builtInControls": controls, "authenticationStrength": null}})
    }

    fn run(defaults: bool, p: Option<serde_json::Value>) -> Status {
        let mut fx = Fixture::new("azure", SUB).resource(DEFAULTS, &sd_id(), json!({"id": "00000000-0000-0000-0000-000000000005", "isEnabled": defaults}));
        if let Some(p) = p {
            fx = fx.resource(CA, &format!("/tenants/{TENANT}/identity/conditionalAccess/policies/p1"), p);
        }
        let out = fx.run(&super::CHECK);
        assert_eq!(out.findings.len(), 1, "only the security defaults resource is judged");
        out.finding(&sd_id()).status
    }

    #[test]
    fn security_defaults_or_an_all_users_mfa_policy() {
        assert_eq!(run(true, None), Status::Pass);
        assert_eq!(run(false, None), Status::Fail);
        assert_eq!(run(false, Some(policy("enabled", "All", json!(["mfa"]), "OR"))), Status::Pass);
        assert_eq!(run(false, Some(policy("enabledForReportingButNotEnforced", "All", json!(["mfa"]), "OR"))), Status::Fail);
        assert_eq!(run(false, Some(policy("enabled", "GuestsOrExternalUsers", json!(["mfa"]), "OR"))), Status::Fail);
        assert_eq!(run(false, Some(policy("enabled", "All", json!(["mfa", "compliantDevice"]), "OR"))), Status::Fail);
        assert_eq!(run(false, Some(policy("enabled", "All", json!(["mfa", "compliantDevice"]), "AND"))), Status::Pass);
    }
}
