//! How the Cloud SQL database flag checks read `settings.databaseFlags`:
//! which engine a flag belongs to, what value is required, and what the
//! engine does when the flag is not set. Shared so every flag check treats
//! other engines, unset flags and odd values alike.

use splitline_plugin_sdk::Eval;
use splitline_plugin_sdk::kinds::gcp::SqlInstance;

/// One CIS database flag requirement.
pub struct FlagSpec {
    /// `MYSQL`, `POSTGRES` or `SQLSERVER`.
    pub engine: &'static str,
    /// Engine name for messages.
    pub engine_name: &'static str,
    pub flag: &'static str,
    /// The required value as shown to users (`on`, `off`, `-1`).
    pub want: &'static str,
    /// The value the engine uses when the flag is not set, given `databaseVersion`.
    pub default: fn(&str) -> &'static str,
}

/// A flag value normalised for comparison: `on`/`off` for the boolean spellings Cloud SQL accepts.
fn normalise(v: &str) -> String {
    match v.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "1" | "yes" => "on".into(),
        "off" | "false" | "0" | "no" => "off".into(),
        other => other.into(),
    }
}

/// Evaluates one flag requirement on every Cloud SQL instance.
pub fn check(e: &mut Eval, spec: &FlagSpec) {
    for (r, db) in e.each::<SqlInstance>() {
        let version = db.database_version.clone().unwrap_or_default();
        if db.engine() != Some(spec.engine) {
            e.not_applicable(
                r,
                format!(
                    "Cloud SQL instance {} runs {}, not {}.",
                    db.name,
                    if version.is_empty() { "an unknown engine" } else { &version },
                    spec.engine_name
                ),
            );
            continue;
        }
        let property = format!("settings.databaseFlags[{}]", spec.flag);
        match db.flag(spec.flag) {
            Some(value) if normalise(value) == normalise(spec.want) => {
                e.pass(
                    r,
                    format!("Cloud SQL {} instance {} sets {} to {}.", spec.engine_name, db.name, spec.flag, spec.want),
                )
                .evidence(property, value);
            }
            Some(value) => {
                e.fail(
                    r,
                    format!(
                        "Cloud SQL {} instance {} sets {} to {}, not {}.",
                        spec.engine_name, db.name, spec.flag, value, spec.want
                    ),
                )
                .evidence(property, value);
            }
            None => {
                let default = (spec.default)(&version);
                if normalise(default) == normalise(spec.want) {
                    e.pass(
                        r,
                        format!(
                            "Cloud SQL {} instance {} leaves {} at its default, {}.",
                            spec.engine_name, db.name, spec.flag, default
                        ),
                    )
                    .evidence(property, "absent");
                } else {
                    e.fail(
                        r,
                        format!(
                            "Cloud SQL {} instance {} does not set {} to {} (the default is {}).",
                            spec.engine_name, db.name, spec.flag, spec.want, default
                        ),
                    )
                    .evidence(property, "absent");
                }
            }
        }
    }
}
