//! `splitline permissions azure`: an Azure custom role with the registry's
//! ARM read actions, and, separately, the Microsoft Graph application
//! permissions (which a role cannot grant: they are consented on the app
//! registration).

use serde_json::json;
use splitline_collect::permissions_for;

/// The JSON document: `roleDefinition` (for `az role definition create
/// --role-definition`, after `jq .roleDefinition`) and `microsoftGraph`.
pub fn render(kinds: Option<&[String]>) -> String {
    let all = permissions_for(crate::registry(), kinds);
    let actions: Vec<&str> = all.iter().copied().filter(|p| p.starts_with("Microsoft.")).collect();
    let graph: Vec<&str> = all.iter().copied().filter(|p| !p.starts_with("Microsoft.")).collect();
    let doc = json!({
        "roleDefinition": {
            "Name": "splitline reader",
            "IsCustom": true,
            "Description": "Read-only access for the splitline security scanner: reads resource configuration, \
                            never data, keys or secrets' values (app settings are redacted by the scanner).",
            "Actions": actions,
            "NotActions": [],
            "DataActions": [],
            "NotDataActions": [],
            // The second scope is for `--azure-management-group`: assigned at a
            // group, the role reads the group's descendants and every
            // subscription under it. Keep the scopes you use.
            "AssignableScopes": [
                "/subscriptions/{subscriptionId}",
                "/providers/Microsoft.Management/managementGroups/{groupId}"
            ],
        },
        "microsoftGraph": {
            "applicationPermissions": graph,
            "note": "Microsoft Graph application permissions for the Microsoft Entra ID checks: add them to the \
                     app registration (API permissions → Microsoft Graph → Application) and grant admin consent. \
                     Sign-in activity, MFA registration details and conditional access also need a Microsoft \
                     Entra ID P1 or P2 licence; without it those are reported as coverage gaps.",
        },
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
