//! splitline: a multi-cloud security scanner for the customer's side of the
//! shared-responsibility line.
//!
//! Data takes one path: collect once → [`inventory`] → sandboxed plugins
//! ([`runtime`], [`plugins`]) → findings ([`scan`]) → one [`report`].

pub mod cli;
pub mod collect;
pub mod commands;
pub mod config;
pub mod conformance;
pub mod digest;
pub mod exit;
pub mod fleet;
pub mod interrupt;
pub mod inventory;
pub mod lock;
pub mod logging;
pub mod model;
pub mod plugins;
pub mod report;
pub mod runtime;
pub mod scaffold;
pub mod scan;
pub mod time;
