//! Timestamps: the same RFC 3339 handling plugins use (from the SDK).

pub use splitline_plugin_sdk::time::{format_rfc3339, parse_rfc3339};

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}
