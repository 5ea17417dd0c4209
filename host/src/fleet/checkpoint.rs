//! `scan --checkpoint DIR` / `--resume DIR`: each unit's partial result is
//! written to DIR as soon as it is finished, with the fingerprint of what
//! produced it; a resumed scan takes the partials whose fingerprint still
//! matches and re-does the rest.
//!
//! Layout of DIR:
//! - `manifest.json`: the scan-wide inputs (splitline and contract version,
//!   every plugin's name, version, digest, settings and limits, plugins
//!   that failed to load, the requested kinds, the options that change
//!   results, the inventory's scan time and version) and their digest;
//! - `unit-<provider>-<account>-<hash>.json`, one per finished unit: the
//!   unit's fingerprint (the scan-wide digest, the provider and account,
//!   and for an inventory scan the digest of the account's slice of the
//!   inventory) and its partial result. The account part of the name keeps
//!   only `[A-Za-z0-9_-]` (others become `_`; at most 40 characters); the hash of
//!   `provider/account` keeps names unique whatever the account id holds.
//!
//! Every file is written atomically (temporary file, then rename), so a
//! killed scan leaves complete partials or none.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::UnitKey;
use crate::report::model::ScanReport;

const MANIFEST: &str = "manifest.json";
const MANIFEST_FORMAT: &str = "splitline-checkpoint";
const UNIT_FORMAT: &str = "splitline-checkpoint-unit";
const VERSION: &str = "1";

/// Test hook: exit abruptly (code 137, like a SIGKILL) right after this
/// many unit partials were written. Read only for tests of `--resume`.
pub const ABORT_ENV: &str = "SPLITLINE_TEST_ABORT_AFTER_UNITS";

/// The scan-wide inputs that decide a unit's result.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    pub splitline: String,
    pub contract: String,
    pub plugins: Vec<PluginInput>,
    /// Plugins that failed to load (their errors are part of every result).
    pub load_errors: Vec<String>,
    /// The resource kinds the plugins read (what live collection asks for).
    pub kinds: Vec<String>,
    /// Options that change what is collected or how it is evaluated
    /// (regions, subscriptions, projects, profile, role, …).
    pub options: BTreeMap<String, String>,
    /// For an inventory scan: its scan time and version (checks compute ages
    /// against the scan time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PluginInput {
    pub name: String,
    pub version: String,
    pub digest: String,
    /// The plugin's settings from the config file, as JSON.
    pub settings: String,
    /// Sandbox limits (deadline, memory, output), as JSON.
    pub limits: String,
}

impl Inputs {
    /// The inputs of a scan with this plugin set and config.
    pub fn of(set: &crate::plugins::PluginSet, config: &crate::config::Config) -> Inputs {
        Inputs {
            splitline: env!("CARGO_PKG_VERSION").into(),
            contract: crate::runtime::CONTRACT_VERSION.into(),
            plugins: set
                .plugins
                .iter()
                .map(|p| PluginInput {
                    name: p.meta.name.clone(),
                    version: p.meta.version.clone(),
                    digest: p.meta.digest.clone(),
                    settings: config.settings_json(&p.meta.name),
                    limits: serde_json::to_string(&p.limits).unwrap_or_default(),
                })
                .collect(),
            load_errors: set.errors.iter().map(|e| e.message.clone()).collect(),
            kinds: set
                .plugins
                .iter()
                .flat_map(|p| p.meta.resource_kinds.iter().cloned())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
            options: BTreeMap::new(),
            inventory: None,
        }
    }

    /// SHA-256 of the inputs' canonical JSON.
    pub fn digest(&self) -> String {
        crate::digest::sha256_hex(&serde_json::to_vec(self).expect("inputs serialise"))
    }

