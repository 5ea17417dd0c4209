//! Member users are registered for multifactor authentication.

use splitline_plugin_sdk::kinds::azure::EntraUser;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-ENTRA-001",
        long_id: "azure-entra-user-mfa-registered",
        title: "Microsoft Entra member user is registered for multifactor authentication",
        severity: Severity::High,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[EntraUser::KIND_NAME],
        risk: "An account without a registered MFA method can only prove itself with its password: a phished, sprayed or reused password is a full takeover, and the first attacker to sign in may register their own MFA method on it.",
        remediation: Remediation {
            text: "Require MFA registration (security defaults, or the Identity Protection / Conditional Access registration policy) and follow up with users who have not registered; block sign-in of accounts that are not used.",
            cli: None,
            terraform: None,
        },
        references: &[
            "https://learn.microsoft.com/en-us/entra/identity/authentication/howto-authentication-methods-activity",
            "https://learn.microsoft.com/en-us/graph/api/resources/userregistrationdetails",
        ],
        compliance: &[compliance("cis-azure-2.1.0", "1.1.3"), compliance("nist-csf-2.0", "PR.AA-03")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, u) in e.each::<EntraUser>() {
        if u.account_enabled == Some(false) {
            e.not_applicable(r, format!("User {} is disabled.", u.label()));
            continue;
        }
        if u.is_guest() {
            e.not_applicable(r, format!("User {} is a guest, who authenticates in their home tenant.", u.label()));
            continue;
        }
        let Some(reg) = u.user_registration_details.as_ref() else {
            e.error(r, format!("User {} has no authentication methods registration details in the inventory.", u.label()));
            continue;
        };
        match reg.is_mfa_registered {
            Some(true) => {
                e.pass(r, format!("User {} is registered for MFA.", u.label()))
                    .evidence("userRegistrationDetails.methodsRegistered", reg.methods_registered.join(", "));
            }
            Some(false) => {
                e.fail(r, format!("User {} has no MFA method registered.", u.label()))
                    .evidence("userRegistrationDetails.isMfaRegistered", false)
                    .evidence("userRegistrationDetails.isAdmin", reg.is_admin.unwrap_or(false));
            }
            None => {
                e.error(r, format!("The registration details of user {} do not say whether MFA is registered.", u.label()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{SUB, USER, user_id};

    #[test]
    fn members_need_mfa_guests_and_disabled_accounts_are_not_applicable() {
        let user = |upn: &str, kind: &str, enabled: bool, mfa: Option<bool>| {
            let mut v = json!({"id": upn, "userPrincipalName": format!("{upn}@contoso.com"), "userType": kind, "accountEnabled": enabled});
            if let Some(m) = mfa {
                v["userRegistrationDetails"] = json!({"id": upn, "isMfaRegistered": m, "isAdmin": false, "methodsRegistered": if m { json!(["microsoftAuthenticatorPush"]) } else { json!([]) }});
            }
            v
        };
        let out = Fixture::new("azure", SUB)
            .resource(USER, &user_id("alice"), user("alice", "Member", true, Some(true)))
            .resource(USER, &user_id("bob"), user("bob", "Member", true, Some(false)))
            .resource(USER, &user_id("gina"), user("gina", "Guest", true, Some(false)))
            .resource(USER, &user_id("old"), user("old", "Member", false, Some(false)))
            .resource(USER, &user_id("new"), user("new", "Member", true, None))
            .run(&super::CHECK);
        out.assert_status(&user_id("alice"), Status::Pass);
        let f = out.assert_status(&user_id("bob"), Status::Fail);
        assert_eq!(f.message, "User bob@contoso.com has no MFA method registered.");
        out.assert_status(&user_id("gina"), Status::NotApplicable);
        out.assert_status(&user_id("old"), Status::NotApplicable);
        out.assert_status(&user_id("new"), Status::Error);
    }
}
