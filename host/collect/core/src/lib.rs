//! What every provider's collector shares: the request (which kinds, how
//! much concurrency), the collection it returns (resources and coverage
//! gaps), the operations registry behind `splitline permissions`, progress
//! bars, retry timing and secret redaction. No cloud SDK is a dependency of
//! this crate, so the host and plugin work never wait on one to compile.
//!
//! A provider crate implements [`Collector`]; the host picks the providers,
//! builds a [`Request`] from the loaded plugins' declared kinds, and turns
//! the [`Collection`] into an inventory. Design: `docs/design/collectors.md`.

mod collection;
mod gap;
mod operation;
pub mod pace;
mod progress;
pub mod redact;
mod request;
pub mod retry;
mod sink;

use std::future::Future;

pub use collection::{Account, ApiCall, Collection, Resource};
pub use gap::{Gap, GapCode};
pub use operation::{Operation, permissions_for, read_only_violations};
pub use pace::{PaceKey, PaceStats, Pacer, is_throttle};
pub use progress::{Progress, ProviderProgress};
pub use request::Request;
pub use sink::Sink;

/// A provider's collector. Implemented once per provider crate.
pub trait Collector {
    /// `aws`, `azure` or `gcp`: the inventory's provider name.
    const PROVIDER: &'static str;
    /// Provider-specific choices from the command line (profile, regions,
    /// subscriptions, projects, endpoints).
    type Options: Send + Sync;

    /// Every API operation this collector may call: the registry that
    /// `splitline permissions` renders and the tests hold the collector to.
    fn operations() -> &'static [Operation];

    /// Whether credentials for this provider appear to be configured (an
    /// environment variable or a credentials file), judged without any
    /// network call. Decides the default provider list of `scan`.
    fn credentials_configured() -> bool;

    /// Collects the requested kinds. Failed API calls become [`Gap`]s in the
    /// collection; an `Err` means nothing could be collected at all (no
    /// credentials, no account visible).
    fn collect(
        opts: &Self::Options,
        req: &Request,
        progress: &ProviderProgress,
    ) -> impl Future<Output = Result<Collection, CollectError>> + Send;

    /// The minimal policy document granting [`Collector::operations`] for the
    /// given kinds (all kinds when `None`), in the provider's own format.
    fn permissions(kinds: Option<&[String]>) -> String;
}

/// Collection could not start at all. Per-call failures are gaps, not this.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("{provider}: no credentials found: {hint}")]
    NoCredentials { provider: &'static str, hint: String },
    #[error("{provider}: {message}")]
    Fatal { provider: &'static str, message: String },
}