    /// The names of the parts that differ from `other`, for messages.
    fn differences(&self, other: &Inputs) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.splitline != other.splitline || self.contract != other.contract {
            out.push("splitline version");
        }
        let ids = |i: &Inputs| {
            i.plugins.iter().map(|p| (p.name.clone(), p.version.clone(), p.digest.clone())).collect::<Vec<_>>()
        };
        if ids(self) != ids(other) || self.load_errors != other.load_errors {
            out.push("plugins");
        }
        let rest = |i: &Inputs| i.plugins.iter().map(|p| (p.settings.clone(), p.limits.clone())).collect::<Vec<_>>();
        if ids(self) == ids(other) && rest(self) != rest(other) {
            out.push("plugin settings or limits");
        }
        if self.kinds != other.kinds {
            out.push("requested kinds");
        }
        if self.options != other.options {
            out.push("scan options");
        }
        if self.inventory != other.inventory {
            out.push("inventory scan time or version");
        }
        out
    }
}

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: String,
    digest: String,
    inputs: Inputs,
}

#[derive(Serialize, Deserialize)]
struct UnitFile<R> {
    format: String,
    version: String,
    provider: crate::model::Provider,
    account: String,
    fingerprint: String,
    report: R,
}

/// What a resumed scan finds for a unit.
pub enum Lookup {
    /// No partial for the unit.
    Missing,
    /// A partial written from other inputs: the unit is re-done.
    Stale,
    Found(Box<ScanReport>),
}

/// An open checkpoint directory.
pub struct Checkpoint {
    dir: PathBuf,
    digest: String,
    /// Held while a unit file is written; counts the files written.
    written: Mutex<usize>,
    abort_after: Option<usize>,
}

impl Checkpoint {
    /// Opens (creating) `dir` and writes its manifest. With `resume`, an
    /// existing manifest of other inputs is reported in the returned note
    /// (every unit's fingerprint then differs).
    pub fn open(dir: &Path, inputs: &Inputs, resume: bool) -> anyhow::Result<(Checkpoint, Option<String>)> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the checkpoint directory {}", dir.display()))?;
        let path = dir.join(MANIFEST);
        let digest = inputs.digest();
        let mut note = None;
        if resume {
            match std::fs::read_to_string(&path) {
                Ok(text) => match serde_json::from_str::<Manifest>(&text) {
                    Ok(old) if old.digest != digest => {
                        let what = old.inputs.differences(inputs);
                        note = Some(format!(
                            "the checkpoint in {} was written with other inputs ({} changed): its units are re-done",
                            dir.display(),
                            if what.is_empty() { "splitline's checkpoint format".to_string() } else { what.join(", ") }
                        ));
                    }
                    Ok(_) => {}
                    Err(e) => {
                        note = Some(format!(
                            "{} is not a splitline checkpoint manifest ({e}): every unit is re-done",
                            path.display()
                        ));
                    }
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    note = Some(format!("{} holds no checkpoint yet: every unit is scanned", dir.display()));
                }
                Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
            }
        }
        let manifest = Manifest {
            format: MANIFEST_FORMAT.into(),
            version: VERSION.into(),
            digest: digest.clone(),
            inputs: inputs.clone(),
        };
        let bytes = serde_json::to_vec_pretty(&manifest)?;
        crate::report::write_atomic(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
        let abort_after = std::env::var(ABORT_ENV).ok().and_then(|v| v.parse().ok());
        Ok((Checkpoint { dir: dir.to_path_buf(), digest, written: Mutex::new(0), abort_after }, note))
    }

    /// A unit's fingerprint: the scan-wide inputs, the unit, and the digest
    /// of its input slice when known before collection.
    pub fn fingerprint(&self, unit: &UnitKey, slice: Option<&str>) -> String {
        let mut h = Sha256::new();
        for part in [self.digest.as_str(), unit.provider.as_str(), unit.account.as_str(), slice.unwrap_or("")] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        crate::digest::hex(&h.finalize())
    }

