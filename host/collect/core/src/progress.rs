//! One progress bar per provider on stderr: units (service × region) done,
//! calls made, errors. Hidden when stderr is not a terminal or with `-q`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The set of bars of one run.
pub struct Progress {
    multi: MultiProgress,
}

impl Progress {
    /// Bars on stderr when `enabled` and stderr is a terminal; otherwise
    /// nothing is drawn.
    pub fn new(enabled: bool) -> Progress {
        let target = if enabled { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        Progress { multi: MultiProgress::with_draw_target(target) }
    }

    pub fn provider(&self, name: &str) -> ProviderProgress {
        let bar = self.multi.add(ProgressBar::new(0));
        bar.set_style(
            ProgressStyle::with_template("{prefix:>6} [{bar:24}] {pos}/{len} service×region · {msg} · {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix(name.to_string());
        bar.set_message("0 calls · 0 errors");
        bar.enable_steady_tick(Duration::from_millis(200));
        ProviderProgress { bar, counts: Arc::new(Counts::default()) }
    }
}

#[derive(Default)]
struct Counts {
    calls: AtomicU64,
    errors: AtomicU64,
}

/// One provider's bar. Clones share it.
#[derive(Clone)]
pub struct ProviderProgress {
    bar: ProgressBar,
    counts: Arc<Counts>,
}

impl ProviderProgress {
    /// A bar that draws nothing (tests, library use).
    pub fn hidden() -> ProviderProgress {
        ProviderProgress { bar: ProgressBar::hidden(), counts: Arc::new(Counts::default()) }
    }

    /// Adds `n` units (service × region pairs) to the total.
    pub fn add_units(&self, n: u64) {
        self.bar.inc_length(n);
    }

    pub fn unit_done(&self) {
        self.bar.inc(1);
    }

    pub(crate) fn call(&self, ok: bool) {
        let calls = self.counts.calls.fetch_add(1, Ordering::Relaxed) + 1;
        let errors = if ok {
            self.counts.errors.load(Ordering::Relaxed)
        } else {
            self.counts.errors.fetch_add(1, Ordering::Relaxed) + 1
        };
        self.bar.set_message(format!("{calls} calls · {errors} errors"));
    }

    pub fn calls(&self) -> u64 {
        self.counts.calls.load(Ordering::Relaxed)
    }

    pub fn errors(&self) -> u64 {
        self.counts.errors.load(Ordering::Relaxed)
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
