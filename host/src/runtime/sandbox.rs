//! One sandboxed store per plugin call: inert WASI, a memory cap, a
//! wall-clock deadline, and classification of whatever went wrong.

use std::time::Duration;

use wasmtime::component::ResourceTable;
use wasmtime::{Store, Trap};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{HostMonotonicClock, HostWallClock, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};

use super::limits::{Limits, MemoryLimiter};

/// How often the epoch ticker advances; the deadline's granularity.
pub const TICK: Duration = Duration::from_millis(10);

/// Bytes of a plugin's stderr kept for error messages (panic text).
const STDERR_CAPTURE: usize = 16 * 1024;

/// Per-call store data.
pub struct PluginState {
    limiter: MemoryLimiter,
    wasi: WasiCtx,
    table: ResourceTable,
    stderr: MemoryOutputPipe,
}

impl PluginState {
    /// Peak linear memory of the instance so far, bytes.
    pub fn peak_memory(&self) -> u64 {
        self.limiter.peak
    }
}

impl WasiView for PluginState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

/// A wall clock frozen at the scan time: plugins cannot observe real time.
struct FrozenWallClock(Duration);

impl HostWallClock for FrozenWallClock {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }
    fn now(&self) -> Duration {
        self.0
    }
}

/// A monotonic clock that never advances.
struct FrozenMonotonicClock;

impl HostMonotonicClock for FrozenMonotonicClock {
    fn resolution(&self) -> u64 {
        1_000_000_000
    }
    fn now(&self) -> u64 {
        0
    }
}

/// Builds the WASI context of a plugin: nothing granted. No preopened
/// directories, no environment or arguments, no network, empty stdin,
/// stdout discarded, stderr captured (bounded) for diagnostics, clocks
/// frozen, and randomness replaced by a fixed sequence so that output is
/// deterministic. Rust's standard library links against WASI; this keeps it
/// linking without giving it anything.
fn inert_wasi(scan_time: i64, stderr: MemoryOutputPipe) -> WasiCtx {
    let mut b = WasiCtxBuilder::new();
    b.stderr(stderr)
        .allow_tcp(false)
        .allow_udp(false)
        .allow_ip_name_lookup(false)
        .wall_clock(FrozenWallClock(Duration::from_secs(scan_time.max(0) as u64)))
        .monotonic_clock(FrozenMonotonicClock)
        .secure_random(wasmtime_wasi::Deterministic::new(vec![0x5a, 0xa5, 0x3c, 0xc3]))
        .insecure_random(wasmtime_wasi::Deterministic::new(vec![0x11, 0x22, 0x33, 0x44]))
        .insecure_random_seed(0);
    b.build()
}

/// How much data the host copies out of a plugin in one call (wasmtime's
/// "hostcall fuel", counted in host bytes: string bytes plus the size of
/// each lifted record) before it stops with a trap. The output limit is
/// measured only once a result has been copied, so this bounds the copy
/// itself: a plugin returning many findings that all point at one large
/// string in its memory cannot make the host allocate more than this.
/// At least wasmtime's default of 128 MiB, and room for eight times the
/// output limit, so that an answer within the output limit always fits.
fn copy_limit(limits: &Limits) -> usize {
    usize::try_from(limits.output_bytes.saturating_mul(8)).unwrap_or(usize::MAX).max(128 << 20)
}

/// Creates a fresh store for one call, with the deadline armed.
pub fn new_store(engine: &wasmtime::Engine, limits: &Limits, scan_time: i64) -> Store<PluginState> {
    let stderr = MemoryOutputPipe::new(STDERR_CAPTURE);
    let state = PluginState {
        limiter: MemoryLimiter { cap: limits.memory_bytes, hit: false, peak: 0 },
        wasi: inert_wasi(scan_time, stderr.clone()),
        table: ResourceTable::new(),
        stderr,
    };
    let mut store = Store::new(engine, state);
    store.limiter(|s| &mut s.limiter);
    store.set_hostcall_fuel(copy_limit(limits));
    let ticks = (limits.timeout.as_millis() / TICK.as_millis()).max(1) as u64 + 1;
    store.set_epoch_deadline(ticks);
    store.epoch_deadline_trap();
    store
}

/// Why a plugin call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error("exceeded its time limit of {}", humantime(*.0))]
    Timeout(Duration),
    #[error("exceeded its memory limit of {} MiB", .0 >> 20)]
    Memory(u64),
    #[error("overflowed its stack")]
    StackOverflow,
    #[error("panicked ({0})")]
    Panic(String),
    #[error("trapped ({0})")]
    Trap(String),
    #[error("returned an error ({0})")]
    Returned(String),
    #[error("returned invalid output ({0})")]
    Invalid(String),
}

