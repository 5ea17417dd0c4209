//! The tenant has between two and four Global Administrators.

use splitline_plugin_sdk::kinds::azure::DirectoryRole;
use splitline_plugin_sdk::prelude::*;

use crate::settings;

/// Role template id of Global Administrator, the same in every tenant.
pub const GLOBAL_ADMIN: &str = "62e90394-69f5-4237-9190-012177145e10";
/// Settings: the allowed number of Global Administrators (defaults 2 and 4, CIS 1.25).
pub const SETTING_MIN: &str = "global-admin-min";
pub const SETTING_MAX: &str = "global-admin-max";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-ENTRA-004",
        long_id: "azure-entra-global-admin-count",
        title: "Tenant has between 2 and 4 Global Administrators",
        severity: Severity::High,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[DirectoryRole::KIND_NAME],
        risk: "Every Global Administrator can take over the whole tenant and every subscription in it (through elevate access): each extra one is another account to phish. With a single one, losing that account (leaver, lockout, compromise) leaves nobody able to administer the tenant.",
        remediation: Remediation {
            text: "Keep two to four Global Administrators (including break-glass accounts), move other admins to least-privileged roles (User, Exchange, Security Administrator…), and make Global Administrator eligible through Privileged Identity Management instead of permanent.",
            cli: None,
            terraform: None,
        },
        references: &["https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/best-practices#5-limit-the-number-of-global-administrators-to-less-than-5"],
        compliance: &[compliance("cis-azure-2.1.0", "1.25"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    let Some(min) = settings::get::<usize>(e, SETTING_MIN, 2, DirectoryRole::KIND_NAME) else { return };
    let Some(max) = settings::get::<usize>(e, SETTING_MAX, 4, DirectoryRole::KIND_NAME) else { return };
    for (r, role) in e.each::<DirectoryRole>() {
        let name = role.display_name.clone().unwrap_or_else(|| role.id.clone());
        if role.role_template_id.as_deref() != Some(GLOBAL_ADMIN) {
            e.not_applicable(r, format!("Directory role {name} is not Global Administrator."));
            continue;
        }
        let Some(members) = role.members.as_ref() else {
            e.error(r, "The members of the Global Administrator role were not collected.");
            continue;
        };
        let n = members.len();
        let labels: Vec<&str> = members.iter().map(|m| m.label()).collect();
        let f = if n < min {
            e.fail(r, format!("The tenant has {n} Global Administrator(s), fewer than {min}: losing one account leaves nobody to administer it."))
        } else if n > max {
            e.fail(r, format!("The tenant has {n} Global Administrators, more than {max}."))
        } else {
            e.pass(r, format!("The tenant has {n} Global Administrators, between {min} and {max}."))
        };
        f.evidence("members", labels.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{ROLE, SUB, TENANT};

    fn role(id: &str, template: &str, members: usize) -> (String, serde_json::Value) {
        let m: Vec<_> = (0..members).map(|i| json!({"@odata.type": "#microsoft.graph.user", "id": format!("u{i}"), "userPrincipalName": format!("admin{i}@contoso.com")})).collect();
        (format!("/tenants/{TENANT}/directoryRoles/{id}"), json!({"id": id, "displayName": "Global Administrator", "roleTemplateId": template, "members": m}))
    }

    fn status(members: usize, settings: Option<(usize, usize)>) -> Status {
        let (id, cfg) = role("ga", super::GLOBAL_ADMIN, members);
        let mut fx = Fixture::new("azure", SUB).resource(ROLE, &id, cfg);
        if let Some((a, b)) = settings {
            fx = fx.setting(super::SETTING_MIN, json!(a)).setting(super::SETTING_MAX, json!(b));
        }
        fx.run(&super::CHECK).finding(&id).status
    }

    #[test]
    fn between_two_and_four() {
        assert_eq!(status(1, None), Status::Fail);
        assert_eq!(status(2, None), Status::Pass);
        assert_eq!(status(4, None), Status::Pass);
        assert_eq!(status(5, None), Status::Fail);
        assert_eq!(status(5, Some((2, 6))), Status::Pass);
        let (id, cfg) = role("ua", "fe930be7-5e62-47db-91af-98c3a49a38b1", 9);
        let out = Fixture::new("azure", SUB).resource(ROLE, &id, cfg).run(&super::CHECK);
        out.assert_status(&id, Status::NotApplicable);
    }
}