    /// The partial of `unit` if one was written with `fingerprint`.
    pub fn lookup(&self, unit: &UnitKey, fingerprint: &str) -> Lookup {
        let path = self.dir.join(file_name(unit));
        let Ok(text) = std::fs::read_to_string(&path) else { return Lookup::Missing };
        // The header first: a stale partial is not parsed whole.
        #[derive(Deserialize)]
        struct Head {
            format: String,
            fingerprint: String,
        }
        match serde_json::from_str::<Head>(&text) {
            Ok(h) if h.format == UNIT_FORMAT && h.fingerprint == fingerprint => {}
            _ => return Lookup::Stale,
        }
        match serde_json::from_str::<UnitFile<ScanReport>>(&text) {
            Ok(f) if f.provider == unit.provider && f.account == unit.account => Lookup::Found(Box::new(f.report)),
            _ => Lookup::Stale,
        }
    }

    /// Writes `unit`'s partial atomically. With the test hook set, exits
    /// after the configured number of writes (holding the lock, so that no
    /// other unit is written after it).
    pub fn commit(&self, unit: &UnitKey, fingerprint: &str, report: &ScanReport) -> anyhow::Result<()> {
        let file = UnitFile {
            format: UNIT_FORMAT.into(),
            version: VERSION.into(),
            provider: unit.provider,
            account: unit.account.clone(),
            fingerprint: fingerprint.to_string(),
            report,
        };
        let path = self.dir.join(file_name(unit));
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        crate::report::write_atomic_with(&path, |out| serde_json::to_writer(out, &file).map_err(std::io::Error::other))
            .with_context(|| format!("cannot write the checkpoint {}", path.display()))?;
        *written += 1;
        if self.abort_after == Some(*written) {
            eprintln!("{ABORT_ENV}: exiting after {} checkpointed unit(s)", *written);
            std::process::exit(137);
        }
        Ok(())
    }
}

/// The file of `unit`'s partial: readable, and unique for any account id.
pub fn file_name(unit: &UnitKey) -> String {
    let safe: String = unit
        .account
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') { c } else { '_' })
        .take(40)
        .collect();
    let hash = crate::digest::sha256_hex(format!("{}/{}", unit.provider.as_str(), unit.account).as_bytes());
    format!("unit-{}-{}-{}.json", unit.provider.as_str(), safe, &hash[..16])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Provider;

    fn unit(account: &str) -> UnitKey {
        UnitKey { provider: Provider::Aws, account: account.into() }
    }

    #[test]
    fn file_names_are_safe_and_distinct() {
        let names: Vec<String> = ["123456789012", "../../etc/passwd", "a/b", "a_b", "ünï cödé", "", &"x".repeat(300)]
            .iter()
            .map(|a| file_name(&unit(a)))
            .collect();
        for n in &names {
            assert!(n.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')), "{n}");
            assert!(!n.contains(".."), "{n}");
            assert!(n.len() < 100, "{n}");
        }
        assert_eq!(
            names[0],
            format!("unit-aws-123456789012-{}.json", &crate::digest::sha256_hex(b"aws/123456789012")[..16])
        );
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "a/b and a_b differ by their hash");
    }

    #[test]
    fn fingerprints_change_with_the_inputs_and_the_slice() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = Inputs { splitline: "1".into(), ..Default::default() };
        let (c, note) = Checkpoint::open(dir.path(), &inputs, true).unwrap();
        assert!(note.unwrap().contains("no checkpoint yet"));
        let a = c.fingerprint(&unit("1"), Some("s"));
        assert_ne!(a, c.fingerprint(&unit("1"), Some("t")));
        assert_ne!(a, c.fingerprint(&unit("2"), Some("s")));
        let (same, note) = Checkpoint::open(dir.path(), &inputs, true).unwrap();
        assert!(note.is_none());
        assert_eq!(a, same.fingerprint(&unit("1"), Some("s")));
        let mut other = inputs.clone();
        other.options.insert("regions".into(), "eu-west-1".into());
        let (changed, note) = Checkpoint::open(dir.path(), &other, true).unwrap();
        assert!(note.unwrap().contains("scan options changed"));
        assert_ne!(a, changed.fingerprint(&unit("1"), Some("s")));
    }
}
