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
    /// `…/blobServices/default`; absent for accounts without a Blob service.
    pub blob_service_properties: Option<BlobServiceProperties>,
    /// The Blob service's Storage Analytics logging (data plane, Get Blob
    /// Service Properties); absent for accounts without a Blob service and
    /// when the call could not be made (then a coverage gap says why).
    pub blob_service_logging: Option<BlobServiceLogging>,
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
    pub allow_cross_tenant_replication: Option<bool>,
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

/// Deserializes `null` as the type's default (Graph and App Service return
/// `null` for empty lists and unset strings).
fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A reference to another resource: `{ "id": "..." }`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IdRef {
    pub id: String,
}

/// The blob service properties merged into a storage account
/// (`blobServiceProperties`, `…/blobServices/default`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BlobServiceProperties {
    pub properties: BlobServicePropertiesProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BlobServicePropertiesProperties {
    /// Blob soft delete; absent: off.
    pub delete_retention_policy: Option<DeleteRetentionPolicy>,
    /// Container soft delete; absent: off.
    pub container_delete_retention_policy: Option<DeleteRetentionPolicy>,
    pub is_versioning_enabled: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeleteRetentionPolicy {
    pub enabled: Option<bool>,
    pub days: Option<i64>,
}

/// `blobServiceLogging`: the `Logging` element of Get Blob Service
/// Properties; absent members mean off.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BlobServiceLogging {
    pub version: Option<String>,
    pub read: Option<bool>,
    pub write: Option<bool>,
    pub delete: Option<bool>,
    pub retention_policy: Option<DeleteRetentionPolicy>,
}

