//! What the checks' tests share: storage accounts in one subscription.

use serde_json::json;
use splitline_plugin_sdk::testing::Fixture;

pub const KIND: &str = "azure.storage.account";
pub const PREFIX: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/";

/// A fixture with one storage account per `(name, properties)`; ids are `PREFIX + name`.
pub fn fixture(accounts: &[(&str, serde_json::Value)]) -> Fixture {
    let mut fx = Fixture::new("azure", "00000000-0000-0000-0000-000000000000");
    for (name, properties) in accounts {
        fx = fx.resource(KIND, &format!("{PREFIX}{name}"), json!({"name": name, "properties": properties}));
    }
    fx
}

pub const SUB: &str = "00000000-0000-0000-0000-000000000000";
pub const CONTAINER: &str = "azure.storage.blob-container";
pub const SQL: &str = "azure.sql.server";
pub const VAULT: &str = "azure.keyvault.vault";
pub const SITE: &str = "azure.web.site";

/// `/subscriptions/SUB/resourceGroups/rg/providers/{provider_type}/{name}`.
pub fn rid(provider_type: &str, name: &str) -> String {
    format!("/subscriptions/{SUB}/resourceGroups/rg/providers/{provider_type}/{name}")
}

/// A fixture with one resource of `kind` per `(name, config)`; ids are
/// `rid(provider_type, name)` and each config gets its `name`.
pub fn fixture_of(kind: &str, provider_type: &str, items: &[(&str, serde_json::Value)]) -> Fixture {
    let mut fx = Fixture::new("azure", SUB);
    for (name, config) in items {
        let mut config = config.clone();
        config["name"] = json!(name);
        fx = fx.resource(kind, &rid(provider_type, name), config);
    }
    fx
}
