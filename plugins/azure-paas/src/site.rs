//! App Service web apps: the `azure.web.site` resources that are not
//! Function Apps (those are judged by the azure-serverless plugin).

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::{Eval, Resource};

/// The web apps with their configuration; each Function App gets a
/// `not_applicable` finding naming the plugin that covers it.
pub fn web_apps<'a>(e: &mut Eval<'a>) -> Vec<(&'a Resource, WebSite)> {
    let mut out = Vec::new();
    for (r, site) in e.each::<WebSite>() {
        if site.is_function_app() {
            e.not_applicable(r, format!("{} is a Function App, checked by the azure-serverless plugin.", site.name));
        } else {
            out.push((r, site));
        }
    }
    out
}

/// A TLS version string (`1.0`, `1.2`, `1.3`) as a comparable number.
pub fn tls(v: &str) -> Option<f64> {
    v.trim().parse::<f64>().ok()
}
