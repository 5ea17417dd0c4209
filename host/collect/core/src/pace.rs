//! Adaptive pacing per (account, region, service), shared by every account
//! of a scan: each key starts unpaced (only the request's global
//! concurrency limits it); a throttling answer doubles the key's spacing
//! between calls (from [`Pacer::FIRST_STEP`] up to [`Pacer::MAX_INTERVAL`]),
//! and every clean answer shortens it by an eighth until it falls below
//! [`Pacer::FLOOR`] and the key is unpaced again. One throttled service in
//! one account and region slows down alone; the others keep their pace.
//!
//! Collectors call [`Pacer::wait`] before each attempt and
//! [`Pacer::record`] after it; [`Pacer::stats`] is what the scan reports.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Which API a pace applies to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PaceKey {
    pub account: String,
    pub region: String,
    pub service: String,
}

impl std::fmt::Display for PaceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} in {}/{}", self.service, self.account, self.region)
    }
}

#[derive(Debug, Default)]
struct KeyState {
    /// Spacing between call starts; zero: unpaced.
    interval: Duration,
    /// When the next call may start.
    next: Option<Instant>,
    throttles: u64,
    /// The longest spacing this key reached.
    peak: Duration,
}

/// The pacing of every key of one scan.
#[derive(Debug, Default)]
pub struct Pacer {
    keys: Mutex<HashMap<PaceKey, KeyState>>,
}

/// What the pacer saw over a scan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaceStats {
    /// Throttling answers, all keys.
    pub throttles: u64,
    /// Keys that were throttled at least once.
    pub throttled_keys: usize,
    /// Keys still paced at the end (their spacing had not recovered).
    pub paced_keys: usize,
    /// The most throttled key, its throttles and the longest spacing it reached.
    pub worst: Option<(PaceKey, u64, Duration)>,
}

impl Pacer {
    /// The spacing after a key's first throttle.
    pub const FIRST_STEP: Duration = Duration::from_millis(100);
    /// The longest spacing a key can reach.
    pub const MAX_INTERVAL: Duration = Duration::from_secs(5);
    /// Below this spacing a recovering key is unpaced again.
    pub const FLOOR: Duration = Duration::from_millis(5);

