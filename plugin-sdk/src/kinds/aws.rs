//! AWS kinds. Field names are those of the AWS API responses.

use serde::Deserialize;

use super::kind;

/// `aws.s3.bucket`: one S3 bucket. Built from ListBuckets plus
/// GetBucketEncryption, GetPublicAccessBlock, GetBucketPolicy (the policy
/// document parsed as JSON), GetBucketPolicyStatus, GetBucketVersioning,
/// GetBucketLogging and GetBucketAcl. A configuration the bucket does not
/// have (e.g. `NoSuchPublicAccessBlockConfiguration`) is absent.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct S3Bucket {
    pub name: String,
    pub creation_date: Option<String>,
    pub region: Option<String>,
    pub server_side_encryption_configuration: Option<ServerSideEncryptionConfiguration>,
    pub public_access_block_configuration: Option<PublicAccessBlockConfiguration>,
    pub policy: Option<serde_json::Value>,
    pub policy_status: Option<PolicyStatus>,
    pub versioning: Option<Versioning>,
    pub logging: Option<BucketLogging>,
    pub acl: Option<Acl>,
}
kind!(S3Bucket, "aws.s3.bucket");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ServerSideEncryptionConfiguration {
    pub rules: Vec<ServerSideEncryptionRule>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ServerSideEncryptionRule {
    pub apply_server_side_encryption_by_default: Option<ServerSideEncryptionByDefault>,
    pub bucket_key_enabled: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ServerSideEncryptionByDefault {
    #[serde(rename = "SSEAlgorithm")]
    pub sse_algorithm: String,
    #[serde(rename = "KMSMasterKeyID")]
    pub kms_master_key_id: Option<String>,
}

/// Same shape for the bucket's and the account's public access block.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase", default)]
pub struct PublicAccessBlockConfiguration {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlockConfiguration {
    /// All four settings on.
    pub fn all_blocked(&self) -> bool {
        self.block_public_acls && self.ignore_public_acls && self.block_public_policy && self.restrict_public_buckets
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyStatus {
    pub is_public: bool,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Versioning {
    /// `Enabled`, `Suspended`, or absent when never enabled.
    pub status: Option<String>,
    #[serde(rename = "MFADelete")]
    pub mfa_delete: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BucketLogging {
    pub logging_enabled: Option<LoggingEnabled>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LoggingEnabled {
    pub target_bucket: String,
    pub target_prefix: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Acl {
    pub grants: Vec<Grant>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Grant {
    pub grantee: Grantee,
    pub permission: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Grantee {
    #[serde(rename = "Type")]
    pub grantee_type: String,
    #[serde(rename = "URI")]
    pub uri: Option<String>,
    #[serde(rename = "ID")]
    pub id: Option<String>,
}

/// The ACL group URIs that make a grant public.
pub const PUBLIC_ACL_GROUPS: [&str; 2] =
    ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

/// `aws.s3.account-public-access-block`: the account-level S3 public
/// access block (S3 Control GetPublicAccessBlock), one per account.
/// `PublicAccessBlockConfiguration` is absent when the account has none.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct S3AccountPublicAccessBlock {
    pub account_id: String,
    pub public_access_block_configuration: Option<PublicAccessBlockConfiguration>,
}
kind!(S3AccountPublicAccessBlock, "aws.s3.account-public-access-block");

/// `aws.ec2.security-group`: one security group (DescribeSecurityGroups).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ec2SecurityGroup {
    pub group_id: String,
    pub group_name: String,
    pub vpc_id: Option<String>,
    pub description: Option<String>,
    pub ip_permissions: Vec<IpPermission>,
    pub ip_permissions_egress: Vec<IpPermission>,
}
kind!(Ec2SecurityGroup, "aws.ec2.security-group");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpPermission {
    /// `tcp`, `udp`, `icmp`, a protocol number, or `-1` for all.
    pub ip_protocol: String,
    pub from_port: Option<i64>,
    pub to_port: Option<i64>,
    pub ip_ranges: Vec<IpRange>,
    pub ipv6_ranges: Vec<Ipv6Range>,
}

impl IpPermission {
    /// Whether the rule admits `port` over TCP (or all protocols).
    pub fn covers_tcp_port(&self, port: i64) -> bool {
        if self.ip_protocol == "-1" {
            return true;
        }
        if self.ip_protocol != "tcp" && self.ip_protocol != "6" {
            return false;
        }
        match (self.from_port, self.to_port) {
            (Some(from), Some(to)) => (from..=to).contains(&port) || (from == -1 && to == -1),
            _ => true,
        }
    }

    /// Whether the rule is open to the whole internet (IPv4 or IPv6).
    pub fn open_to_world(&self) -> bool {
        self.ip_ranges.iter().any(|r| r.cidr_ip == "0.0.0.0/0")
            || self.ipv6_ranges.iter().any(|r| r.cidr_ipv6 == "::/0")
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IpRange {
    pub cidr_ip: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ipv6Range {
    pub cidr_ipv6: String,
    pub description: Option<String>,
}

// ---------------------------------------------------------------------------
// Compute (EC2, EBS, VPC). Every model is lenient: what the API did not
// return deserializes as `None`/empty, and checks treat that as the
// provider's documented default.

/// `aws.ec2.instance`: one EC2 instance (DescribeInstances). Whether Systems
/// Manager manages it is [`SsmManagedInstance`], joined by `InstanceId`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ec2Instance {
    pub instance_id: String,
    pub state: Option<InstanceState>,
    pub public_ip_address: Option<String>,
    pub public_dns_name: Option<String>,
    pub iam_instance_profile: Option<IamInstanceProfile>,
    pub metadata_options: Option<MetadataOptions>,
}
kind!(Ec2Instance, "aws.ec2.instance");

impl Ec2Instance {
    /// `State.Name`, e.g. `running`.
    pub fn state_name(&self) -> Option<&str> {
        self.state.as_ref().and_then(|s| s.name.as_deref())
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstanceState {
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamInstanceProfile {
    pub arn: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MetadataOptions {
    /// `required` (IMDSv2 only) or `optional`.
    pub http_tokens: Option<String>,
    /// `enabled` or `disabled`.
    pub http_endpoint: Option<String>,
    pub http_put_response_hop_limit: Option<i64>,
}

/// `aws.ssm.managed-instance`: one Systems Manager managed node (an element
/// of SSM DescribeInstanceInformation), with its element of
/// DescribeInstancePatchStates under `PatchState` when a scan has reported.
/// An EC2 instance without one in its account and region is not managed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SsmManagedInstance {
    /// `i-…` (EC2) or `mi-…` (hybrid node).
    pub instance_id: String,
    /// `Online`, `ConnectionLost`, `Inactive`.
    pub ping_status: Option<String>,
    /// `EC2Instance` or `ManagedInstance`.
    pub resource_type: Option<String>,
    pub agent_version: Option<String>,
    pub is_latest_version: Option<bool>,
    pub last_ping_date_time: Option<serde_json::Value>,
    pub platform_type: Option<String>,
    pub platform_name: Option<String>,
    pub patch_state: Option<InstancePatchState>,
}
kind!(SsmManagedInstance, "aws.ssm.managed-instance");

/// A managed node's element of SSM DescribeInstancePatchStates.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstancePatchState {
    pub missing_count: Option<i64>,
    pub failed_count: Option<i64>,
    pub installed_pending_reboot_count: Option<i64>,
    pub critical_non_compliant_count: Option<i64>,
    pub security_non_compliant_count: Option<i64>,
    pub operation: Option<String>,
    pub operation_end_time: Option<serde_json::Value>,
    pub baseline_id: Option<String>,
}

/// `aws.ec2.volume`: one EBS volume (DescribeVolumes).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ec2Volume {
    pub volume_id: String,
    pub encrypted: Option<bool>,
    pub kms_key_id: Option<String>,
    pub state: Option<String>,
    pub attachments: Vec<VolumeAttachment>,
}
kind!(Ec2Volume, "aws.ec2.volume");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VolumeAttachment {
    pub instance_id: Option<String>,
}

/// `aws.ec2.snapshot`: one EBS snapshot owned by the account, with its
/// `createVolumePermission` attribute.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ec2Snapshot {
    pub snapshot_id: String,
    pub volume_id: Option<String>,
    pub encrypted: Option<bool>,
    pub state: Option<String>,
    pub create_volume_permissions: Vec<CreateVolumePermission>,
}
kind!(Ec2Snapshot, "aws.ec2.snapshot");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CreateVolumePermission {
    /// `all` makes the snapshot public.
    pub group: Option<String>,
    pub user_id: Option<String>,
}

/// `aws.ec2.image`: one AMI owned by the account, with its `launchPermission` attribute.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ec2Image {
    pub image_id: String,
    pub name: Option<String>,
    pub public: Option<bool>,
    pub state: Option<String>,
    pub launch_permissions: Vec<LaunchPermission>,
}
kind!(Ec2Image, "aws.ec2.image");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LaunchPermission {
    /// `all` makes the image public.
    pub group: Option<String>,
    pub user_id: Option<String>,
    pub organization_arn: Option<String>,
    pub organizational_unit_arn: Option<String>,
}

/// `aws.ec2.ebs-encryption-by-default`: the per-region EBS default encryption setting.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EbsEncryptionByDefault {
    pub ebs_encryption_by_default: Option<bool>,
    pub kms_key_id: Option<String>,
}
kind!(EbsEncryptionByDefault, "aws.ec2.ebs-encryption-by-default");

/// `aws.ec2.vpc`: one VPC with its flow logs (DescribeVpcs + DescribeFlowLogs).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Ec2Vpc {
    pub vpc_id: String,
    pub is_default: Option<bool>,
    pub flow_logs: Vec<FlowLog>,
}
kind!(Ec2Vpc, "aws.ec2.vpc");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FlowLog {
    pub flow_log_id: String,
    pub flow_log_status: Option<String>,
    pub deliver_logs_status: Option<String>,
    pub traffic_type: Option<String>,
    pub log_destination_type: Option<String>,
    pub log_destination: Option<String>,
    pub log_group_name: Option<String>,
}

// ---------------------------------------------------------------------------
// Data and platform services (RDS, KMS, Elastic Beanstalk).

/// `aws.rds.db-instance`: one RDS DB instance (DescribeDBInstances).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RdsDbInstance {
    #[serde(rename = "DBInstanceIdentifier")]
    pub db_instance_identifier: String,
    pub engine: Option<String>,
    /// Set for Aurora (and Multi-AZ DB cluster) members, whose storage,
    /// backups and deletion protection are the cluster's.
    #[serde(rename = "DBClusterIdentifier")]
    pub db_cluster_identifier: Option<String>,
    pub publicly_accessible: Option<bool>,
    pub storage_encrypted: Option<bool>,
    pub backup_retention_period: Option<i64>,
    pub deletion_protection: Option<bool>,
    pub auto_minor_version_upgrade: Option<bool>,
}
kind!(RdsDbInstance, "aws.rds.db-instance");

/// `aws.kms.key`: one KMS key (DescribeKey's `KeyMetadata`) with rotation
/// status, key policy and aliases.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct KmsKey {
    pub key_id: String,
    pub arn: Option<String>,
    /// `CUSTOMER` or `AWS`.
    pub key_manager: Option<String>,
    pub key_spec: Option<String>,
    pub key_usage: Option<String>,
    pub origin: Option<String>,
    pub key_state: Option<String>,
    pub key_rotation_enabled: Option<bool>,
    pub rotation_period_in_days: Option<i64>,
    pub policy: Option<serde_json::Value>,
    pub aliases: Vec<KmsAlias>,
}
kind!(KmsKey, "aws.kms.key");

impl KmsKey {
    /// The first alias, else the key id: how a person recognises the key.
    pub fn label(&self) -> String {
        self.aliases
            .first()
            .map(|a| format!("{} ({})", a.alias_name, self.key_id))
            .unwrap_or_else(|| self.key_id.clone())
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct KmsAlias {
    pub alias_name: String,
}

/// `aws.elasticbeanstalk.environment`: one environment with its option settings.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BeanstalkEnvironment {
    pub environment_name: String,
    pub application_name: Option<String>,
    pub status: Option<String>,
    /// Absent when the settings could not be read: checks report an error.
    pub option_settings: Option<Vec<OptionSetting>>,
}
kind!(BeanstalkEnvironment, "aws.elasticbeanstalk.environment");

impl BeanstalkEnvironment {
    /// The value of one option (`Namespace`, `OptionName`), if returned.
    pub fn option(&self, namespace: &str, name: &str) -> Option<&str> {
        self.option_settings
            .as_ref()?
            .iter()
            .find(|o| o.namespace == namespace && o.option_name == name)
            .and_then(|o| o.value.as_deref())
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OptionSetting {
    pub namespace: String,
    pub option_name: String,
    pub value: Option<String>,
}

// ---------------------------------------------------------------------------
// Serverless (Lambda, API Gateway). API Gateway's documents are camelCase.

/// `aws.lambda.function`: one function with its URL config and resource policy.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LambdaFunction {
    pub function_name: String,
    pub function_arn: Option<String>,
    pub runtime: Option<String>,
    pub package_type: Option<String>,
    pub role: Option<String>,
    pub environment: Option<LambdaEnvironment>,
    pub function_url_config: Option<FunctionUrlConfig>,
    pub policy: Option<serde_json::Value>,
}
kind!(LambdaFunction, "aws.lambda.function");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LambdaEnvironment {
    pub variables: Option<std::collections::BTreeMap<String, String>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct FunctionUrlConfig {
    pub function_url: Option<String>,
    /// `NONE` or `AWS_IAM`.
    pub auth_type: Option<String>,
}

/// `aws.apigateway.rest-api`: one REST API with its resources and methods.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiGatewayRestApi {
    pub id: String,
    pub name: Option<String>,
    pub endpoint_configuration: Option<EndpointConfiguration>,
    /// Absent when the resources were not collected: checks report an error.
    pub resources: Option<Vec<ApiResource>>,
}
kind!(ApiGatewayRestApi, "aws.apigateway.rest-api");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EndpointConfiguration {
    pub types: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiResource {
    pub path: String,
    pub resource_methods: std::collections::BTreeMap<String, ApiMethod>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiMethod {
    /// `NONE`, `AWS_IAM`, `CUSTOM`, `COGNITO_USER_POOLS`.
    pub authorization_type: Option<String>,
    pub authorizer_id: Option<String>,
    pub api_key_required: Option<bool>,
}

/// `aws.apigateway.stage`: one REST API stage.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiGatewayStage {
    pub stage_name: String,
    pub rest_api_id: Option<String>,
    pub rest_api_name: Option<String>,
    pub access_log_settings: Option<AccessLogSettings>,
    pub method_settings: std::collections::BTreeMap<String, MethodSetting>,
    pub tracing_enabled: Option<bool>,
    pub web_acl_arn: Option<String>,
}
kind!(ApiGatewayStage, "aws.apigateway.stage");

impl ApiGatewayStage {
    /// `API-NAME/STAGE` (or the API id when the name is missing).
    pub fn label(&self) -> String {
        let api = self.rest_api_name.as_deref().or(self.rest_api_id.as_deref()).unwrap_or("?");
        format!("{api}/{}", self.stage_name)
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccessLogSettings {
    pub destination_arn: Option<String>,
    pub format: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MethodSetting {
    /// `OFF`, `ERROR`, `INFO`.
    pub logging_level: Option<String>,
    pub data_trace_enabled: Option<bool>,
    pub metrics_enabled: Option<bool>,
}

/// `aws.apigateway.domain-name`: one custom domain name.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ApiGatewayDomainName {
    pub domain_name: String,
    /// `TLS_1_0`, `TLS_1_2` or a newer named policy.
    pub security_policy: Option<String>,
    pub endpoint_configuration: Option<EndpointConfiguration>,
}
kind!(ApiGatewayDomainName, "aws.apigateway.domain-name");

// ---------------------------------------------------------------------------
// Identity and the account plane (IAM, CloudTrail, GuardDuty, Config,
// Security Hub, Access Analyzer).

/// `aws.iam.user`: one IAM user with its credentials and directly attached policies.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamUser {
    pub user_name: String,
    pub arn: Option<String>,
    pub create_date: Option<String>,
    pub password_last_used: Option<String>,
    pub login_profile: Option<LoginProfile>,
    #[serde(rename = "MFADevices")]
    pub mfa_devices: Vec<MfaDevice>,
    pub access_keys: Vec<AccessKey>,
    pub attached_policies: Vec<AttachedPolicy>,
    pub policy_names: Vec<String>,
}
kind!(IamUser, "aws.iam.user");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LoginProfile {
    pub create_date: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MfaDevice {
    pub serial_number: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccessKey {
    pub access_key_id: String,
    /// `Active` or `Inactive`.
    pub status: String,
    pub create_date: Option<String>,
    pub last_used_date: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AttachedPolicy {
    pub policy_name: String,
    pub policy_arn: String,
}

/// `aws.iam.password-policy`: the account password policy; `PasswordPolicy`
/// is absent when the account has none.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamPasswordPolicy {
    pub password_policy: Option<PasswordPolicy>,
}
kind!(IamPasswordPolicy, "aws.iam.password-policy");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PasswordPolicy {
    pub minimum_password_length: Option<i64>,
    pub password_reuse_prevention: Option<i64>,
    pub require_symbols: Option<bool>,
    pub require_numbers: Option<bool>,
    pub require_uppercase_characters: Option<bool>,
    pub require_lowercase_characters: Option<bool>,
    pub max_password_age: Option<i64>,
}

/// `aws.iam.account-summary`: GetAccountSummary's `SummaryMap`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamAccountSummary {
    pub summary_map: std::collections::BTreeMap<String, i64>,
}
kind!(IamAccountSummary, "aws.iam.account-summary");

/// `aws.iam.role`: one role with its trust policy and permission policies.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamRole {
    pub role_name: String,
    pub arn: String,
    pub path: Option<String>,
    pub assume_role_policy_document: Option<serde_json::Value>,
    pub attached_policies: Vec<AttachedPolicy>,
    pub role_policy_list: Vec<InlinePolicy>,
}
kind!(IamRole, "aws.iam.role");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InlinePolicy {
    pub policy_name: String,
    pub policy_document: Option<serde_json::Value>,
}

/// `aws.iam.policy`: one customer managed policy with its default version.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct IamPolicy {
    pub policy_name: String,
    pub arn: String,
    pub attachment_count: Option<i64>,
    pub default_version_id: Option<String>,
    pub policy_version: Option<PolicyVersion>,
}
kind!(IamPolicy, "aws.iam.policy");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyVersion {
    pub document: Option<serde_json::Value>,
    pub version_id: Option<String>,
}

/// `aws.cloudtrail.trail`: one trail with its status and event selectors.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CloudTrailTrail {
    pub name: String,
    #[serde(rename = "TrailARN")]
    pub trail_arn: Option<String>,
    pub home_region: Option<String>,
    pub is_multi_region_trail: Option<bool>,
    pub is_organization_trail: Option<bool>,
    pub log_file_validation_enabled: Option<bool>,
    pub kms_key_id: Option<String>,
    pub status: Option<TrailStatus>,
    pub event_selectors: Option<Vec<EventSelector>>,
    pub advanced_event_selectors: Option<Vec<serde_json::Value>>,
}
kind!(CloudTrailTrail, "aws.cloudtrail.trail");

impl CloudTrailTrail {
    /// `Status.IsLogging`; `None` when the status was not returned.
    pub fn is_logging(&self) -> Option<bool> {
        self.status.as_ref().and_then(|s| s.is_logging)
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct TrailStatus {
    pub is_logging: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct EventSelector {
    /// `All`, `ReadOnly`, `WriteOnly`.
    pub read_write_type: Option<String>,
    pub include_management_events: Option<bool>,
}

/// `aws.guardduty.detector`: one GuardDuty detector.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GuardDutyDetector {
    pub detector_id: Option<String>,
    /// `ENABLED` or `DISABLED`.
    pub status: Option<String>,
}
kind!(GuardDutyDetector, "aws.guardduty.detector");

/// `aws.guardduty.region-settings`: the detectors of one region (ListDetectors).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct GuardDutyRegionSettings {
    pub detector_ids: Vec<String>,
}
kind!(GuardDutyRegionSettings, "aws.guardduty.region-settings");

/// `aws.config.region-settings`: AWS Config recorders of one region. The
/// members inside keep the Config API's camelCase.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ConfigRegionSettings {
    pub configuration_recorders: Vec<ConfigurationRecorder>,
    pub configuration_recorders_status: Vec<ConfigurationRecorderStatus>,
}
kind!(ConfigRegionSettings, "aws.config.region-settings");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigurationRecorder {
    pub name: String,
    pub recording_group: Option<RecordingGroup>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RecordingGroup {
    pub all_supported: Option<bool>,
    pub include_global_resource_types: Option<bool>,
    pub recording_strategy: Option<RecordingStrategy>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RecordingStrategy {
    pub use_only: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConfigurationRecorderStatus {
    pub name: String,
    pub recording: Option<bool>,
    pub last_status: Option<String>,
}

/// `aws.securityhub.region-settings`: DescribeHub of one region; `HubArn`
/// is absent when Security Hub is not enabled there.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SecurityHubRegionSettings {
    pub hub_arn: Option<String>,
    pub subscribed_at: Option<String>,
}
kind!(SecurityHubRegionSettings, "aws.securityhub.region-settings");

/// `aws.accessanalyzer.region-settings`: the analyzers of one region (camelCase API).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccessAnalyzerRegionSettings {
    pub analyzers: Vec<Analyzer>,
}
kind!(AccessAnalyzerRegionSettings, "aws.accessanalyzer.region-settings");

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Analyzer {
    pub arn: Option<String>,
    pub name: String,
    #[serde(rename = "type")]
    pub analyzer_type: Option<String>,
    pub status: Option<String>,
}

// ---------------------------------------------------------------------------
// Policy documents, as every AWS policy (IAM, bucket, key, function) writes them.

/// Reading IAM-language policy documents: statements, `Action`/`Principal`
/// lists and public principals.
pub mod policy {
    use serde_json::Value;

    /// The statements of a document (`Statement` may be one object or a list).
    pub fn statements(doc: Option<&Value>) -> Vec<&Value> {
        match doc.and_then(|d| d.get("Statement")) {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            _ => Vec::new(),
        }
    }

    /// A string-or-list member (`Action`, `Resource`, `Principal.AWS`, …) as a list.
    pub fn strings(v: Option<&Value>) -> Vec<&str> {
        match v {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// `Effect` is `Allow`.
    pub fn is_allow(stmt: &Value) -> bool {
        stmt.get("Effect").and_then(Value::as_str) == Some("Allow")
    }

    /// `Principal` is `"*"` or names `"*"` under `AWS` (everyone, any account).
    pub fn principal_is_everyone(stmt: &Value) -> bool {
        match stmt.get("Principal") {
            Some(Value::String(p)) => p == "*",
            Some(Value::Object(o)) => strings(o.get("AWS")).contains(&"*"),
            _ => false,
        }
    }

    /// Condition keys (lower-cased, any operator) that bind a statement to
    /// known accounts, organizations or source resources.
    pub const SCOPING_CONDITION_KEYS: [&str; 9] = [
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceowner",
        "aws:principalorgid",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:sourceorgid",
        "aws:sourcevpce",
        "aws:sourcevpc",
    ];

    /// The condition keys used in a statement, lower-cased.
    pub fn condition_keys(stmt: &Value) -> Vec<String> {
        match stmt.get("Condition") {
            Some(Value::Object(ops)) => ops
                .values()
                .filter_map(Value::as_object)
                .flat_map(|m| m.keys().map(|k| k.to_ascii_lowercase()))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The statement has a condition on one of [`SCOPING_CONDITION_KEYS`].
    pub fn has_scoping_condition(stmt: &Value) -> bool {
        condition_keys(stmt).iter().any(|k| SCOPING_CONDITION_KEYS.contains(&k.as_str()))
    }

    /// An `Allow` statement granting every action (`*` or `*:*`) on every resource.
    pub fn grants_full_admin(stmt: &Value) -> bool {
        is_allow(stmt)
            && strings(stmt.get("Action")).iter().any(|a| *a == "*" || *a == "*:*")
            && strings(stmt.get("Resource")).contains(&"*")
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use serde_json::json;

        #[test]
        fn reads_statement_shapes() {
            assert_eq!(statements(Some(&json!({"Statement": {"Effect": "Allow"}}))).len(), 1);
            assert_eq!(statements(Some(&json!({"Statement": [{}, {}]}))).len(), 2);
            assert!(statements(Some(&json!({"Statement": "x"}))).is_empty());
            assert!(statements(None).is_empty());
            assert_eq!(strings(Some(&json!(["a", "b"]))), vec!["a", "b"]);
            assert_eq!(strings(Some(&json!("a"))), vec!["a"]);
        }

        #[test]
        fn principals_conditions_and_admin() {
            assert!(principal_is_everyone(&json!({"Principal": "*"})));
            assert!(principal_is_everyone(&json!({"Principal": {"AWS": ["arn:aws:iam::1:root", "*"]}})));
            assert!(!principal_is_everyone(&json!({"Principal": {"Service": "s3.amazonaws.com"}})));
            assert!(has_scoping_condition(&json!({"Condition": {"StringEquals": {"AWS:SourceAccount": "1"}}})));
            assert!(!has_scoping_condition(&json!({"Condition": {"Bool": {"aws:SecureTransport": "true"}}})));
            assert!(grants_full_admin(&json!({"Effect": "Allow", "Action": "*", "Resource": "*"})));
            assert!(grants_full_admin(&json!({"Effect": "Allow", "Action": ["s3:Get*", "*:*"], "Resource": ["*"]})));
            assert!(!grants_full_admin(&json!({"Effect": "Deny", "Action": "*", "Resource": "*"})));
            assert!(!grants_full_admin(&json!({"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b"})));
        }
    }
}
