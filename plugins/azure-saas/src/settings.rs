//! Plugin settings: a setting of the wrong type is an `error` on every
//! resource the check would have judged, never a silent default.

use serde::de::DeserializeOwned;
use splitline_plugin_sdk::Eval;

/// The setting `key` (or `default`); on a bad value, reports an error on
/// every resource of `kind` and returns `None`.
pub fn get<T: DeserializeOwned>(e: &mut Eval, key: &str, default: T, kind: &str) -> Option<T> {
    match e.ctx().setting(key, default) {
        Ok(v) => Some(v),
        Err(message) => {
            let inventory = e.inventory();
            for r in inventory.of_kind(kind) {
                e.error(r, format!("{message}."));
            }
            None
        }
    }
}
