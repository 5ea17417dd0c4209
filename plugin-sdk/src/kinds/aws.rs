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
