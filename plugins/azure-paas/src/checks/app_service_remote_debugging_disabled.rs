//! App Service web apps have remote debugging turned off.

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::prelude::*;

use crate::site;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-APPSERVICE-005",
        long_id: "azure-app-service-remote-debugging-disabled",
        title: "App Service web app has remote debugging disabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::ApplicationCode,
        resource_kinds: &[WebSite::KIND_NAME],
        risk: "Remote debugging opens extra inbound ports to the worker and lets a debugger attach to the running process, read its memory (tokens, connection strings, customer data) and change its execution; it is meant for minutes, not to be left on.",
        remediation: Remediation {
            text: "Turn remote debugging off (it switches itself off after 48 hours only when enabled from Visual Studio).",
            cli: Some("az webapp config set --resource-group RESOURCE_GROUP --name APP --remote-debugging-enabled false"),
            terraform: Some("resource \"azurerm_linux_web_app\" \"this\" {\n  # ...\n  site_config {\n    remote_debugging_enabled = false\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/app-service/configure-common"],
        compliance: &[compliance("nist-csf-2.0", "PR.PS-01"), compliance("iso27001-2022", "A.8.9")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, app) in site::web_apps(e) {
        match app.properties.site_config.as_ref().and_then(|c| c.remote_debugging_enabled) {
            Some(true) => {
                e.fail(r, format!("Web app {} has remote debugging enabled.", app.name)).evidence("properties.siteConfig.remoteDebuggingEnabled", true);
            }
            other => {
                e.pass(r, format!("Web app {} has remote debugging disabled.", app.name))
                    .evidence("properties.siteConfig.remoteDebuggingEnabled", other.map_or_else(|| "absent (false)".to_string(), |b| b.to_string()));
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
    fn enabled_fails() {
        let t = "Microsoft.Web/sites";
        let out = fixture_of(SITE, t, &[
            ("dbg", json!({"kind": "app", "properties": {"siteConfig": {"remoteDebuggingEnabled": true, "remoteDebuggingVersion": "VS2022"}}})),
            ("ok", json!({"kind": "app", "properties": {"siteConfig": {"remoteDebuggingEnabled": false}}})),
        ])
        .run(&super::CHECK);
        out.assert_status(&rid(t, "dbg"), Status::Fail);
        out.assert_status(&rid(t, "ok"), Status::Pass);
    }
}
