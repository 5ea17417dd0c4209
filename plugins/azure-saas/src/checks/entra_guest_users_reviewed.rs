//! Guest users are in use: invitations are redeemed and guests sign in.

use splitline_plugin_sdk::kinds::azure::EntraUser;
use splitline_plugin_sdk::prelude::*;

use crate::settings;

/// Setting: days after which an unused guest (no sign-in, or an unredeemed
/// invitation) fails (default 90).
pub const SETTING: &str = "guest-inactive-days";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-ENTRA-002",
        long_id: "azure-entra-guest-user-active",
        title: "Guest user has signed in within 90 days or been invited recently",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[EntraUser::KIND_NAME],
        risk: "Guests keep their access after the project, contract or partnership ends; a guest account nobody uses is still a way into the tenant's apps and data through an identity the organisation does not control, and an unredeemed invitation can be redeemed by whoever gets hold of the invitation mail.",
        remediation: Remediation {
            text: "Remove guests that are no longer needed and revoke old pending invitations; set up Microsoft Entra access reviews for guests (monthly) and an automatic removal of inactive guests.",
            cli: Some("az ad user delete --id GUEST_OBJECT_ID"),
            terraform: None,
        },
        references: &[
            "https://learn.microsoft.com/en-us/entra/identity/users/clean-up-stale-guest-accounts",
            "https://learn.microsoft.com/en-us/entra/id-governance/access-reviews-overview",
        ],
        compliance: &[compliance("cis-azure-2.1.0", "1.4"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    let Some(max_days) = settings::get::<i64>(e, SETTING, 90, EntraUser::KIND_NAME) else { return };
    let now = e.ctx().scan_time;
    for (r, u) in e.each::<EntraUser>() {
        if !u.is_guest() {
            e.not_applicable(r, format!("User {} is a member, not a guest.", u.label()));
            continue;
        }
        if u.account_enabled == Some(false) {
            e.pass(r, format!("Guest user {} is disabled.", u.label())).evidence("accountEnabled", false);
            continue;
        }
        if u.external_user_state.as_deref() == Some("PendingAcceptance") {
            let since = u.external_user_state_change_date_time.clone().or(u.created_date_time.clone()).unwrap_or_default();
            match parse_rfc3339(&since).map(|t| days_between(t, now)) {
                Some(days) if days < max_days => {
                    e.pass(r, format!("Guest user {} was invited {days} days ago and has not redeemed the invitation yet.", u.label()))
                        .evidence("externalUserState", "PendingAcceptance");
                }
                days => {
                    e.fail(
                        r,
                        match days {
                            Some(d) => format!("Guest user {} has not redeemed an invitation sent {d} days ago.", u.label()),
                            None => format!("Guest user {} has not redeemed their invitation.", u.label()),
                        },
                    )
                    .evidence("externalUserState", "PendingAcceptance")
                    .evidence("externalUserStateChangeDateTime", since);
                }
            }
            continue;
        }
        let Some(activity) = u.sign_in_activity.as_ref() else {
            e.manual(r, format!("Guest user {} has no sign-in activity in the inventory (it needs Microsoft Entra ID P1): review whether the guest still needs access.", u.label()));
            continue;
        };
        let last = [&activity.last_sign_in_date_time, &activity.last_non_interactive_sign_in_date_time, &activity.last_successful_sign_in_date_time]
            .into_iter()
            .flatten()
            .filter_map(|s| parse_rfc3339(s).map(|t| (t, s.clone())))
            .max_by_key(|(t, _)| *t);
        match last {
            Some((t, s)) if days_between(t, now) < max_days => {
                e.pass(r, format!("Guest user {} signed in {} days ago.", u.label(), days_between(t, now))).evidence("signInActivity.lastSignInDateTime", s);
            }
            Some((t, s)) => {
                e.fail(r, format!("Guest user {} has not signed in for {} days.", u.label(), days_between(t, now))).evidence("signInActivity.lastSignInDateTime", s);
            }
            None => {
                let created = u.created_date_time.as_deref().and_then(parse_rfc3339).map(|t| days_between(t, now));
                if created.is_some_and(|d| d < max_days) {
                    e.pass(r, format!("Guest user {} was added {} days ago and has not signed in yet.", u.label(), created.unwrap_or(0)));
                } else {
                    e.fail(r, format!("Guest user {} has never signed in.", u.label())).evidence("signInActivity.lastSignInDateTime", "null");
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

    use crate::test_support::{SUB, USER, user_id};

    fn fixture() -> Fixture {
        let guest = |id: &str, extra: serde_json::Value| {
            let mut v = json!({"id": id, "userPrincipalName": format!("{id}_fabrikam.com#EXT#@contoso.onmicrosoft.com"), "userType": "Guest", "accountEnabled": true, "createdDateTime": "2025-01-10T00:00:00Z", "externalUserState": "Accepted"});
            for (k, x) in extra.as_object().unwrap() {
                v[k] = x.clone();
            }
            v
        };
        Fixture::new("azure", SUB)
            .scan_time("2026-01-01T00:00:00Z")
            .resource(USER, &user_id("active"), guest("active", json!({"signInActivity": {"lastSignInDateTime": "2025-12-01T00:00:00Z", "lastNonInteractiveSignInDateTime": null}})))
            .resource(USER, &user_id("stale"), guest("stale", json!({"signInActivity": {"lastSignInDateTime": "2025-03-01T00:00:00Z"}})))
            .resource(USER, &user_id("never"), guest("never", json!({"signInActivity": {"lastSignInDateTime": null}})))
            .resource(USER, &user_id("pending"), guest("pending", json!({"externalUserState": "PendingAcceptance", "externalUserStateChangeDateTime": "2025-06-01T00:00:00Z"})))
            .resource(USER, &user_id("nop1"), guest("nop1", json!({})))
            .resource(USER, &user_id("member"), json!({"id": "member", "userPrincipalName": "m@contoso.com", "userType": "Member"}))
    }

    #[test]
    fn inactive_and_unredeemed_guests_fail() {
        let out = fixture().run(&super::CHECK);
        out.assert_status(&user_id("active"), Status::Pass);
        let f = out.assert_status(&user_id("stale"), Status::Fail);
        assert_eq!(f.message, "Guest user stale_fabrikam.com#EXT#@contoso.onmicrosoft.com has not signed in for 306 days.");
        out.assert_status(&user_id("never"), Status::Fail);
        let f = out.assert_status(&user_id("pending"), Status::Fail);
        assert!(f.message.contains("214 days ago"), "{}", f.message);
        out.assert_status(&user_id("nop1"), Status::Manual);
        out.assert_status(&user_id("member"), Status::NotApplicable);
        let out = fixture().setting(super::SETTING, json!(400)).run(&super::CHECK);
        out.assert_status(&user_id("stale"), Status::Pass);
    }
}
