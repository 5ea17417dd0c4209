//! Google Cloud kinds. Documents follow the REST (JSON) API resources.

use serde::Deserialize;

use super::kind;

/// `gcp.storage.bucket`: a Cloud Storage bucket resource (JSON API v1
/// `buckets.get`) with the bucket's IAM policy (`buckets.getIamPolicy`)
/// under `iamPolicy`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StorageBucket {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub iam_configuration: Option<IamConfiguration>,
    pub versioning: Option<BucketVersioning>,
    pub logging: Option<BucketLogging>,
    pub retention_policy: Option<RetentionPolicy>,
    pub encryption: Option<BucketEncryption>,
    pub iam_policy: Option<IamPolicy>,
}
kind!(StorageBucket, "gcp.storage.bucket");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IamConfiguration {
    pub uniform_bucket_level_access: Option<Toggle>,
    /// `enforced` or `inherited`.
    pub public_access_prevention: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Toggle {
    pub enabled: bool,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct BucketVersioning {
    pub enabled: bool,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BucketLogging {
    pub log_bucket: String,
    pub log_object_prefix: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RetentionPolicy {
    /// Seconds, as a decimal string in the JSON API.
    pub retention_period: Option<String>,
    pub is_locked: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BucketEncryption {
    pub default_kms_key_name: Option<String>,
}

/// An IAM policy (`bindings` of role → members).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct IamPolicy {
    pub bindings: Vec<IamBinding>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct IamBinding {
    pub role: String,
    pub members: Vec<String>,
}

/// The IAM members that make a resource public.
pub const PUBLIC_MEMBERS: [&str; 2] = ["allUsers", "allAuthenticatedUsers"];

impl IamPolicy {
    /// Every `(role, member)` pair of the policy.
    pub fn grants(&self) -> impl Iterator<Item = (&str, &str)> {
        self.bindings.iter().flat_map(|b| b.members.iter().map(move |m| (b.role.as_str(), m.as_str())))
    }

    /// The roles granted to `allUsers` or `allAuthenticatedUsers`, as `ROLE to MEMBER`.
    pub fn public_grants(&self) -> Vec<String> {
        self.grants().filter(|(_, m)| PUBLIC_MEMBERS.contains(m)).map(|(role, m)| format!("{role} to {m}")).collect()
    }
}

/// A Compute Engine metadata document (`metadata` of an instance,
/// `commonInstanceMetadata` of a project).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Metadata {
    pub items: Vec<MetadataItem>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct MetadataItem {
    pub key: String,
    pub value: Option<String>,
}

impl Metadata {
    /// The value of a key, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.items.iter().find(|i| i.key == key).map(|i| i.value.as_deref().unwrap_or(""))
    }

    /// A boolean key as the guest environment reads it: `Some(true)` for
    /// `TRUE`/`true`/`1`/`t`, `Some(false)` for `FALSE`/`false`/`0`/`f`,
    /// `None` when the key is absent or holds anything else.
    pub fn flag(&self, key: &str) -> Option<bool> {
        match self.get(key)?.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "t" | "yes" | "y" => Some(true),
            "false" | "0" | "f" | "no" | "n" => Some(false),
            _ => None,
        }
    }
}

/// `gcp.compute.instance`: Compute Engine v1 `instances.get`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ComputeInstance {
    pub name: String,
    pub status: Option<String>,
    pub network_interfaces: Vec<NetworkInterface>,
    pub service_accounts: Vec<InstanceServiceAccount>,
    pub metadata: Option<Metadata>,
    pub shielded_instance_config: Option<ShieldedInstanceConfig>,
    pub can_ip_forward: Option<bool>,
    pub labels: std::collections::BTreeMap<String, String>,
}
kind!(ComputeInstance, "gcp.compute.instance");

impl ComputeInstance {
    /// A GKE node (label `goog-gke-node`), which CIS
    /// excludes from several instance controls because GKE manages it.
    pub fn is_gke_node(&self) -> bool {
        self.labels.contains_key("goog-gke-node")
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NetworkInterface {
    pub name: Option<String>,
    #[serde(rename = "networkIP")]
    pub network_ip: Option<String>,
    pub access_configs: Vec<AccessConfig>,
    pub ipv6_access_configs: Vec<AccessConfig>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccessConfig {
    pub name: Option<String>,
    #[serde(rename = "natIP")]
    pub nat_ip: Option<String>,
    pub external_ipv6: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct InstanceServiceAccount {
    pub email: String,
    pub scopes: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ShieldedInstanceConfig {
    pub enable_secure_boot: Option<bool>,
    pub enable_vtpm: Option<bool>,
    pub enable_integrity_monitoring: Option<bool>,
}

/// The Compute Engine default service account's email ends with this.
pub const DEFAULT_COMPUTE_SA_SUFFIX: &str = "-compute@developer.gserviceaccount.com";

/// Whether `email` is a project's Compute Engine default service account
/// (`PROJECT_NUMBER-compute@developer.gserviceaccount.com`).
pub fn is_default_compute_sa(email: &str) -> bool {
    email
        .strip_suffix(DEFAULT_COMPUTE_SA_SUFFIX)
        .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

/// `gcp.compute.project`: Compute Engine v1 `projects.get`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ComputeProject {
    pub name: String,
    pub common_instance_metadata: Option<Metadata>,
    pub default_service_account: Option<String>,
}
kind!(ComputeProject, "gcp.compute.project");

/// `gcp.compute.firewall`: Compute Engine v1 `firewalls.get`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ComputeFirewall {
    pub name: String,
    pub network: Option<String>,
    pub direction: Option<String>,
    pub disabled: Option<bool>,
    pub source_ranges: Vec<String>,
    pub allowed: Vec<FirewallRule>,
    pub target_tags: Vec<String>,
    pub target_service_accounts: Vec<String>,
}
kind!(ComputeFirewall, "gcp.compute.firewall");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct FirewallRule {
    #[serde(rename = "IPProtocol")]
    pub ip_protocol: String,
    pub ports: Vec<String>,
}

/// `gcp.compute.disk`: Compute Engine v1 `disks.aggregatedList` element.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ComputeDisk {
    pub name: String,
    pub disk_encryption_key: Option<DiskEncryptionKey>,
    pub users: Vec<String>,
    pub labels: std::collections::BTreeMap<String, String>,
}
kind!(ComputeDisk, "gcp.compute.disk");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DiskEncryptionKey {
    pub kms_key_name: Option<String>,
    pub sha256: Option<String>,
}

/// `gcp.compute.subnetwork`: Compute Engine v1 `subnetworks.aggregatedList` element.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ComputeSubnetwork {
    pub name: String,
    pub network: Option<String>,
    pub ip_cidr_range: Option<String>,
    pub purpose: Option<String>,
    pub log_config: Option<SubnetLogConfig>,
}
kind!(ComputeSubnetwork, "gcp.compute.subnetwork");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SubnetLogConfig {
    pub enable: Option<bool>,
    pub aggregation_interval: Option<String>,
    pub flow_sampling: Option<f64>,
    pub metadata: Option<String>,
    pub filter_expr: Option<String>,
}

/// `gcp.sql.instance`: Cloud SQL Admin v1 `instances.get`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlInstance {
    pub name: String,
    pub database_version: Option<String>,
    pub instance_type: Option<String>,
    pub ip_addresses: Vec<SqlIpAddress>,
    pub settings: SqlSettings,
}
kind!(SqlInstance, "gcp.sql.instance");

impl SqlInstance {
    /// The engine: `MYSQL`, `POSTGRES` or `SQLSERVER` (the prefix of `databaseVersion`).
    pub fn engine(&self) -> Option<&str> {
        let v = self.database_version.as_deref()?;
        ["MYSQL", "POSTGRES", "SQLSERVER"].into_iter().find(|e| v.starts_with(e))
    }

    /// A database flag's value, if set.
    pub fn flag(&self, name: &str) -> Option<&str> {
        self.settings.database_flags.iter().find(|f| f.name == name).map(|f| f.value.as_deref().unwrap_or(""))
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlIpAddress {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub ip_address: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlSettings {
    pub ip_configuration: Option<SqlIpConfiguration>,
    pub backup_configuration: Option<SqlBackupConfiguration>,
    pub database_flags: Vec<SqlDatabaseFlag>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlIpConfiguration {
    pub ipv4_enabled: Option<bool>,
    pub authorized_networks: Vec<SqlAclEntry>,
    pub require_ssl: Option<bool>,
    pub ssl_mode: Option<String>,
    pub private_network: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SqlAclEntry {
    pub name: Option<String>,
    pub value: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SqlBackupConfiguration {
    pub enabled: Option<bool>,
    pub point_in_time_recovery_enabled: Option<bool>,
    pub binary_log_enabled: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SqlDatabaseFlag {
    pub name: String,
    pub value: Option<String>,
}

/// `gcp.kms.crypto-key`: Cloud KMS v1 `cryptoKeys.list` element with `iamPolicy`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KmsCryptoKey {
    pub name: String,
    pub purpose: Option<String>,
    pub rotation_period: Option<String>,
    pub next_rotation_time: Option<String>,
    pub primary: Option<KmsKeyVersion>,
    pub iam_policy: Option<IamPolicy>,
}
kind!(KmsCryptoKey, "gcp.kms.crypto-key");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct KmsKeyVersion {
    pub name: Option<String>,
    pub state: Option<String>,
}

/// A protobuf `Duration` in its JSON form (`"7776000s"`, `"1.5s"`) as whole seconds.
pub fn duration_seconds(s: &str) -> Option<i64> {
    let n = s.strip_suffix('s')?;
    let whole = n.split('.').next()?;
    whole.parse().ok()
}

/// `gcp.cloudfunctions.function`: Cloud Functions v2 `functions.get` with `iamPolicy`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CloudFunction {
    pub name: String,
    pub environment: Option<String>,
    pub build_config: Option<FunctionBuildConfig>,
    pub service_config: Option<FunctionServiceConfig>,
    pub iam_policy: Option<IamPolicy>,
}
kind!(CloudFunction, "gcp.cloudfunctions.function");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FunctionBuildConfig {
    pub runtime: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FunctionServiceConfig {
    pub ingress_settings: Option<String>,
    pub service_account_email: Option<String>,
    pub environment_variables: std::collections::BTreeMap<String, String>,
    pub secret_environment_variables: Vec<serde_json::Value>,
}

/// `gcp.run.service`: Cloud Run Admin v2 `services.get` with `iamPolicy`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunService {
    pub name: String,
    pub ingress: Option<String>,
    pub invoker_iam_disabled: Option<bool>,
    pub template: RunRevisionTemplate,
    pub iam_policy: Option<IamPolicy>,
}
kind!(RunService, "gcp.run.service");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunRevisionTemplate {
    pub service_account: Option<String>,
    pub containers: Vec<RunContainer>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunContainer {
    pub name: Option<String>,
    pub image: Option<String>,
    pub env: Vec<RunEnvVar>,
    pub base_image_uri: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunEnvVar {
    pub name: String,
    pub value: Option<String>,
    pub value_source: Option<serde_json::Value>,
}

/// `gcp.iam.service-account-key`: IAM v1 `serviceAccounts.keys.list` element.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceAccountKey {
    pub name: String,
    pub key_type: Option<String>,
    pub key_origin: Option<String>,
    pub valid_after_time: Option<String>,
    pub valid_before_time: Option<String>,
    pub disabled: Option<bool>,
}
kind!(ServiceAccountKey, "gcp.iam.service-account-key");

impl ServiceAccountKey {
    /// The service account's email and the key id, from
    /// `projects/P/serviceAccounts/EMAIL/keys/KEY-ID`.
    pub fn account_and_id(&self) -> (&str, &str) {
        let rest = self.name.split("/serviceAccounts/").nth(1).unwrap_or(&self.name);
        match rest.split_once("/keys/") {
            Some((account, id)) => (account, id),
            None => (rest, ""),
        }
    }
}

/// `gcp.resourcemanager.project-iam-policy`: Resource Manager v1 `projects.getIamPolicy`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProjectIamPolicy {
    pub bindings: Vec<IamBinding>,
    pub audit_configs: Vec<AuditConfig>,
}
kind!(ProjectIamPolicy, "gcp.resourcemanager.project-iam-policy");

impl ProjectIamPolicy {
    /// The policy's bindings as an [`IamPolicy`].
    pub fn policy(&self) -> IamPolicy {
        IamPolicy { bindings: self.bindings.clone() }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditConfig {
    pub service: String,
    pub audit_log_configs: Vec<AuditLogConfig>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditLogConfig {
    pub log_type: String,
    pub exempted_members: Vec<String>,
}

/// `gcp.resourcemanager.project`: Resource Manager v3 `projects.get` with `essentialContacts`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Project {
    pub name: String,
    pub project_id: String,
    pub parent: Option<String>,
    pub essential_contacts: Option<Vec<EssentialContact>>,
}
kind!(Project, "gcp.resourcemanager.project");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EssentialContact {
    pub name: String,
    pub email: String,
    pub notification_category_subscriptions: Vec<String>,
    pub validation_state: Option<String>,
}

/// `gcp.logging.sink`: Cloud Logging v2 `projects.sinks.list` element.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LoggingSink {
    pub name: String,
    pub destination: String,
    pub filter: Option<String>,
    pub disabled: Option<bool>,
    pub exclusions: Vec<LogExclusion>,
}
kind!(LoggingSink, "gcp.logging.sink");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct LogExclusion {
    pub name: String,
    pub filter: Option<String>,
    pub disabled: Option<bool>,
}

impl LoggingSink {
    /// Enabled, without a filter and without active exclusions: exports every entry.
    pub fn exports_everything(&self) -> bool {
        self.disabled != Some(true)
            && self.filter.as_deref().is_none_or(|f| f.trim().is_empty())
            && self.exclusions.iter().all(|x| x.disabled == Some(true))
    }

    /// The Cloud Storage bucket the sink writes to, if it writes to one.
    pub fn storage_bucket(&self) -> Option<&str> {
        self.destination.strip_prefix("storage.googleapis.com/").map(|b| b.trim_end_matches('/'))
    }
}

/// `gcp.securitycenter.settings`: Security Command Center Management v1
/// `securityCenterServices.list` of a project.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SecurityCenterSettings {
    pub security_center_services: Vec<SecurityCenterService>,
}
kind!(SecurityCenterSettings, "gcp.securitycenter.settings");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SecurityCenterService {
    pub name: String,
    pub effective_enablement_state: Option<String>,
    pub intended_enablement_state: Option<String>,
}

impl SecurityCenterService {
    /// The service id, the last segment of `name` (`security-health-analytics`).
    pub fn service_id(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }
}