/// `azure.storage.blob-container`: a Blob container from the Blob service
/// data plane (List Containers + Get Container ACL), XML names in camelCase.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BlobContainer {
    pub name: String,
    /// The storage account's ARM id, added by the collector.
    pub storage_account_id: Option<String>,
    pub properties: BlobContainerProperties,
    #[serde(deserialize_with = "nullable")]
    pub signed_identifiers: Vec<SignedIdentifier>,
}
kind!(BlobContainer, "azure.storage.blob-container");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BlobContainerProperties {
    /// `container` or `blob`; absent: private.
    pub public_access: Option<String>,
    pub last_modified: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SignedIdentifier {
    pub id: String,
    pub access_policy: Option<AccessPolicy>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccessPolicy {
    pub start: Option<String>,
    pub expiry: Option<String>,
    pub permission: Option<String>,
}

/// A managed identity (`identity`) of a resource.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ManagedIdentity {
    /// `SystemAssigned`, `UserAssigned`, `SystemAssigned, UserAssigned`, `None`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub principal_id: Option<String>,
}

impl ManagedIdentity {
    /// Whether a system- or user-assigned identity is present.
    pub fn is_assigned(&self) -> bool {
        self.kind.as_deref().is_some_and(|t| !t.trim().is_empty() && !t.eq_ignore_ascii_case("None"))
    }
}

/// `azure.compute.virtual-machine`: `Microsoft.Compute/virtualMachines`
/// (api-version 2024-07-01) with `extensions` and `networkInterfaces`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VirtualMachine {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub identity: Option<ManagedIdentity>,
    pub properties: VirtualMachineProperties,
    /// Absent: not collected (inventories before 1.1); `[]`: none installed.
    pub extensions: Option<Vec<VmExtension>>,
    /// Absent: not collected (inventories before 1.1).
    pub network_interfaces: Option<Vec<NetworkInterface>>,
}
kind!(VirtualMachine, "azure.compute.virtual-machine");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VirtualMachineProperties {
    pub storage_profile: Option<StorageProfile>,
    pub security_profile: Option<SecurityProfile>,
    pub os_profile: Option<OsProfile>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StorageProfile {
    pub os_disk: Option<VmDisk>,
    #[serde(deserialize_with = "nullable")]
    pub data_disks: Vec<VmDisk>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VmDisk {
    pub name: Option<String>,
    pub lun: Option<i64>,
    pub os_type: Option<String>,
    pub managed_disk: Option<ManagedDiskRef>,
    /// Present for an unmanaged (page blob) disk.
    pub vhd: Option<VhdRef>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ManagedDiskRef {
    pub id: Option<String>,
    pub storage_account_type: Option<String>,
    /// Customer-managed key; absent: platform-managed key.
    pub disk_encryption_set: Option<IdRef>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VhdRef {
    pub uri: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SecurityProfile {
    pub encryption_at_host: Option<bool>,
    /// `TrustedLaunch`, `ConfidentialVM`; absent: standard.
    pub security_type: Option<String>,
    pub uefi_settings: Option<UefiSettings>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UefiSettings {
    pub secure_boot_enabled: Option<bool>,
    #[serde(rename = "vTpmEnabled")]
    pub v_tpm_enabled: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OsProfile {
    pub admin_username: Option<String>,
    pub linux_configuration: Option<LinuxConfiguration>,
    pub windows_configuration: Option<WindowsConfiguration>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LinuxConfiguration {
    pub disable_password_authentication: Option<bool>,
    pub patch_settings: Option<PatchSettings>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WindowsConfiguration {
    pub enable_automatic_updates: Option<bool>,
    pub patch_settings: Option<PatchSettings>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PatchSettings {
    pub patch_mode: Option<String>,
    pub assessment_mode: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VmExtension {
    pub name: String,
    pub properties: VmExtensionProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VmExtensionProperties {
    pub publisher: Option<String>,
    #[serde(rename = "type")]
    pub extension_type: Option<String>,
    pub type_handler_version: Option<String>,
}

/// A NIC document (`Microsoft.Network/networkInterfaces`, 2024-05-01).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NetworkInterface {
    pub id: String,
    pub name: String,
    pub properties: NetworkInterfaceProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NetworkInterfaceProperties {
    #[serde(deserialize_with = "nullable")]
    pub ip_configurations: Vec<IpConfiguration>,
    pub network_security_group: Option<IdRef>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IpConfiguration {
    pub name: String,
    pub properties: IpConfigurationProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct IpConfigurationProperties {
    #[serde(rename = "privateIPAddress")]
    pub private_ip_address: Option<String>,
    /// Absent: no public IP on this configuration.
    #[serde(rename = "publicIPAddress")]
    pub public_ip_address: Option<IdRef>,
}

/// `azure.network.network-security-group`: `Microsoft.Network/networkSecurityGroups`
/// (api-version 2024-05-01).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NetworkSecurityGroup {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub properties: NetworkSecurityGroupProperties,
}
kind!(NetworkSecurityGroup, "azure.network.network-security-group");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NetworkSecurityGroupProperties {
    #[serde(deserialize_with = "nullable")]
    pub security_rules: Vec<SecurityRule>,
    #[serde(deserialize_with = "nullable")]
    pub subnets: Vec<IdRef>,
    #[serde(deserialize_with = "nullable")]
    pub network_interfaces: Vec<IdRef>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SecurityRule {
    pub name: String,
    pub properties: SecurityRuleProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SecurityRuleProperties {
    /// `Inbound` / `Outbound`.
    pub direction: String,
    /// `Allow` / `Deny`.
    pub access: String,
    pub priority: Option<i64>,
    /// `Tcp`, `Udp`, `Icmp`, `Esp`, `Ah`, `*`.
    pub protocol: String,
    pub source_address_prefix: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub source_address_prefixes: Vec<String>,
    pub destination_port_range: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub destination_port_ranges: Vec<String>,
}

/// `azure.compute.disk`: `Microsoft.Compute/disks` (api-version 2024-03-02).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Disk {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub managed_by: Option<String>,
    pub properties: DiskProperties,
}
kind!(Disk, "azure.compute.disk");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DiskProperties {
    /// `Unattached`, `Attached`, `Reserved`, `ActiveSAS`, …
    pub disk_state: Option<String>,
    #[serde(rename = "LastOwnershipUpdateTime")]
    pub last_ownership_update_time: Option<String>,
    pub time_created: Option<String>,
    /// Absent: platform-managed key.
    pub encryption: Option<DiskEncryption>,
    /// `AllowAll`, `AllowPrivate`, `DenyAll`.
    pub network_access_policy: Option<String>,
    pub public_network_access: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DiskEncryption {
    /// `EncryptionAtRestWithPlatformKey`, `EncryptionAtRestWithCustomerKey`,
    /// `EncryptionAtRestWithPlatformAndCustomerKeys`.
    #[serde(rename = "type")]
    pub encryption_type: Option<String>,
    pub disk_encryption_set_id: Option<String>,
}

/// `azure.network.flow-log`: `Microsoft.Network/networkWatchers/flowLogs`
/// (api-version 2024-05-01).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowLog {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub properties: FlowLogProperties,
}
kind!(FlowLog, "azure.network.flow-log");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowLogProperties {
    pub target_resource_id: Option<String>,
    pub enabled: Option<bool>,
    pub retention_policy: Option<FlowLogRetention>,
    pub storage_id: Option<String>,
    pub flow_analytics_configuration: Option<FlowAnalyticsConfiguration>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowLogRetention {
    pub days: Option<i64>,
    pub enabled: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowAnalyticsConfiguration {
    pub network_watcher_flow_analytics_configuration: Option<TrafficAnalytics>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TrafficAnalytics {
    pub enabled: Option<bool>,
    pub workspace_resource_id: Option<String>,
}

/// `azure.sql.server`: `Microsoft.Sql/servers` (api-version 2023-08-01)
/// with firewall rules, auditing, Entra administrators and databases.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlServer {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub properties: SqlServerProperties,
    #[serde(deserialize_with = "nullable")]
    pub firewall_rules: Vec<SqlFirewallRule>,
    pub auditing_settings: Option<SqlAuditingSettings>,
    /// `…/administrators` list; absent: not collected (inventories before 1.1).
    pub administrators: Option<Vec<SqlAdministrator>>,
    /// Absent: not collected (inventories before 1.1).
    pub databases: Option<Vec<SqlDatabase>>,
}
kind!(SqlServer, "azure.sql.server");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlServerProperties {
    pub administrators: Option<SqlAdministratorProperties>,
    pub public_network_access: Option<String>,
    pub minimal_tls_version: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlFirewallRule {
    pub name: String,
    pub properties: SqlFirewallRuleProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlFirewallRuleProperties {
    pub start_ip_address: String,
    pub end_ip_address: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlAuditingSettings {
    pub properties: SqlAuditingProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlAuditingProperties {
    /// `Enabled` / `Disabled`.
    pub state: Option<String>,
    pub retention_days: Option<i64>,
    pub storage_endpoint: Option<String>,
    pub is_azure_monitor_target_enabled: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlAdministrator {
    pub name: Option<String>,
    pub properties: SqlAdministratorProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlAdministratorProperties {
    /// `ActiveDirectory` for a Microsoft Entra admin.
    pub administrator_type: Option<String>,
    pub login: Option<String>,
    #[serde(rename = "azureADOnlyAuthentication")]
    pub azure_ad_only_authentication: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlDatabase {
    pub name: String,
    /// Absent: the call failed for this database (unknown).
    pub transparent_data_encryption: Option<SqlTde>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlTde {
    pub properties: SqlTdeProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlTdeProperties {
    /// `Enabled` / `Disabled`.
    pub state: Option<String>,
}

/// `azure.web.site`: `Microsoft.Web/sites` (api-version 2023-12-01) with
/// `config/web` as `properties.siteConfig`, `appSettings` and, for
/// Function Apps, `functions`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WebSite {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `app`, `app,linux`, `functionapp`, `functionapp,linux`, …
    pub kind: Option<String>,
    pub identity: Option<ManagedIdentity>,
    pub properties: WebSiteProperties,
    /// Name → value; secret values arrive redacted.
    #[serde(deserialize_with = "nullable")]
    pub app_settings: std::collections::BTreeMap<String, String>,
    /// Function Apps only; absent: not collected.
    pub functions: Option<Vec<FunctionEnvelope>>,
}
kind!(WebSite, "azure.web.site");

impl WebSite {
    /// A Function App: `kind` contains `functionapp`.
    pub fn is_function_app(&self) -> bool {
        self.kind.as_deref().is_some_and(|k| k.to_ascii_lowercase().contains("functionapp"))
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WebSiteProperties {
    pub https_only: Option<bool>,
    pub public_network_access: Option<String>,
    pub site_config: Option<SiteConfig>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SiteConfig {
    pub min_tls_version: Option<String>,
    pub scm_min_tls_version: Option<String>,
    /// `AllAllowed`, `FtpsOnly`, `Disabled`.
    pub ftps_state: Option<String>,
    pub remote_debugging_enabled: Option<bool>,
    pub public_network_access: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FunctionEnvelope {
    pub name: String,
    pub properties: FunctionProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FunctionProperties {
    pub name: Option<String>,
    pub config: Option<FunctionConfig>,
    #[serde(rename = "isDisabled")]
    pub is_disabled: Option<bool>,
    pub invoke_url_template: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FunctionConfig {
    #[serde(deserialize_with = "nullable")]
    pub bindings: Vec<FunctionBinding>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FunctionBinding {
    #[serde(rename = "type")]
    pub binding_type: Option<String>,
    pub direction: Option<String>,
    pub name: Option<String>,
    /// `anonymous`, `function`, `admin`; absent: `function`.
    pub auth_level: Option<String>,
    pub route: Option<String>,
}

/// `azure.keyvault.vault`: `Microsoft.KeyVault/vaults` (api-version 2023-07-01).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KeyVault {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub properties: KeyVaultProperties,
}
kind!(KeyVault, "azure.keyvault.vault");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KeyVaultProperties {
    pub enable_soft_delete: Option<bool>,
    pub soft_delete_retention_in_days: Option<i64>,
    /// Absent: off.
    pub enable_purge_protection: Option<bool>,
    pub enable_rbac_authorization: Option<bool>,
    pub public_network_access: Option<String>,
    /// Absent: all networks allowed.
    pub network_acls: Option<KeyVaultNetworkAcls>,
    #[serde(deserialize_with = "nullable")]
    pub private_endpoint_connections: Vec<serde_json::Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KeyVaultNetworkAcls {
    pub default_action: Option<String>,
    pub bypass: Option<String>,
}

/// `azure.security.pricing`: one Defender for Cloud plan (2024-01-01).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SecurityPricing {
    pub id: String,
    pub name: String,
    pub properties: SecurityPricingProperties,
}
kind!(SecurityPricing, "azure.security.pricing");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SecurityPricingProperties {
    /// `Standard` (plan on) or `Free`.
    pub pricing_tier: Option<String>,
    pub sub_plan: Option<String>,
    pub deprecated: Option<bool>,
}

/// `azure.insights.diagnostic-setting` (2021-05-01-preview).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DiagnosticSetting {
    pub id: String,
    pub name: String,
    pub properties: DiagnosticSettingProperties,
}
kind!(DiagnosticSetting, "azure.insights.diagnostic-setting");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DiagnosticSettingProperties {
    #[serde(deserialize_with = "nullable")]
    pub logs: Vec<DiagnosticLog>,
    pub workspace_id: Option<String>,
    pub storage_account_id: Option<String>,
    pub event_hub_authorization_rule_id: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DiagnosticLog {
    pub category: Option<String>,
    pub category_group: Option<String>,
    pub enabled: Option<bool>,
}

/// `azure.resources.subscription`: `GET /subscriptions/{id}` (2022-12-01).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Subscription {
    pub id: String,
    pub subscription_id: Option<String>,
    pub display_name: Option<String>,
    pub tenant_id: Option<String>,
    pub state: Option<String>,
}
kind!(Subscription, "azure.resources.subscription");

/// `azure.authorization.role-assignment` (2022-04-01) with its `roleDefinition`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RoleAssignment {
    pub id: String,
    pub name: String,
    pub properties: RoleAssignmentProperties,
    pub role_definition: Option<RoleDefinition>,
}
kind!(RoleAssignment, "azure.authorization.role-assignment");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RoleAssignmentProperties {
    pub scope: Option<String>,
    pub role_definition_id: Option<String>,
    pub principal_id: Option<String>,
    pub principal_type: Option<String>,
    pub condition: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RoleDefinition {
    pub properties: RoleDefinitionProperties,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RoleDefinitionProperties {
    pub role_name: Option<String>,
    /// `BuiltInRole` / `CustomRole`.
    #[serde(rename = "type")]
    pub role_type: Option<String>,
}

/// `azure.entra.user`: Microsoft Graph v1.0 `/users` with `userRegistrationDetails`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EntraUser {
    pub id: String,
    pub display_name: Option<String>,
    pub user_principal_name: Option<String>,
    /// `Member` / `Guest`.
    pub user_type: Option<String>,
    pub account_enabled: Option<bool>,
    pub created_date_time: Option<String>,
    /// `PendingAcceptance` / `Accepted` for guests.
    pub external_user_state: Option<String>,
    pub external_user_state_change_date_time: Option<String>,
    /// Absent: not collected (no Entra ID P1).
    pub sign_in_activity: Option<SignInActivity>,
    /// Absent: not in the registration report.
    pub user_registration_details: Option<UserRegistrationDetails>,
}
kind!(EntraUser, "azure.entra.user");

impl EntraUser {
    /// The user principal name, or the object id.
    pub fn label(&self) -> &str {
        self.user_principal_name.as_deref().filter(|u| !u.is_empty()).unwrap_or(&self.id)
    }

    pub fn is_guest(&self) -> bool {
        self.user_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("Guest"))
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SignInActivity {
    pub last_sign_in_date_time: Option<String>,
    pub last_non_interactive_sign_in_date_time: Option<String>,
    pub last_successful_sign_in_date_time: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserRegistrationDetails {
    pub is_mfa_registered: Option<bool>,
    pub is_mfa_capable: Option<bool>,
    pub is_admin: Option<bool>,
    #[serde(deserialize_with = "nullable")]
    pub methods_registered: Vec<String>,
}

/// `azure.entra.security-defaults`: Graph `/policies/identitySecurityDefaultsEnforcementPolicy`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SecurityDefaults {
    pub is_enabled: Option<bool>,
    pub display_name: Option<String>,
}
kind!(SecurityDefaults, "azure.entra.security-defaults");

/// `azure.entra.conditional-access-policy`: Graph `/identity/conditionalAccess/policies`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConditionalAccessPolicy {
    pub id: String,
    pub display_name: Option<String>,
    /// `enabled`, `disabled`, `enabledForReportingButNotEnforced`.
    pub state: Option<String>,
    pub conditions: Option<CaConditions>,
    pub grant_controls: Option<CaGrantControls>,
}
kind!(ConditionalAccessPolicy, "azure.entra.conditional-access-policy");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CaConditions {
    pub users: Option<CaUsers>,
    pub applications: Option<CaApplications>,
    #[serde(deserialize_with = "nullable")]
    pub client_app_types: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CaUsers {
    #[serde(deserialize_with = "nullable")]
    pub include_users: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub exclude_users: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub exclude_groups: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub exclude_roles: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CaApplications {
    #[serde(deserialize_with = "nullable")]
    pub include_applications: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub exclude_applications: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CaGrantControls {
    pub operator: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub built_in_controls: Vec<String>,
    pub authentication_strength: Option<serde_json::Value>,
}

/// `azure.entra.directory-role`: Graph `/directoryRoles` with `members`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DirectoryRole {
    pub id: String,
    pub display_name: Option<String>,
    pub role_template_id: Option<String>,
    /// Absent: not collected.
    pub members: Option<Vec<DirectoryObject>>,
}
kind!(DirectoryRole, "azure.entra.directory-role");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DirectoryObject {
    #[serde(rename = "@odata.type")]
    pub odata_type: Option<String>,
    pub id: String,
    pub display_name: Option<String>,
    pub user_principal_name: Option<String>,
    pub user_type: Option<String>,
}

impl DirectoryObject {
    /// The UPN, display name or id.
    pub fn label(&self) -> &str {
        self.user_principal_name
            .as_deref()
            .or(self.display_name.as_deref())
            .filter(|s| !s.is_empty())
            .unwrap_or(&self.id)
    }
}
