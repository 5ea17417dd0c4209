//! Assembling the set of plugins for a run: the built-in ones, then files
//! from `--plugin`, the config file and the plugins directory. A plugin that
//! fails to load becomes an error entry; the others still run.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::lock::Lock;
use crate::model::PluginSource;
use crate::report::model::ScanError;
use crate::runtime::{LoadError, LoadedPlugin, Runtime};

/// First-party plugins compiled into this binary by `build.rs`.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_plugins.rs"));
}

/// `(name, component bytes)` of every built-in plugin.
pub fn builtin() -> &'static [(&'static str, &'static [u8])] {
    embedded::PLUGINS
}

/// Where plugins come from for this run.
#[derive(Debug, Default, Clone)]
pub struct PluginSelection {
    /// Load the first-party plugins built into the binary.
    pub builtin: bool,
    /// Plugin files from `--plugin` (and the config's `scan.plugins`).
    pub files: Vec<PathBuf>,
    /// Directories whose `*.wasm` files are plugins.
    pub dirs: Vec<PathBuf>,
    /// Pinned plugins: loaded, and refused when their digest changed.
    pub lock: Option<Lock>,
}

pub struct PluginSet {
    pub plugins: Vec<LoadedPlugin>,
    pub errors: Vec<ScanError>,
}

/// A plugin file or built-in component waiting to be loaded.
struct Candidate<'a> {
    source: PluginSource,
    label: String,
    bytes: std::borrow::Cow<'a, [u8]>,
    digest: String,
}

impl PluginSet {
    pub fn load(runtime: &Runtime, config: &Config, selection: &PluginSelection) -> PluginSet {
        let mut set = PluginSet { plugins: Vec::new(), errors: Vec::new() };
        let mut candidates = Vec::new();
        if selection.builtin {
            for (name, bytes) in builtin() {
                if !config.enabled(name) {
                    continue;
                }
                candidates.push(Candidate {
                    source: PluginSource::Builtin,
                    label: name.to_string(),
                    bytes: std::borrow::Cow::Borrowed(bytes),
                    digest: crate::digest::sha256_hex(bytes),
                });
            }
        }
        let mut files: Vec<PathBuf> = selection.files.clone();
        if let Some(lock) = &selection.lock {
            files.extend(lock.plugins.iter().map(|p| lock.resolve(p)));
        }
        for dir in &selection.dirs {
            match wasm_files(dir) {
                Ok(found) => files.extend(found),
                Err(e) => set.errors.push(ScanError {
                    plugin: dir.display().to_string(),
                    account: None,
                    kind: "load".into(),
                    message: format!("plugins directory {} cannot be read: {e}.", dir.display()),
                }),
            }
        }
        let mut seen_files = HashSet::new();
        for file in files {
            let key = file.canonicalize().unwrap_or_else(|_| file.clone());
            if !seen_files.insert(key) {
                continue;
            }
            let label = file.display().to_string();
            match std::fs::read(&file) {
                Ok(bytes) => {
                    // Hashed once: for the pin check here and as the plugin's identity in `load`.
                    let digest = crate::digest::sha256_hex(&bytes);
                    if let Some(pin) = selection.lock.as_ref().and_then(|l| l.pin_for(&file).map(|p| (l, p))) {
                        let (lock, pin) = pin;
                        if digest != pin.sha256 {
                            set.errors.push(ScanError {
                                plugin: label.clone(),
                                account: None,
                                kind: "load".into(),
                                message: format!(
                                    "plugin file {label} has SHA-256 {}…, but {} pins {}… for {}; it was not loaded (if you changed it on purpose, run `splitline plugins add {label}` again).",
                                    &digest[..16],
                                    lock.path.display(),
                                    pin.sha256.chars().take(16).collect::<String>(),
                                    pin.name
                                ),
                            });
                            continue;
                        }
                    }
                    candidates.push(Candidate {
                        source: PluginSource::File(label.clone()),
                        label,
                        bytes: std::borrow::Cow::Owned(bytes),
                        digest,
                    });
                }
                Err(e) => set.errors.push(ScanError {
                    plugin: label.clone(),
                    account: None,
                    kind: "load".into(),
                    message: format!("plugin file {label} cannot be read: {e}."),
                }),
            }
        }

        // Compiling is most of a cold start (each component through
        // Cranelift): load the candidates on every core at once, then admit
        // them one by one in their original order, so that which of two
        // clashing plugins wins does not depend on timing.
        let limits = config.limits.apply(Default::default());
        let loaded =
            parallel_map(&candidates, |c| runtime.load_digested(c.source.clone(), &c.bytes, c.digest.clone(), limits));
        for (candidate, result) in candidates.iter().zip(loaded) {
            set.admit(config, candidate, result);
        }
        set
    }

    /// Adds a loaded plugin unless it is disabled, or clashes by name or by
    /// check id with one admitted before it.
    fn admit(&mut self, config: &Config, candidate: &Candidate<'_>, result: Result<LoadedPlugin, LoadError>) {
        let label = candidate.label.as_str();
        let what = match &candidate.source {
            PluginSource::Builtin => format!("built-in plugin {label}"),
            PluginSource::File(p) => format!("plugin file {p}"),
        };
        let mut plugin = match result {
            Ok(p) => p,
            Err(e) => {
                self.errors.push(ScanError {
                    plugin: label.to_string(),
                    account: None,
                    kind: "load".into(),
                    message: format!("{what} {e}."),
                });
                return;
            }
        };
        let name = plugin.meta.name.clone();
        if !config.enabled(&name) {
            return;
        }
        if self.plugins.iter().any(|p| p.meta.name == name) {
            self.errors.push(ScanError {
                plugin: label.to_string(),
                account: None,
                kind: "load".into(),
                message: format!("{what} is named {name}, like a plugin already loaded; it was skipped (rename it or remove one of them)."),
            });
            return;
        }
        let taken: HashSet<&str> = self.plugins.iter().flat_map(|p| p.checks.iter().map(|c| c.id.as_str())).collect();
        if let Some(dup) = plugin.checks.iter().find(|c| taken.contains(c.id.as_str())) {
            let owner = self
                .plugins
                .iter()
                .find(|p| p.checks.iter().any(|c| c.id == dup.id))
                .map(|p| p.meta.name.clone())
                .unwrap_or_default();
            self.errors.push(ScanError {
                plugin: name,
                account: None,
                kind: "load".into(),
                message: format!("{what} declares check id {}, which plugin {owner} already declares; it was skipped (check ids must be unique).", dup.id),
            });
            return;
        }
        plugin.limits = config.limits_for(&name);
        self.plugins.push(plugin);
    }
}

/// `f` over `items` on up to one thread per core, results in item order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("a plugin loader thread panicked")).collect()
    });
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

fn wasm_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wasm") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}
