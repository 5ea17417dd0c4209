//! Ctrl-C (SIGINT): stop promptly, never leave a half-written file.
//!
//! [`install`] starts one thread that waits for the signal. When it comes,
//! the thread takes the output lock (so it waits for a file write already
//! under way, which takes milliseconds, and no new one can start), prints
//! one line on stderr and exits with 130 (128 + SIGINT), the shell's code
//! for a command interrupted by Ctrl-C. Collection and evaluation are
//! abandoned where they are: API calls in flight are dropped with the
//! process, nothing is written after the signal.
//!
//! Every output file is written inside [`output`]: to a temporary file in
//! the same directory, then renamed over the target (`report::write_atomic`),
//! so a file is either the complete old one, the complete new one, or absent.

use std::sync::Mutex;

/// Held while an output file is written; holds how many were written so far.
static OUTPUT: Mutex<usize> = Mutex::new(0);

/// The exit code of an interrupted run.
pub const EXIT_CODE: i32 = 130;

/// Starts listening for Ctrl-C. The handler is registered before this
/// returns, so a signal from then on is never the default (abrupt) one.
pub fn install() {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_io().build() {
        Ok(rt) => rt,
        Err(e) => {
            tracing::debug!(error = %e, "no Ctrl-C handler: cannot start its runtime");
            return;
        }
    };
    #[cfg(unix)]
    let signal = {
        let _guard = runtime.enter();
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()) {
            Ok(s) => s,
            Err(e) => {
                tracing::debug!(error = %e, "no Ctrl-C handler");
                return;
            }
        }
    };
    let spawned = std::thread::Builder::new().name("splitline-sigint".into()).spawn(move || {
        #[cfg(unix)]
        let received = {
            let mut signal = signal;
            runtime.block_on(signal.recv()).is_some()
        };
        #[cfg(not(unix))]
        let received = runtime.block_on(tokio::signal::ctrl_c()).is_ok();
        if received {
            interrupted();
        }
    });
    if let Err(e) = spawned {
        tracing::debug!(error = %e, "no Ctrl-C handler: cannot start its thread");
    }
}

fn interrupted() -> ! {
    // Waits for a write in progress; keeps the lock so that none starts.
    let written = OUTPUT.lock().unwrap_or_else(|p| p.into_inner());
    if *written == 0 {
        eprintln!("\ninterrupted: nothing was written");
    } else {
        eprintln!("\ninterrupted: the {} file(s) written before are complete; nothing else was written", *written);
    }
    std::process::exit(EXIT_CODE)
}

/// Runs `write` (which writes `files` output files) so that Ctrl-C cannot
/// stop it half-way: the interrupt waits until it is done.
pub fn output<T>(files: usize, write: impl FnOnce() -> T) -> T {
    let mut written = OUTPUT.lock().unwrap_or_else(|p| p.into_inner());
    let out = write();
    *written += files;
    out
}