    pub fn new() -> Pacer {
        Pacer::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PaceKey, KeyState>> {
        self.keys.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How long the caller must wait before its call on `key` starts, and
    /// reserves that start: calls on a paced key start `interval` apart.
    pub fn reserve(&self, key: &PaceKey, now: Instant) -> Duration {
        let mut keys = self.lock();
        let Some(st) = keys.get_mut(key) else { return Duration::ZERO };
        if st.interval.is_zero() {
            return Duration::ZERO;
        }
        let start = st.next.map_or(now, |n| n.max(now));
        st.next = Some(start + st.interval);
        start - now
    }

    /// Waits for the key's next slot (no wait for an unpaced key).
    pub async fn wait(&self, key: &PaceKey) {
        let delay = self.reserve(key, Instant::now());
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
    }

    /// Records one attempt's answer on `key`: throttled or clean.
    pub fn record(&self, key: &PaceKey, throttled: bool) {
        let mut keys = self.lock();
        if throttled {
            let st = keys.entry(key.clone()).or_default();
            st.throttles += 1;
            st.interval = (st.interval * 2).clamp(Self::FIRST_STEP, Self::MAX_INTERVAL);
            st.peak = st.peak.max(st.interval);
            tracing::debug!(key = %key, interval_ms = st.interval.as_millis() as u64, "throttled: slowing down");
        } else if let Some(st) = keys.get_mut(key)
            && !st.interval.is_zero()
        {
            st.interval -= st.interval / 8;
            if st.interval < Self::FLOOR {
                st.interval = Duration::ZERO;
                st.next = None;
            }
        }
    }

    /// The current spacing of `key` (zero: unpaced).
    pub fn interval(&self, key: &PaceKey) -> Duration {
        self.lock().get(key).map_or(Duration::ZERO, |s| s.interval)
    }

    pub fn stats(&self) -> PaceStats {
        let keys = self.lock();
        let mut stats = PaceStats::default();
        for (k, s) in keys.iter().filter(|(_, s)| s.throttles > 0) {
            stats.throttles += s.throttles;
            stats.throttled_keys += 1;
            if !s.interval.is_zero() {
                stats.paced_keys += 1;
            }
            let worse = stats.worst.as_ref().is_none_or(|(wk, wt, _)| (s.throttles, &wk) > (*wt, &k));
            if worse {
                stats.worst = Some((k.clone(), s.throttles, s.peak));
            }
        }
        stats
    }
}

/// Whether an HTTP answer is a throttle: 429, or a throttling error code in
/// the first bytes of the body (AWS sends `Throttling` with 400 and
/// `RequestLimitExceeded`/`SlowDown` with 503; Google `RESOURCE_EXHAUSTED`
/// and `rateLimitExceeded` with 403 or 429).
pub fn is_throttle(status: u16, body: &[u8]) -> bool {
    const CODES: &[&[u8]] = &[
        b"Throttling",
        b"RequestLimitExceeded",
        b"TooManyRequests",
        b"SlowDown",
        b"RequestThrottled",
        b"ProvisionedThroughputExceeded",
        b"RESOURCE_EXHAUSTED",
        b"rateLimitExceeded",
        b"userRateLimitExceeded",
    ];
    if status == 429 {
        return true;
    }
    if !matches!(status, 400 | 403 | 503) {
        return false;
    }
    let head = &body[..body.len().min(2048)];
    CODES.iter().any(|c| head.windows(c.len()).any(|w| w == *c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(service: &str) -> PaceKey {
        PaceKey { account: "111111111111".into(), region: "eu-west-1".into(), service: service.into() }
    }

    #[test]
    fn unthrottled_keys_are_never_paced() {
        let p = Pacer::new();
        let now = Instant::now();
        for _ in 0..100 {
            p.record(&key("ec2"), false);
            assert_eq!(p.reserve(&key("ec2"), now), Duration::ZERO);
        }
        assert_eq!(p.stats(), PaceStats::default());
    }

    #[test]
    fn throttles_slow_the_key_down_and_clean_answers_speed_it_up() {
        let p = Pacer::new();
        p.record(&key("ec2"), true);
        assert_eq!(p.interval(&key("ec2")), Pacer::FIRST_STEP);
        p.record(&key("ec2"), true);
        assert_eq!(p.interval(&key("ec2")), Pacer::FIRST_STEP * 2);
        for _ in 0..20 {
            p.record(&key("ec2"), true);
        }
        assert_eq!(p.interval(&key("ec2")), Pacer::MAX_INTERVAL);
        // Other services of the same account and region keep their pace.
        assert_eq!(p.interval(&key("s3")), Duration::ZERO);
        let mut clean = 0;
        while !p.interval(&key("ec2")).is_zero() {
            p.record(&key("ec2"), false);
            clean += 1;
            assert!(clean < 1000, "the key never recovers");
        }
        // 5 s down to 5 ms by eighths: about 52 clean answers.
        assert!((40..70).contains(&clean), "{clean}");
        let s = p.stats();
        assert_eq!((s.throttles, s.throttled_keys, s.paced_keys), (22, 1, 0));
        assert_eq!(s.worst, Some((key("ec2"), 22, Pacer::MAX_INTERVAL)));
    }

    #[test]
    fn paced_calls_start_one_interval_apart() {
        let p = Pacer::new();
        p.record(&key("kms"), true);
        let now = Instant::now();
        let waits: Vec<Duration> = (0..4).map(|_| p.reserve(&key("kms"), now)).collect();
        let step = Pacer::FIRST_STEP;
        assert_eq!(waits, [Duration::ZERO, step, step * 2, step * 3]);
        // Time passing frees the slots.
        assert_eq!(p.reserve(&key("kms"), now + step * 10), Duration::ZERO);
    }

    #[tokio::test]
    async fn wait_sleeps_for_the_reserved_slot() {
        let p = Pacer::new();
        p.record(&key("iam"), true);
        let start = Instant::now();
        p.wait(&key("iam")).await;
        p.wait(&key("iam")).await;
        assert!(start.elapsed() >= Pacer::FIRST_STEP, "{:?}", start.elapsed());
    }

    #[test]
    fn throttling_answers_are_recognised() {
        assert!(is_throttle(429, b""));
        assert!(is_throttle(400, b"<Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"));
        assert!(is_throttle(400, br#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#));
        assert!(is_throttle(503, b"<Response><Errors><Error><Code>RequestLimitExceeded</Code>"));
        assert!(is_throttle(503, b"<Error><Code>SlowDown</Code></Error>"));
        assert!(is_throttle(403, br#"{"error":{"status":"RESOURCE_EXHAUSTED"}}"#));
        assert!(!is_throttle(403, b"<Error><Code>AccessDenied</Code></Error>"));
        assert!(!is_throttle(503, b"<Error><Code>ServiceUnavailable</Code></Error>"));
        assert!(!is_throttle(200, b"Throttling"));
    }
}
