//! What the host asks a collector for.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::pace::{PaceKey, Pacer};

/// Which kinds to collect and how hard to push the provider's APIs.
#[derive(Clone, Debug)]
pub struct Request {
    /// The kinds the loaded plugins declared. A collector skips every
    /// service whose kinds are all absent from this set.
    pub kinds: BTreeSet<String>,
    /// Calls in flight at once, across all regions and services.
    pub concurrency: usize,
    /// Time allowed for one API call, retries included.
    pub call_timeout: Duration,
    /// Attempts per call (1 = no retry) for throttling and 5xx answers.
    pub max_attempts: u32,
    limiter: Arc<Semaphore>,
    pacer: Arc<Pacer>,
}

impl Request {
    pub const DEFAULT_CONCURRENCY: usize = 16;

    pub fn new(kinds: impl IntoIterator<Item = String>, concurrency: usize) -> Request {
        let concurrency = concurrency.max(1);
        Request {
            kinds: kinds.into_iter().collect(),
            concurrency,
            call_timeout: Duration::from_secs(60),
            max_attempts: 4,
            limiter: Arc::new(Semaphore::new(concurrency)),
            pacer: Arc::new(Pacer::new()),
        }
    }

    /// Whether `kind` was asked for.
    pub fn wants(&self, kind: &str) -> bool {
        self.kinds.contains(kind)
    }

    /// Whether any of `kinds` was asked for (a service collector's gate).
    pub fn wants_any(&self, kinds: &[&str]) -> bool {
        kinds.iter().any(|k| self.wants(k))
    }

    /// The requested kinds of one provider (`aws.` prefix), for permissions.
    pub fn kinds_of(&self, provider: &str) -> Vec<String> {
        let prefix = format!("{provider}.");
        self.kinds.iter().filter(|k| k.starts_with(&prefix)).cloned().collect()
    }

    /// The shared limiter: hold a permit for the duration of each API call.
    pub fn limiter(&self) -> &Arc<Semaphore> {
        &self.limiter
    }

    /// The pacing shared by every clone of this request (every account of
    /// the scan): wait before each attempt, record its answer after.
    pub fn pacer(&self) -> &Arc<Pacer> {
        &self.pacer
    }

    /// Waits for the pace of (`account`, `region`, `service`).
    pub async fn pace(&self, account: &str, region: &str, service: &str) {
        self.pacer.wait(&key(account, region, service)).await;
    }

    /// Records one attempt on (`account`, `region`, `service`).
    pub fn paced(&self, account: &str, region: &str, service: &str, throttled: bool) {
        self.pacer.record(&key(account, region, service), throttled);
    }
}

fn key(account: &str, region: &str, service: &str) -> PaceKey {
    PaceKey { account: account.to_string(), region: region.to_string(), service: service.to_string() }
}
