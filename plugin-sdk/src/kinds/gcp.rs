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
