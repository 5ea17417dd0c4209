//! Host bindings generated from `wit/plugin.wit` (`splitline:plugin@0.1.0`).

wasmtime::component::bindgen!({
    path: "../wit",
    world: "scanner-plugin",
});

pub use exports::splitline::plugin::plugin as wit;

/// The contract version this host serves.
pub const CONTRACT_VERSION: &str = "0.1.0";

/// The name of the interface a plugin exports, without version.
pub const INTERFACE: &str = "splitline:plugin/plugin";
