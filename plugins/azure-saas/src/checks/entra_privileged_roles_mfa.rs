//! Members of privileged directory roles are registered for MFA.

use splitline_plugin_sdk::kinds::azure::{DirectoryRole, EntraUser};
use splitline_plugin_sdk::prelude::*;

/// Role template ids of the most privileged directory roles.
pub const PRIVILEGED: &[(&str, &str)] = &[
    ("62e90394-69f5-4237-9190-012177145e10", "Global Administrator"),
    ("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"),
    ("7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator"),
    ("194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"),
    ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
    ("29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"),
    ("f28a1f50-f6e7-4571-818b-6a12f2af6b6c", "SharePoint Administrator"),
    ("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"),
    ("158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"),
    ("b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", "Conditional Access Administrator"),
];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-ENTRA-005",
        long_id: "azure-entra-privileged-role-members-mfa",
        title: "Every user in a privileged directory role is registered for MFA",
        severity: Severity::Critical,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[DirectoryRole::KIND_NAME, EntraUser::KIND_NAME],
        risk: "A privileged administrator without MFA is one phished or sprayed password away from control of the tenant: users, Conditional Access, applications with their secrets and, through elevate access, every Azure subscription.",
        remediation: Remediation {
            text: "Have each listed administrator register phishing-resistant MFA now (or remove them from the role), and enforce MFA for admin roles with Conditional Access; use separate, cloud-only admin accounts.",
            cli: None,
            terraform: None,
        },
        references: &["https://learn.microsoft.com/en-us/entra/identity/conditional-access/policy-old-require-mfa-admin"],
        compliance: &[compliance("cis-azure-2.1.0", "1.1.2"), compliance("nist-csf-2.0", "PR.AA-03")],
    },
    run,
};

fn run(e: &mut Eval) {
    let inventory = e.inventory();
    for (r, role) in e.each::<DirectoryRole>() {
        let name = role.display_name.clone().unwrap_or_else(|| role.id.clone());
        if !PRIVILEGED.iter().any(|(id, _)| role.role_template_id.as_deref() == Some(id)) {
            e.not_applicable(r, format!("Directory role {name} is not one of the privileged roles this check covers."));
            continue;
        }
        let Some(members) = role.members.as_ref() else {
            e.error(r, format!("The members of directory role {name} were not collected."));
            continue;
        };
        let users: Vec<_> = members.iter().filter(|m| m.odata_type.as_deref().is_none_or(|t| t.ends_with(".user"))).collect();
        let mut without = Vec::new();
        let mut unknown = Vec::new();
        for m in &users {
            let reg = inventory
                .of_kind(EntraUser::KIND_NAME)
                .filter_map(|u| u.typed::<EntraUser>().ok())
                .find(|u| u.id == m.id)
                .and_then(|u| u.user_registration_details)
                .and_then(|d| d.is_mfa_registered);
            match reg {
                Some(true) => {}
                Some(false) => without.push(m.label().to_string()),
                None => unknown.push(m.label().to_string()),
            }
        }
        if !without.is_empty() {
            e.fail(r, format!("Directory role {name} has members without MFA: {}.", without.join(", "))).evidence("members without MFA", without.join(", "));
        } else if !unknown.is_empty() {
            e.error(r, format!("The MFA registration of {} in directory role {name} is not in the inventory.", unknown.join(", ")));
        } else {
            e.pass(r, format!("All {} user member(s) of directory role {name} are registered for MFA.", users.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{ROLE, SUB, TENANT, USER, user_id};

    #[test]
    fn each_user_member_needs_mfa() {
        let user = |id: &str, mfa: bool| json!({"id": id, "userPrincipalName": format!("{id}@contoso.com"), "userType": "Member", "userRegistrationDetails": {"isMfaRegistered": mfa}});
        let member = |id: &str| json!({"@odata.type": "#microsoft.graph.user", "id": id, "userPrincipalName": format!("{id}@contoso.com")});
        let role = |id: &str, template: &str, members: serde_json::Value| (format!("/tenants/{TENANT}/directoryRoles/{id}"), json!({"id": id, "displayName": id, "roleTemplateId": template, "members": members}));
        let (ga, ga_cfg) = role("ga", "62e90394-69f5-4237-9190-012177145e10", json!([member("ann"), member("bob"), {"@odata.type": "#microsoft.graph.servicePrincipal", "id": "sp"}]));
        let (sec, sec_cfg) = role("sec", "194ae4cb-b126-40b2-bd5b-6091b380977d", json!([member("ann")]));
        let (ua, ua_cfg) = role("ua", "fe930be7-5e62-47db-91af-98c3a49a38b1", json!([member("ghost")]));
        let (reader, reader_cfg) = role("reader", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b", json!([member("bob")]));
        let out = Fixture::new("azure", SUB)
            .resource(USER, &user_id("ann"), user("ann", true))
            .resource(USER, &user_id("bob"), user("bob", false))
            .resource(ROLE, &ga, ga_cfg)
            .resource(ROLE, &sec, sec_cfg)
            .resource(ROLE, &ua, ua_cfg)
            .resource(ROLE, &reader, reader_cfg)
            .run(&super::CHECK);
        let f = out.assert_status(&ga, Status::Fail);
        assert_eq!(f.message, "Directory role ga has members without MFA: bob@contoso.com.");
        out.assert_status(&sec, Status::Pass);
        out.assert_status(&ua, Status::Error);
        out.assert_status(&reader, Status::NotApplicable);
        assert!(out.findings.iter().all(|f| f.resource_id.contains("directoryRoles")));
    }
}
