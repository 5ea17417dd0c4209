//! Test support for the collectors: local emulator processes that stop when
//! dropped (also when a test panics), and an HTTP server that replays
//! recorded provider responses.
//!
//! The emulators (moto server, Azurite, gcp-storage-emulator) are installed
//! into `.tools/emulators/` by `cargo xtask test` (`cargo xtask emulators`);
//! [`tool`] finds them there.

mod fixture_server;
mod process;

pub use fixture_server::{FixtureServer, RecordedRequest};
pub use process::{EmulatorProcess, free_port, tool, workspace_root};
