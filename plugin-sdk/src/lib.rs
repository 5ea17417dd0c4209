//! # splitline-plugin-sdk
//!
//! Everything needed to write a [splitline](https://github.com/splitline-dev/splitline)
//! check plugin: a plugin is a list of [`Check`]s, each its metadata next to
//! a function over one account's [`Inventory`].
//!
//! ```ignore
//! // src/lib.rs
//! mod checks;
//! splitline_plugin_sdk::export_plugin!(
//!     name: "acme-tagging",
//!     provider: "aws",
//!     service_model: Governance,
//!     checks: checks::ALL,
//! );
//!
//! // src/checks/mod.rs: one line per check
//! splitline_plugin_sdk::checks![owner_tag, cost_centre_tag];
//! ```
//!
//! Build with `cargo build --release --target wasm32-wasip2` and load the
//! `.wasm` with `splitline scan --plugin`. Tests run natively with plain
//! `cargo test` through [`testing`].
//!
//! The generated WebAssembly bindings are an implementation detail: plugin
//! crates depend on this crate only.

mod check;
mod eval;
pub mod kinds;
mod meta;
pub mod redact;
mod resource;
pub mod testing;
pub mod time;

pub use check::{Check, Plugin};
pub use eval::{Context, Eval, Evidence, Finding};
pub use meta::{CheckMeta, Compliance, ControlDomain, Remediation, ServiceModel, Severity, Status, compliance};
pub use resource::{Inventory, Kind, Resource};

/// Version of the WIT contract (`splitline:plugin`) this SDK targets.
pub const CONTRACT_VERSION: &str = "0.1.0";

/// Version of the inventory format whose resource shapes [`kinds`] models.
pub const INVENTORY_SCHEMA: &str = "1.1";

/// Everything a check file needs: `use splitline_plugin_sdk::prelude::*;`.
pub mod prelude {
    pub use crate::kinds;
    pub use crate::redact;
    pub use crate::time::{days_between, parse_rfc3339};
    pub use crate::{
        Check, CheckMeta, Compliance, ControlDomain, Eval, Evidence, Kind, Remediation, Resource, ServiceModel,
        Severity, Status, compliance,
    };
}

#[doc(hidden)]
pub mod bindings {
    wit_bindgen::generate!({
        path: "../wit",
        world: "scanner-plugin",
        pub_export_macro: true,
        export_macro_name: "__export_scanner_plugin",
        default_bindings_module: "::splitline_plugin_sdk::bindings",
    });
}

#[doc(hidden)]
pub mod __private {
    pub use crate::guest::{Guest, PluginInfo, evaluate, info};
}

mod guest;

/// Declares the plugin and exports it as a WebAssembly component.
///
/// ```ignore
/// splitline_plugin_sdk::export_plugin!(
///     name: "aws-paas",
///     provider: "aws",
///     service_model: Paas,
///     checks: checks::ALL,
/// );
/// ```
///
/// This defines `pub const PLUGIN: splitline_plugin_sdk::Plugin` (use it in
/// native tests) and, when compiled for `wasm32`, the component exports.
#[macro_export]
macro_rules! export_plugin {
    (name: $name:expr, provider: $provider:expr, service_model: $model:ident, checks: $checks:expr $(,)?) => {
        /// This plugin's definition.
        pub const PLUGIN: $crate::Plugin = $crate::Plugin {
            name: $name,
            version: env!("CARGO_PKG_VERSION"),
            provider: $provider,
            service_model: $crate::ServiceModel::$model,
            checks: $checks,
        };

        #[cfg(target_arch = "wasm32")]
        const _: () = {
            struct SplitlineExport;
            impl $crate::__private::Guest for SplitlineExport {
                fn info() -> $crate::__private::PluginInfo {
                    $crate::__private::info(&PLUGIN)
                }
                fn evaluate(
                    ctx: $crate::bindings::exports::splitline::plugin::plugin::Context,
                    resources: ::std::vec::Vec<$crate::bindings::exports::splitline::plugin::plugin::Resource>,
                ) -> ::std::result::Result<
                    ::std::vec::Vec<$crate::bindings::exports::splitline::plugin::plugin::Finding>,
                    ::std::string::String,
                > {
                    $crate::__private::evaluate(&PLUGIN, ctx, resources)
                }
            }
    $crate::bindings::__export_scanner_plugin!(SplitlineExport with_types_in $crate::bindings);
        };
    };
}

/// Registers a plugin's checks: one line per check module.
///
/// In `src/checks/mod.rs`:
/// ```ignore
/// splitline_plugin_sdk::checks![s3_bucket_default_encryption, s3_bucket_versioning];
/// ```
/// declares each module (`src/checks/<name>.rs`, which defines `pub const
/// CHECK: Check`) and collects them in `pub const ALL`.
#[macro_export]
macro_rules! checks {
    ($($name:ident),* $(,)?) => {
        $(pub mod $name;)*
        /// Every check of this plugin, in registration order.
        pub const ALL: &[&$crate::Check] = &[$(&$name::CHECK),*];
    };
}
