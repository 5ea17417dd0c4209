//! Azure SQL servers have a Microsoft Entra administrator.

use splitline_plugin_sdk::kinds::azure::SqlServer;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-SQL-005",
        long_id: "azure-sql-server-entra-admin",
        title: "SQL server has a Microsoft Entra administrator",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[SqlServer::KIND_NAME],
        risk: "Without a Microsoft Entra admin, the server can only be administered with SQL logins: shared passwords outside MFA, Conditional Access and central deprovisioning, whose use cannot be attributed to a person.",
        remediation: Remediation {
            text: "Set a Microsoft Entra group as the server's administrator, move users to Entra authentication and then enable Microsoft Entra-only authentication.",
            cli: Some("az sql server ad-admin create --resource-group RESOURCE_GROUP --server-name SERVER --display-name GROUP --object-id GROUP_OBJECT_ID"),
            terraform: Some("resource \"azurerm_mssql_server\" \"this\" {\n  # ...\n  azuread_administrator {\n    login_username              = \"sg-sql-admins\"\n    object_id                   = azuread_group.sql_admins.object_id\n    azuread_authentication_only = true\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/azure-sql/database/authentication-aad-configure"],
        compliance: &[compliance("cis-azure-2.1.0", "4.1.4"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<SqlServer>() {
        let is_entra = |t: Option<&str>| t.is_some_and(|t| t.eq_ignore_ascii_case("ActiveDirectory"));
        let from_list = s.administrators.iter().flatten().find(|a| is_entra(a.properties.administrator_type.as_deref())).map(|a| a.properties.clone());
        let from_server = s.properties.administrators.clone().filter(|a| is_entra(a.administrator_type.as_deref()));
        match from_list.or(from_server) {
            Some(admin) => {
                let login = admin.login.clone().unwrap_or_else(|| "an Entra principal".into());
                e.pass(r, format!("SQL server {} has Microsoft Entra administrator {login}.", s.name))
                    .evidence("administrators.properties.login", login)
                    .evidence("azureADOnlyAuthentication", admin.azure_ad_only_authentication.unwrap_or(false));
            }
            None => {
                e.fail(r, format!("SQL server {} has no Microsoft Entra administrator.", s.name)).evidence("administrators", "none");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{SQL, fixture_of, rid};

    #[test]
    fn admin_from_the_list_or_the_server_document() {
        let t = "Microsoft.Sql/servers";
        let out = fixture_of(SQL, t, &[
            ("listed", json!({"properties": {}, "administrators": [{"name": "ActiveDirectory", "properties": {"administratorType": "ActiveDirectory", "login": "sg-sql-admins"}}]})),
            ("inline", json!({"properties": {"administrators": {"administratorType": "ActiveDirectory", "login": "dba@contoso.com"}}})),
            ("none", json!({"properties": {"administratorLogin": "sqladmin"}, "administrators": []})),
        ])
        .run(&super::CHECK);
        let f = out.assert_status(&rid(t, "listed"), Status::Pass);
        assert_eq!(f.message, "SQL server listed has Microsoft Entra administrator sg-sql-admins.");
        out.assert_status(&rid(t, "inline"), Status::Pass);
        let f = out.assert_status(&rid(t, "none"), Status::Fail);
        assert_eq!(f.message, "SQL server none has no Microsoft Entra administrator.");
    }
}
