//! Subscriptions have a small number of owners, and more than one.

use splitline_plugin_sdk::kinds::azure::{RoleAssignment, Subscription};
use splitline_plugin_sdk::prelude::*;

use crate::settings;

/// The built-in Owner role's definition GUID.
pub const OWNER: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
/// Settings: the allowed number of owners (defaults 2 and 3, as Defender
/// for Cloud recommends).
pub const SETTING_MIN: &str = "subscription-owners-min";
pub const SETTING_MAX: &str = "subscription-owners-max";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-IAM-001",
        long_id: "azure-subscription-owner-count",
        title: "Subscription has between 2 and 3 owners",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[Subscription::KIND_NAME, RoleAssignment::KIND_NAME],
        risk: "Every Owner can read and change every resource and grant access to anyone: many owners multiply the accounts whose compromise gives away the whole subscription, while a single owner is a single point of failure for administration and access reviews.",
        remediation: Remediation {
            text: "Keep two or three owners (through PIM-eligible assignments to a group where possible); give others Contributor or narrower roles scoped to resource groups.",
            cli: Some("az role assignment delete --assignee PRINCIPAL_ID --role Owner --scope /subscriptions/SUBSCRIPTION_ID"),
            terraform: None,
        },
        references: &[
            "https://learn.microsoft.com/en-us/azure/role-based-access-control/best-practices#limit-the-number-of-subscription-owners",
            "https://learn.microsoft.com/en-us/azure/defender-for-cloud/recommendations-reference-identity-access",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05"), compliance("iso27001-2022", "A.8.2")],
    },
    run,
};

/// Whether the assignment grants Owner.
pub fn is_owner(a: &RoleAssignment) -> bool {
    a.properties.role_definition_id.as_deref().is_some_and(|d| d.to_ascii_lowercase().ends_with(OWNER))
        || a.role_definition.as_ref().and_then(|d| d.properties.role_name.as_deref()) == Some("Owner")
}

/// Whether `scope` is the subscription itself or above it (a management group or the root).
pub fn applies_to_subscription(scope: &str, subscription_id: &str) -> bool {
    let s = scope.trim_end_matches('/').to_ascii_lowercase();
    s.is_empty() || s == subscription_id.to_ascii_lowercase() || s.starts_with("/providers/microsoft.management/managementgroups/")
}

fn run(e: &mut Eval) {
    let Some(min) = settings::get::<usize>(e, SETTING_MIN, 2, Subscription::KIND_NAME) else { return };
    let Some(max) = settings::get::<usize>(e, SETTING_MAX, 3, Subscription::KIND_NAME) else { return };
    let assignments: Vec<RoleAssignment> = e.inventory().of_kind(RoleAssignment::KIND_NAME).filter_map(|r| r.typed::<RoleAssignment>().ok()).collect();
    for (r, sub) in e.each::<Subscription>() {
        let label = sub.display_name.clone().unwrap_or_else(|| sub.id.clone());
        if assignments.is_empty() {
            e.error(r, format!("The role assignments of subscription {label} were not collected."));
            continue;
        }
        let mut owners: Vec<String> = assignments
            .iter()
            .filter(|a| is_owner(a) && a.properties.scope.as_deref().is_some_and(|s| applies_to_subscription(s, &sub.id)))
            .filter_map(|a| a.properties.principal_id.clone().map(|p| format!("{p} ({})", a.properties.principal_type.as_deref().unwrap_or("?"))))
            .collect();
        owners.sort();
        owners.dedup();
        let n = owners.len();
        let f = if n < min {
            e.fail(r, format!("Subscription {label} has {n} owner(s), fewer than {min}."))
        } else if n > max {
            e.fail(r, format!("Subscription {label} has {n} owners, more than {max}."))
        } else {
            e.pass(r, format!("Subscription {label} has {n} owners."))
        };
        f.evidence("owners", owners.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{ASSIGNMENT, SUB, SUBSCRIPTION, sub_id};

    fn fixture(owners: &[(&str, &str)]) -> Fixture {
        let mut fx = Fixture::new("azure", SUB).resource(SUBSCRIPTION, &sub_id(), json!({"id": sub_id(), "displayName": "prod"}));
        let def = |guid: &str, name: &str| (format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{guid}"), name.to_string());
        for (i, (principal, scope)) in owners.iter().enumerate() {
            let (d, n) = def(super::OWNER, "Owner");
            let id = format!("{scope}/providers/Microsoft.Authorization/roleAssignments/a{i}");
            fx = fx.resource(ASSIGNMENT, &id, json!({"id": id, "name": format!("a{i}"), "properties": {"scope": scope, "roleDefinitionId": d, "principalId": principal, "principalType": "User"}, "roleDefinition": {"properties": {"roleName": n, "type": "BuiltInRole"}}}));
        }
        let (d, _) = def("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor");
        let id = format!("/subscriptions/{SUB}/providers/Microsoft.Authorization/roleAssignments/c");
        fx.resource(ASSIGNMENT, &id, json!({"id": id, "name": "c", "properties": {"scope": format!("/subscriptions/{SUB}"), "roleDefinitionId": d, "principalId": "contrib", "principalType": "User"}}))
    }

    #[test]
    fn owners_at_or_above_the_subscription_are_counted() {
        let s = format!("/subscriptions/{SUB}");
        let rg = format!("/subscriptions/{SUB}/resourceGroups/app");
        let mg = "/providers/Microsoft.Management/managementGroups/platform";
        let status = |owners: &[(&str, &str)]| fixture(owners).run(&super::CHECK).finding(&sub_id()).status;
        assert_eq!(status(&[("u1", &s)]), Status::Fail);
        assert_eq!(status(&[("u1", &s), ("u2", mg), ("u3", &rg)]), Status::Pass);
        assert_eq!(status(&[("u1", &s), ("u1", mg), ("u2", &s)]), Status::Pass);
        let out = fixture(&[("u1", &s), ("u2", &s), ("u3", &s), ("u4", mg)]).run(&super::CHECK);
        let f = out.assert_status(&sub_id(), Status::Fail);
        assert_eq!(f.message, "Subscription prod has 4 owners, more than 3.");
        let out = Fixture::new("azure", SUB).resource(SUBSCRIPTION, &sub_id(), json!({"id": sub_id()})).run(&super::CHECK);
        out.assert_status(&sub_id(), Status::Error);
    }
}
