//! Account-level facts several checks share: the root-user flags of the
//! account summary and the scan-time ages of IAM credentials.

use splitline_plugin_sdk::Eval;
use splitline_plugin_sdk::time::{days_between, parse_rfc3339};

/// Days from an RFC 3339 timestamp to the scan time; `None` if it does not parse.
pub fn age_days(e: &Eval, timestamp: &str) -> Option<i64> {
    parse_rfc3339(timestamp).map(|t| days_between(t, e.ctx().scan_time))
}

/// A non-negative day count from the plugin settings, or the message why not.
pub fn days_setting(e: &Eval, key: &str, default: i64) -> Result<i64, String> {
    match e.ctx().setting(key, default) {
        Ok(v) if v >= 0 => Ok(v),
        Ok(v) => Err(format!("setting `{key}` must be zero or more days, not {v}")),
        Err(m) => Err(m),
    }
}

/// Reports `msg` as an error on every resource of `kind` (a setting that
/// cannot be read makes the check undecidable).
pub fn error_all(e: &mut Eval, kind: &str, msg: &str) {
    let inventory = e.inventory();
    for r in inventory.of_kind(kind) {
        e.error(r, format!("{} was not evaluated: {msg}.", r.name));
    }
}
