//! Every Azure Resource Manager `api-version` the collector sends, in one
//! place. They match `docs/kinds/azure.md`; changing one changes the shape of
//! the documented config, so change the doc (and the checks) with it.

/// `GET /subscriptions`, `GET /subscriptions/{id}`.
pub const SUBSCRIPTIONS: &str = "2022-12-01";
/// `GET /providers/Microsoft.Management/managementGroups/{id}/descendants`
/// (subscription discovery under `--azure-management-group`).
pub const MANAGEMENT_GROUPS: &str = "2020-05-01";
/// `Microsoft.Storage/storageAccounts` and `blobServices/default`.
pub const STORAGE: &str = "2023-05-01";
/// `Microsoft.Compute/virtualMachines` and their `extensions`.
pub const COMPUTE_VM: &str = "2024-07-01";
/// `Microsoft.Compute/disks`.
pub const COMPUTE_DISK: &str = "2024-03-02";
/// `Microsoft.Network/networkSecurityGroups`, `networkInterfaces`,
/// `networkWatchers` and `flowLogs`.
pub const NETWORK: &str = "2024-05-01";
/// `Microsoft.Sql/servers` and every sub-resource read with it.
pub const SQL: &str = "2023-08-01";
/// `Microsoft.Web/sites`, `config/web`, `config/appsettings/list`, `functions`.
pub const WEB: &str = "2023-12-01";
/// `Microsoft.Security/pricings`.
pub const SECURITY_PRICINGS: &str = "2024-01-01";
/// `Microsoft.Insights/diagnosticSettings` (subscription scope).
pub const DIAGNOSTIC_SETTINGS: &str = "2021-05-01-preview";
/// `Microsoft.KeyVault/vaults`.
pub const KEY_VAULT: &str = "2023-07-01";
/// `Microsoft.Authorization/roleAssignments` and `roleDefinitions`.
pub const AUTHORIZATION: &str = "2022-04-01";
/// The Blob service data plane (`x-ms-version`).
pub const BLOB_DATA_PLANE: &str = "2023-11-03";

/// The table rendered in `docs/collect-azure.md` (and checked by a test).
pub const TABLE: &[(&str, &str)] = &[
    ("Microsoft.Resources/subscriptions", SUBSCRIPTIONS),
    ("Microsoft.Management/managementGroups (descendants)", MANAGEMENT_GROUPS),
    ("Microsoft.Storage/storageAccounts (+ blobServices)", STORAGE),
    ("Microsoft.Compute/virtualMachines (+ extensions)", COMPUTE_VM),
    ("Microsoft.Compute/disks", COMPUTE_DISK),
    ("Microsoft.Network/* (NSGs, NICs, watchers, flow logs)", NETWORK),
    ("Microsoft.Sql/servers (+ sub-resources)", SQL),
    ("Microsoft.Web/sites (+ config, functions)", WEB),
    ("Microsoft.Security/pricings", SECURITY_PRICINGS),
    ("Microsoft.Insights/diagnosticSettings", DIAGNOSTIC_SETTINGS),
    ("Microsoft.KeyVault/vaults", KEY_VAULT),
    ("Microsoft.Authorization/roleAssignments, roleDefinitions", AUTHORIZATION),
    ("Blob service data plane (x-ms-version)", BLOB_DATA_PLANE),
];
