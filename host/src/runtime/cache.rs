//! On-disk cache of compiled components, keyed by the component's SHA-256
//! and the engine's compatibility hash (which covers the wasmtime version
//! and every codegen setting), so a second run does not recompile.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use wasmtime::Engine;
use wasmtime::component::Component;

pub struct ComponentCache {
    dir: PathBuf,
}

impl ComponentCache {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The default location: `$SPLITLINE_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/splitline`, else `~/.cache/splitline`.
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(d) = std::env::var_os("SPLITLINE_CACHE_DIR") {
            return Some(PathBuf::from(d));
        }
        if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(d).join("splitline"));
        }
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache").join("splitline"))
    }

    fn path(&self, engine: &Engine, digest: &str) -> PathBuf {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut h);
        self.dir.join("components").join(format!("{digest}-{:016x}.cwasm", h.finish()))
    }

    /// A cached compilation, if present and loadable.
    pub fn get(&self, engine: &Engine, digest: &str) -> Option<Component> {
        let path = self.path(engine, digest);
        if !path.is_file() {
            return None;
        }
        // SAFETY: the file was written by `put` below from `Component::serialize`
        // of the same engine configuration (the name carries the compatibility
        // hash); wasmtime still checks its header and version. The cache
        // directory belongs to the user running splitline.
        match unsafe { Component::deserialize_file(engine, &path) } {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::debug!(path = %path.display(), error = %e, "ignoring unusable cached component");
                None
            }
        }
    }

    /// Stores a compilation atomically. Failures only cost the next run time.
    pub fn put(&self, engine: &Engine, digest: &str, component: &Component) {
        let path = self.path(engine, digest);
        // Not an output file, but Ctrl-C must not leave a temporary file in the cache either.
        if let Err(e) = crate::interrupt::output(0, || write_atomic(&path, component)) {
            tracing::debug!(path = %path.display(), error = %e, "could not write the component cache");
        }
    }
}

fn write_atomic(path: &Path, component: &Component) -> anyhow::Result<()> {
    let dir = path.parent().expect("cache path has a parent");
    std::fs::create_dir_all(dir)?;
    let bytes = component.serialize()?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&bytes)?;
    tmp.persist(path)?;
    Ok(())
}
