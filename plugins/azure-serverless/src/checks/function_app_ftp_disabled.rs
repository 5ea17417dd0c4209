//! Function Apps do not accept plain FTP deployments.

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::prelude::*;

use crate::apps;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-FUNC-007",
        long_id: "azure-function-app-ftp-disabled",
        title: "Function App has FTP disabled (or FTPS only)",
        severity: Severity::Medium,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[WebSite::KIND_NAME],
        risk: "Plain FTP sends deployment credentials and function code in clear text; whoever captures them can replace the functions' code and act with the app's identity.",
        remediation: Remediation {
            text: "Set the FTP state to Disabled and deploy with zip deploy, Run From Package or CI/CD; use FtpsOnly only if FTP is truly required.",
            cli: Some("az functionapp config set --resource-group RESOURCE_GROUP --name APP --ftps-state Disabled"),
            terraform: Some("resource \"azurerm_linux_function_app\" \"this\" {\n  # ...\n  site_config {\n    ftps_state = \"Disabled\"\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/app-service/deploy-ftp#enforce-ftps"],
        compliance: &[compliance("cis-azure-2.1.0", "9.9"), compliance("nist-csf-2.0", "PR.DS-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, app) in apps::function_apps(e) {
        match app.properties.site_config.as_ref().and_then(|c| c.ftps_state.clone()).as_deref() {
            Some(s @ ("Disabled" | "FtpsOnly")) => {
                e.pass(r, format!("Function App {} does not accept plain FTP ({s}).", app.name)).evidence("properties.siteConfig.ftpsState", s);
            }
            other => {
                e.fail(r, format!("Function App {} accepts deployments over plain FTP.", app.name))
                    .evidence("properties.siteConfig.ftpsState", other.unwrap_or("absent (AllAllowed)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{fixture, site_id};

    #[test]
    fn all_allowed_fails() {
        let cfg = |s: &str| json!({"properties": {"siteConfig": {"ftpsState": s}}});
        let out = fixture(&[("fn-off", cfg("Disabled")), ("fn-ftps", cfg("FtpsOnly")), ("fn-ftp", cfg("AllAllowed"))]).run(&super::CHECK);
        out.assert_status(&site_id("fn-off"), Status::Pass);
        out.assert_status(&site_id("fn-ftps"), Status::Pass);
        out.assert_status(&site_id("fn-ftp"), Status::Fail);
    }
}
