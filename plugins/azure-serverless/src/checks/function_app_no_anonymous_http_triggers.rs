//! Function Apps have no enabled HTTP-triggered function open to anonymous callers.

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::prelude::*;

use crate::apps;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-FUNC-002",
        long_id: "azure-function-app-no-anonymous-http-triggers",
        title: "Function App has no HTTP-triggered function with anonymous authorization",
        severity: Severity::High,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::ApplicationCode,
        resource_kinds: &[WebSite::KIND_NAME],
        risk: "An HTTP trigger with authLevel anonymous can be called by anyone who finds its URL (the default host name is public and guessable): the function's code, its managed identity and everything it can reach run on behalf of unauthenticated callers, and each call costs money.",
        remediation: Remediation {
            text: "Set authLevel to function (or admin) and give callers a key, or keep anonymous only behind App Service Authentication, API Management or Front Door that authenticates the caller, with public network access restricted.",
            cli: None,
            terraform: None,
        },
        references: &[
            "https://learn.microsoft.com/en-us/azure/azure-functions/functions-bindings-http-webhook-trigger#http-auth",
            "https://learn.microsoft.com/en-us/azure/azure-functions/security-concepts#function-access-keys",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05"), compliance("iso27001-2022", "A.8.26")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, app) in apps::function_apps(e) {
        let Some(functions) = app.functions.as_ref() else {
            e.error(r, format!("The functions of Function App {} were not collected.", app.name));
            continue;
        };
        if functions.is_empty() {
            e.manual(r, format!("Function App {} reports no functions (stopped, or its host is not running): review its HTTP triggers.", app.name));
            continue;
        }
        let mut anonymous = Vec::new();
        for (i, f) in functions.iter().enumerate() {
            if f.properties.is_disabled == Some(true) {
                continue;
            }
            let bindings = f.properties.config.as_ref().map(|c| c.bindings.as_slice()).unwrap_or_default();
            let open = bindings.iter().any(|b| {
                b.binding_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("httpTrigger"))
                    && b.auth_level.as_deref().is_some_and(|a| a.eq_ignore_ascii_case("anonymous"))
            });
            if open {
                let name = f.properties.name.clone().unwrap_or_else(|| f.name.rsplit('/').next().unwrap_or(&f.name).to_string());
                anonymous.push((i, name));
            }
        }
        if anonymous.is_empty() {
            e.pass(r, format!("Function App {} has no enabled HTTP trigger open to anonymous callers ({} functions).", app.name, functions.len()));
            continue;
        }
        let names: Vec<&str> = anonymous.iter().map(|(_, n)| n.as_str()).collect();
        let f = e.fail(r, format!("Function App {} has HTTP-triggered functions anyone can call without a key: {}.", app.name, names.join(", ")));
        for (i, _) in &anonymous {
            f.evidence(format!("functions[{i}].properties.config.bindings.authLevel"), "anonymous");
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{fixture, site_id};

    fn func(name: &str, trigger: &str, auth: Option<&str>, disabled: bool) -> serde_json::Value {
        let mut binding = json!({"type": trigger, "direction": "in", "name": "req"});
        if let Some(a) = auth {
            binding["authLevel"] = json!(a);
        }
        json!({"name": format!("app/{name}"), "properties": {"name": name, "isDisabled": disabled, "config": {"bindings": [binding, {"type": "http", "direction": "out", "name": "$return"}]}}})
    }

    #[test]
    fn anonymous_enabled_http_triggers_fail() {
        let out = fixture(&[
            ("fn-open", json!({"properties": {}, "functions": [func("health", "httpTrigger", Some("anonymous"), false), func("export", "httpTrigger", Some("function"), false)]})),
            ("fn-keys", json!({"properties": {}, "functions": [func("export", "httpTrigger", None, false), func("nightly", "timerTrigger", None, false)]})),
            ("fn-off", json!({"properties": {}, "functions": [func("legacy", "httpTrigger", Some("Anonymous"), true)]})),
            ("fn-empty", json!({"properties": {}, "functions": []})),
            ("fn-old", json!({"properties": {}})),
        ])
        .run(&super::CHECK);
        let f = out.assert_status(&site_id("fn-open"), Status::Fail);
        assert_eq!(f.message, "Function App fn-open has HTTP-triggered functions anyone can call without a key: health.");
        assert_eq!(f.evidence[0].property, "functions[0].properties.config.bindings.authLevel");
        out.assert_status(&site_id("fn-keys"), Status::Pass);
        out.assert_status(&site_id("fn-off"), Status::Pass);
        out.assert_status(&site_id("fn-empty"), Status::Manual);
        out.assert_status(&site_id("fn-old"), Status::Error);
    }
}
