//! Function Apps: the `azure.web.site` resources whose `kind` contains
//! `functionapp` (web apps are judged by the azure-paas plugin).

use splitline_plugin_sdk::kinds::azure::WebSite;
use splitline_plugin_sdk::{Eval, Resource};

/// The Function Apps with their configuration; each other site gets a
/// `not_applicable` finding naming the plugin that covers it.
pub fn function_apps<'a>(e: &mut Eval<'a>) -> Vec<(&'a Resource, WebSite)> {
    let mut out = Vec::new();
    for (r, site) in e.each::<WebSite>() {
        if site.is_function_app() {
            out.push((r, site));
        } else {
            e.not_applicable(
                r,
                format!("{} is not a Function App; web apps are checked by the azure-paas plugin.", site.name),
            );
        }
    }
    out
}
