//! The Cloud Functions / Cloud Run functions language runtime schedule:
//! when each runtime id is deprecated (no more security updates) and
//! decommissioned (no deployments; existing workloads may be disabled).
//! From https://cloud.google.com/functions/docs/runtime-support; the
//! `runtime-schedule` plugin setting adds or overrides entries
//! (`{"python39": ["2025-10-05", "2026-04-05"]}`).

use std::collections::BTreeMap;

use splitline_plugin_sdk::Eval;
use splitline_plugin_sdk::time::parse_rfc3339;

/// Setting that adds or overrides schedule entries.
pub const SCHEDULE_SETTING: &str = "runtime-schedule";

/// Runtime id → (deprecation date, decommission date).
const SCHEDULE: &[(&str, &str, &str)] = &[
    ("nodejs6", "2019-04-17", "2020-08-01"),
    ("nodejs8", "2020-06-05", "2021-02-01"),
    ("nodejs10", "2024-01-30", "2025-01-30"),
    ("nodejs12", "2024-01-30", "2025-01-30"),
    ("nodejs14", "2024-01-30", "2025-01-30"),
    ("nodejs16", "2024-01-30", "2025-01-30"),
    ("nodejs18", "2025-04-30", "2025-10-30"),
    ("nodejs20", "2026-04-30", "2026-10-30"),
    ("nodejs22", "2027-04-30", "2027-10-31"),
    ("python37", "2024-01-30", "2025-01-30"),
    ("python38", "2024-10-14", "2025-10-14"),
    ("python39", "2025-10-05", "2026-04-05"),
    ("python310", "2026-10-04", "2027-04-04"),
    ("python311", "2027-10-24", "2028-04-24"),
    ("python312", "2028-10-02", "2029-04-02"),
    ("go111", "2024-01-30", "2025-01-30"),
    ("go113", "2024-01-30", "2025-01-30"),
    ("go116", "2024-01-30", "2025-01-30"),
    ("go118", "2024-01-30", "2025-01-30"),
    ("ruby26", "2024-01-30", "2025-01-30"),
    ("ruby27", "2024-01-30", "2025-01-30"),
    ("php74", "2024-01-30", "2025-01-30"),
    ("dotnet3", "2024-01-30", "2025-01-30"),
];

/// Where a runtime stands at the scan time.
#[derive(Debug, PartialEq, Eq)]
pub enum Phase {
    /// Supported; the deprecation date if one is scheduled.
    Supported(Option<String>),
    Deprecated {
        since: String,
        decommission: String,
    },
    Decommissioned {
        since: String,
    },
}

/// The schedule with the user's entries over the built-in ones.
pub fn schedule(e: &Eval) -> Result<BTreeMap<String, (String, String)>, String> {
    let mut out: BTreeMap<String, (String, String)> =
        SCHEDULE.iter().map(|(id, dep, dec)| (id.to_string(), (dep.to_string(), dec.to_string()))).collect();
    let extra: BTreeMap<String, (String, String)> = e.ctx().setting(SCHEDULE_SETTING, BTreeMap::new())?;
    for (id, (dep, dec)) in &extra {
        if date(dep).is_none() || date(dec).is_none() {
            return Err(format!("setting `{SCHEDULE_SETTING}` has an invalid date for {id} (use YYYY-MM-DD)"));
        }
    }
    out.extend(extra);
    Ok(out)
}

fn date(d: &str) -> Option<i64> {
    parse_rfc3339(&format!("{d}T00:00:00Z"))
}

/// The phase of `runtime` at `now` (seconds since the epoch).
pub fn phase(schedule: &BTreeMap<String, (String, String)>, runtime: &str, now: i64) -> Phase {
    let Some((dep, dec)) = schedule.get(runtime) else {
        return Phase::Supported(None);
    };
    if date(dec).is_some_and(|t| now >= t) {
        Phase::Decommissioned { since: dec.clone() }
    } else if date(dep).is_some_and(|t| now >= t) {
        Phase::Deprecated { since: dep.clone(), decommission: dec.clone() }
    } else {
        Phase::Supported(Some(dep.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_follow_the_dates() {
        let s: BTreeMap<String, (String, String)> =
            SCHEDULE.iter().map(|(id, a, b)| (id.to_string(), (a.to_string(), b.to_string()))).collect();
        let jan_2026 = parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
        assert_eq!(phase(&s, "python38", jan_2026), Phase::Decommissioned { since: "2025-10-14".into() });
        assert_eq!(
            phase(&s, "python39", jan_2026),
            Phase::Deprecated { since: "2025-10-05".into(), decommission: "2026-04-05".into() }
        );
        assert_eq!(phase(&s, "python312", jan_2026), Phase::Supported(Some("2028-10-02".into())));
        assert_eq!(phase(&s, "python313", jan_2026), Phase::Supported(None));
        assert!(SCHEDULE.iter().all(|(_, a, b)| date(a).is_some() && date(b).is_some() && date(a) < date(b)));
    }
}
