//! What the checks' tests share: Function Apps in one subscription.

use serde_json::json;
use splitline_plugin_sdk::testing::Fixture;

pub const SUB: &str = "00000000-0000-0000-0000-000000000000";
pub const SITE: &str = "azure.web.site";

pub fn site_id(name: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/{name}")
}

/// A fixture with one site per `(name, config)`; a config without `kind`
/// becomes a Linux Function App.
pub fn fixture(sites: &[(&str, serde_json::Value)]) -> Fixture {
    let mut fx = Fixture::new("azure", SUB);
    for (name, config) in sites {
        let mut config = config.clone();
        config["name"] = json!(name);
        if config.get("kind").is_none() {
            config["kind"] = json!("functionapp,linux");
        }
        fx = fx.resource(SITE, &site_id(name), config);
    }
    fx
}
