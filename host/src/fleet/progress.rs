//! The accounts line on stderr: `accounts: D done, R running, F failed of T
//! — ETA …`. Drawn only when stderr is a terminal (and not with `-q`).

use std::io::IsTerminal as _;
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: ProgressBar,
    counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    done: u64,
    running: u64,
    failed: u64,
}

impl Progress {
    pub fn new(enabled: bool, total: usize) -> Progress {
        let draw = enabled && std::io::stderr().is_terminal();
        let bar = ProgressBar::with_draw_target(
            Some(total as u64),
            if draw { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() },
        );
        bar.set_style(
            ProgressStyle::with_template("{msg} — ETA {eta}").unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        if draw {
            bar.enable_steady_tick(Duration::from_millis(200));
        }
        let p = Progress { bar, counts: Mutex::new(Counts::default()) };
        p.update(|_| {});
        p
    }

    fn update(&self, f: impl FnOnce(&mut Counts)) {
        let mut c = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut c);
        self.bar.set_position(c.done + c.failed);
        self.bar.set_message(format!(
            "accounts: {} done, {} running, {} failed of {}",
            c.done,
            c.running,
            c.failed,
            self.bar.length().unwrap_or(0)
        ));
    }

    /// Units taken from a checkpoint.
    pub fn resumed(&self, n: usize) {
        self.update(|c| c.done += n as u64);
    }

    pub fn started(&self) {
        self.update(|c| c.running += 1);
    }

    pub fn finished(&self, ok: bool) {
        self.update(|c| {
            c.running = c.running.saturating_sub(1);
            if ok { c.done += 1 } else { c.failed += 1 }
        });
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
