//! Integration tests: the real binary on the demo inventory, fixture
//! inventories and fixture plugins. One test binary (like uv and ripgrep).

mod authoring;
mod cache;
mod canary;
mod catalog;
#[cfg(feature = "aws")]
mod collect_aws;
#[cfg(feature = "aws")]
mod collect_aws_org;
#[cfg(feature = "azure")]
mod collect_azure;
#[cfg(feature = "gcp")]
mod collect_gcp;
mod compliance;
mod config;
mod demo;
#[cfg(any(feature = "azure", feature = "gcp"))]
mod discovery;
#[cfg(any(feature = "aws", feature = "azure", feature = "gcp"))]
mod faults;
mod fleet;
mod formats;
mod hostile;
mod html;
mod inventory;
#[cfg(any(feature = "aws", feature = "azure", feature = "gcp"))]
mod least_privilege;
mod plugin_files;
mod polyglot;
mod report;
mod support;
mod writing_plugins_doc;
