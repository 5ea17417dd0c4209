//! App Service web apps do not accept plain FTP deployments.

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::prelude::*;

use crate::site;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-APPSERVICE-003",
        long_id: "azure-app-service-ftp-disabled",
        title: "App Service web app has FTP disabled (or FTPS only)",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[WebSite::KIND_NAME],
        risk: "Plain FTP sends the deployment credentials and the application's code in clear text; anyone who captures them can replace the site's code. Even FTPS keeps a password-based deployment path open that bypasses CI/CD and Entra ID.",
        remediation: Remediation {
            text: "Set the FTP state to Disabled (deploy with CI/CD, zip deploy or Run From Package); if FTP is truly required, use FtpsOnly. Also disable basic authentication publishing credentials.",
            cli: Some("az webapp config set --resource-group RESOURCE_GROUP --name APP --ftps-state Disabled"),
            terraform: Some("resource \"azurerm_linux_web_app\" \"this\" {\n  # ...\n  site_config {\n    ftps_state = \"Disabled\"\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/app-service/deploy-ftp#enforce-ftps"],
        compliance: &[compliance("cis-azure-2.1.0", "9.9"), compliance("nist-csf-2.0", "PR.DS-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, app) in site::web_apps(e) {
        let state = app.properties.site_config.as_ref().and_then(|c| c.ftps_state.clone());
        match state.as_deref() {
            Some("Disabled") => {
                e.pass(r, format!("Web app {} has FTP deployment disabled.", app.name)).evidence("properties.siteConfig.ftpsState", "Disabled");
            }
            Some("FtpsOnly") => {
                e.pass(r, format!("Web app {} accepts FTP deployment only over FTPS.", app.name)).evidence("properties.siteConfig.ftpsState", "FtpsOnly");
            }
            other => {
                e.fail(r, format!("Web app {} accepts deployments over plain FTP.", app.name))
                    .evidence("properties.siteConfig.ftpsState", other.unwrap_or("absent (AllAllowed)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{SITE, fixture_of, rid};

    #[test]
    fn all_allowed_fails() {
        let t = "Microsoft.Web/sites";
        let cfg = |s: &str| json!({"kind": "app", "properties": {"siteConfig": {"ftpsState": s}}});
        let out = fixture_of(SITE, t, &[("off", cfg("Disabled")), ("ftps", cfg("FtpsOnly")), ("ftp", cfg("AllAllowed"))]).run(&super::CHECK);
        out.assert_status(&rid(t, "off"), Status::Pass);
        out.assert_status(&rid(t, "ftps"), Status::Pass);
        let f = out.assert_status(&rid(t, "ftp"), Status::Fail);
        assert_eq!(f.message, "Web app ftp accepts deployments over plain FTP.");
    }
}
