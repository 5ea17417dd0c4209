//! Retry timing for the HTTP-based collectors (Azure, GCP): which answers to
//! retry, how long to wait, and `Retry-After`. The AWS SDK has its own
//! adaptive retry, configured with the same attempt count.

use std::time::Duration;

/// Whether an HTTP status is worth another attempt.
pub fn is_retryable(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// `Retry-After` as seconds (the form Azure and Google send). HTTP dates
/// are not honoured and fall back to the exponential delay.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// The wait before attempt `attempt + 1` (`attempt` counts from 1): the
/// server's `Retry-After` if it gave one (capped at `max`), otherwise
/// `base · 2^(attempt-1)` with up to 50 % jitter, capped at `max`.
pub fn delay(attempt: u32, retry_after: Option<Duration>, base: Duration, max: Duration) -> Duration {
    if let Some(d) = retry_after {
        return d.min(max);
    }
    let exp = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let jitter = exp.mul_f64(jitter_fraction() * 0.5);
    (exp + jitter).min(max)
}

fn jitter_fraction() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    f64::from(nanos % 1000) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_wins_and_is_capped() {
        let (b, m) = (Duration::from_millis(100), Duration::from_secs(10));
        assert_eq!(delay(1, parse_retry_after("2"), b, m), Duration::from_secs(2));
        assert_eq!(delay(1, parse_retry_after(" 120 "), b, m), m);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn backoff_grows_and_is_bounded() {
        let (b, m) = (Duration::from_millis(100), Duration::from_secs(1));
        let d1 = delay(1, None, b, m);
        let d3 = delay(3, None, b, m);
        assert!(d1 >= b && d1 <= b.mul_f64(1.5), "{d1:?}");
        assert!(d3 >= b * 4 && d3 <= m, "{d3:?}");
        assert_eq!(delay(30, None, b, m), m);
        assert!(is_retryable(429) && is_retryable(503) && !is_retryable(403) && !is_retryable(404));
    }
}
