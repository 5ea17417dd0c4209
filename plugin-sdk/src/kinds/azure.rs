//! Azure kinds. Each document is the Azure Resource Manager GET response of
//! the resource (`id`, `name`, `type`, `location`, `tags`, `properties`).

use serde::Deserialize;

use super::kind;

/// `azure.storage.account`: `Microsoft.Storage/storageAccounts`
/// (api-version 2023-05-01).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StorageAccount {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub kind: Option<String>,
    pub properties: StorageAccountProperties,
}
kind!(StorageAccount, "azure.storage.account");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StorageAccountProperties {
    /// Absent means the service default: `true` for accounts created by
    /// current API versions.
    pub supports_https_traffic_only: Option<bool>,
    /// `TLS1_0`, `TLS1_1`, `TLS1_2`, `TLS1_3`.
    pub minimum_tls_version: Option<String>,
    pub allow_blob_public_access: Option<bool>,
    pub allow_shared_key_access: Option<bool>,
    pub public_network_access: Option<String>,
    pub network_acls: Option<NetworkRuleSet>,
    pub encryption: Option<StorageEncryption>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NetworkRuleSet {
    /// `Allow` or `Deny`.
    pub default_action: String,
    pub bypass: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StorageEncryption {
    /// `Microsoft.Storage` or `Microsoft.Keyvault`.
    pub key_source: Option<String>,
    pub require_infrastructure_encryption: Option<bool>,
}
