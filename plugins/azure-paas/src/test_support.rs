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
