//! Per-plugin sandbox limits and the memory limiter that enforces them.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Limits of one plugin call. Defaults are documented in
/// `docs/plugin-sandbox.md`; the config file overrides them globally
/// (`[limits]`) and per plugin (`[plugins.NAME.limits]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Wall-clock deadline of one call (`info` or one account's `evaluate`).
    pub timeout: Duration,
    /// Maximum linear memory of the plugin instance, bytes.
    pub memory_bytes: u64,
    /// Maximum size of what one call returns, bytes (sum of all strings).
    pub output_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self { timeout: Duration::from_secs(10), memory_bytes: 256 << 20, output_bytes: 16 << 20 }
    }
}

/// Enforces the memory cap and remembers whether it was hit, so a trap
/// that follows can be reported as "memory limit exceeded".
pub struct MemoryLimiter {
    pub cap: u64,
    pub hit: bool,
    /// The largest linear memory the instance grew to, bytes.
    pub peak: u64,
}

impl wasmtime::ResourceLimiter for MemoryLimiter {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        if desired as u64 > self.cap {
            self.hit = true;
            return Ok(false);
        }
        self.peak = self.peak.max(desired as u64);
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        // Tables hold function references; a million entries is far beyond
        // any honest plugin.
        if desired > 1_000_000 {
            self.hit = true;
            return Ok(false);
        }
        Ok(true)
    }
}