impl CallError {
    /// A short machine-readable kind for reports.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Timeout(_) => "timeout",
            Self::Memory(_) => "memory",
            Self::StackOverflow => "stack-overflow",
            Self::Panic(_) => "panic",
            Self::Trap(_) => "trap",
            Self::Returned(_) => "plugin-error",
            Self::Invalid(_) => "invalid-output",
        }
    }
}

fn humantime(d: Duration) -> String {
    if d.as_millis().is_multiple_of(1000) { format!("{} s", d.as_secs()) } else { format!("{} ms", d.as_millis()) }
}

/// Turns a wasmtime error from a call into what the user is told.
pub fn classify(err: wasmtime::Error, store: &Store<PluginState>, limits: &Limits) -> CallError {
    let state = store.data();
    let stderr = String::from_utf8_lossy(&state.stderr.contents()).into_owned();
    if let Some(trap) = err.downcast_ref::<Trap>() {
        match trap {
            Trap::Interrupt => return CallError::Timeout(limits.timeout),
            Trap::StackOverflow => return CallError::StackOverflow,
            Trap::MemoryOutOfBounds if shadow_stack_wrapped(&err) => return CallError::StackOverflow,
            _ => {}
        }
    }
    if state.limiter.hit {
        return CallError::Memory(limits.memory_bytes);
    }
    if let Some(msg) = panic_message(&stderr) {
        return CallError::Panic(msg);
    }
    let mut text = format!("{err:#}");
    if let Some(trap) = err.downcast_ref::<Trap>() {
        text = trap.to_string();
    }
    CallError::Trap(super::validate::clean(&text, 300))
}

/// Whether an out-of-bounds access is a linear-memory ("shadow") stack
/// overflow. Rust and C on wasm32 keep address-taken locals on a stack in
/// linear memory, placed first so that it grows down towards address zero;
/// when it overflows, the stack pointer wraps below zero and the next access
/// faults near the top of the 32-bit address space. wasmtime reports the
/// faulting address only as context text ("memory fault at wasm address
/// 0x…"), so that is what is read; an address in the top 256 MiB, far above
/// any memory a plugin may grow, is taken as a wrapped stack pointer.
fn shadow_stack_wrapped(err: &wasmtime::Error) -> bool {
    const WRAPPED: u64 = (1 << 32) - (256 << 20);
    err.chain().any(|cause| {
        let text = cause.to_string();
        text.strip_prefix("memory fault at wasm address 0x")
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_hexdigit()).next())
            .and_then(|hex| u64::from_str_radix(hex, 16).ok())
            .is_some_and(|addr| addr >= WRAPPED)
    })
}

/// The first line of a Rust panic message in captured stderr.
fn panic_message(stderr: &str) -> Option<String> {
    let start = stderr.find("panicked at")?;
    let rest = &stderr[start..];
    // "panicked at src/x.rs:1:2:\nmessage"
    let mut lines = rest.lines();
    let location = lines.next().unwrap_or_default().trim_end_matches(':').trim_start_matches("panicked ");
    let message = lines.next().unwrap_or_default().trim_end_matches('.');
    let text = if message.is_empty() { location.to_string() } else { format!("{message}, {location}") };
    Some(super::validate::clean(&text, 300))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_message_is_extracted() {
        let stderr = "\nthread '<unnamed>' panicked at src/lib.rs:10:5:\nboom\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(panic_message(stderr).as_deref(), Some("boom, at src/lib.rs:10:5"));
        assert_eq!(panic_message("nothing here"), None);
    }

    #[test]
    fn wrapped_shadow_stack_pointer_is_a_stack_overflow() {
        let fault = |addr: u64| {
            wasmtime::Error::new(Trap::MemoryOutOfBounds)
                .context(format!("memory fault at wasm address 0x{addr:x} in linear memory of size 0x110000"))
        };
        assert!(shadow_stack_wrapped(&fault(0xffff_fff0)));
        assert!(shadow_stack_wrapped(&fault(0x1_0000_0008)), "wrapped pointer plus an offset");
        assert!(!shadow_stack_wrapped(&fault(0x0020_0000)), "just past the end of memory");
        assert!(!shadow_stack_wrapped(&wasmtime::Error::new(Trap::MemoryOutOfBounds)), "no address known");
    }
}
