//! Typed models of the resource kinds' configuration documents.
//!
//! Each model follows the provider API's field names (the JSON the
//! collectors store), keeps only what checks read, and treats every field
//! as optional. The documented shape of each kind is in
//! `docs/resource-kinds.md`; a new field is a minor version of the
//! inventory schema ([`crate::INVENTORY_SCHEMA`]), never a WIT change.

pub mod aws;
pub mod azure;
pub mod gcp;

/// Every kind with a typed model, for documentation and tests.
pub const ALL: &[&str] = &[
    aws::S3Bucket::KIND_NAME,
    aws::S3AccountPublicAccessBlock::KIND_NAME,
    aws::Ec2SecurityGroup::KIND_NAME,
    azure::StorageAccount::KIND_NAME,
    gcp::StorageBucket::KIND_NAME,
];

/// Implements [`crate::Kind`] and a `KIND_NAME` constant for a model.
macro_rules! kind {
    ($ty:ty, $name:literal) => {
        impl $ty {
            pub const KIND_NAME: &'static str = $name;
        }
        impl $crate::Kind for $ty {
            const KIND: &'static str = $name;
        }
    };
}
pub(crate) use kind;
