//! Test support for the collectors: local emulator processes that stop when
//! dropped (also when a test panics), an HTTP server that replays recorded
//! provider responses, and a fault-injecting proxy to put in front of either.
//!
//! The emulators (moto server, Azurite, gcp-storage-emulator) are installed
//! into `.tools/emulators/` by `cargo xtask test` (`cargo xtask emulators`);
//! [`tool`] finds them there.

mod fault_proxy;
mod fixture_server;
mod process;

pub use fault_proxy::{Fault, FaultProxy, ProxiedRequest, Rule};
pub use fixture_server::{FixtureServer, RecordedRequest};
pub use process::{EmulatorProcess, free_port, tool, workspace_root};
