//! Where a collector's tasks put what they found. Cheap to clone; safe to
//! use from many tasks at once. Every call is counted on the provider's
//! progress bar.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::{Account, ApiCall, Collection, Gap, GapCode, ProviderProgress, Resource};

#[derive(Clone)]
pub struct Sink {
    inner: Arc<Mutex<Collection>>,
    progress: ProviderProgress,
}

impl Sink {
    pub fn new(provider: &str, progress: &ProviderProgress) -> Sink {
        let collection = Collection { provider: provider.to_string(), ..Collection::default() };
        Sink { inner: Arc::new(Mutex::new(collection)), progress: progress.clone() }
    }

    fn lock(&self) -> MutexGuard<'_, Collection> {
        // A panicking task must not take the other tasks' results with it.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn account(&self, id: impl Into<String>, name: Option<String>) {
        self.lock().accounts.push(Account { id: id.into(), name });
    }

    pub fn resource(&self, resource: Resource) {
        self.lock().resources.push(resource);
    }

    /// Records a kind that could not be collected in an account and region.
    pub fn gap(&self, account: &str, region: &str, kind: &str, code: GapCode, reason: impl Into<String>) {
        let reason = reason.into();
        tracing::debug!(account, region, kind, code = code.as_str(), %reason, "coverage gap");
        self.lock().gaps.push(Gap {
            account: account.to_string(),
            region: region.to_string(),
            kind: kind.to_string(),
            code,
            reason,
        });
    }

    /// Records the same failure as a gap for each of `kinds`.
    pub fn gaps(&self, account: &str, region: &str, kinds: &[&str], code: GapCode, reason: &str) {
        for kind in kinds {
            self.gap(account, region, kind, code, reason);
        }
    }

    /// Records one API call and its outcome (`None` = success).
    pub fn call(&self, service: &str, operation: &str, account: &str, region: &str, failure: Option<GapCode>) {
        self.progress.call(failure.is_none());
        self.lock().calls.push(ApiCall {
            service: service.to_string(),
            operation: operation.to_string(),
            account: account.to_string(),
            region: region.to_string(),
            outcome: failure.map_or("ok", GapCode::as_str).to_string(),
        });
    }

    pub fn progress(&self) -> &ProviderProgress {
        &self.progress
    }

    /// The collection so far, normalised (sorted, deduplicated).
    pub fn finish(self) -> Collection {
        let mut c = std::mem::take(&mut *self.lock());
        c.normalise();
        c
    }
}
