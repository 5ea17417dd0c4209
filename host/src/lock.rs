//! `splitline.lock`: pinned third-party plugins. `splitline plugins add PATH`
//! records a plugin's SHA-256; a pinned file that no longer matches is refused.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = "splitline.lock";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    pub version: u32,
    #[serde(default, rename = "plugin")]
    pub plugins: Vec<Pin>,
    #[serde(skip)]
    pub path: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    pub name: String,
    /// As given to `plugins add`, relative to the lock file when relative.
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("cannot read lock file {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("lock file {path} is invalid: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl Lock {
    /// Reads `path` if it exists; a missing file is an empty lock.
    pub fn load(path: &Path) -> Result<Lock, LockError> {
        let mut lock = match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str::<Lock>(&text)
                .map_err(|e| LockError::Invalid { path: path.to_path_buf(), message: e.message().to_string() })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Lock { version: 1, ..Lock::default() },
            Err(source) => return Err(LockError::Io { path: path.to_path_buf(), source }),
        };
        if lock.version != 1 {
            return Err(LockError::Invalid {
                path: path.to_path_buf(),
                message: format!("version {} is not supported (expected 1)", lock.version),
            });
        }
        if let Some(bad) =
            lock.plugins.iter().find(|p| p.sha256.len() != 64 || !p.sha256.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(LockError::Invalid {
                path: path.to_path_buf(),
                message: format!(
                    "the sha256 of plugin {} is not 64 hexadecimal digits; re-pin it with `splitline plugins add`",
                    bad.name
                ),
            });
        }
        lock.path = path.to_path_buf();
        Ok(lock)
    }

    /// The pinned file's location on disk.
    pub fn resolve(&self, pin: &Pin) -> PathBuf {
        let p = Path::new(&pin.path);
        match self.path.parent() {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        }
    }

    /// The pin for a file on disk, if any.
    pub fn pin_for(&self, file: &Path) -> Option<&Pin> {
        let wanted = file.canonicalize().ok()?;
        self.plugins.iter().find(|p| self.resolve(p).canonicalize().ok().as_deref() == Some(wanted.as_path()))
    }

    /// Adds or replaces the pin of a plugin (by name).
    pub fn upsert(&mut self, pin: Pin) {
        self.plugins.retain(|p| p.name != pin.name && p.path != pin.path);
        self.plugins.push(pin);
        self.plugins.sort_by(|a, b| a.name.cmp(&b.name));
    }

    pub fn save(&self) -> std::io::Result<()> {
        let body = toml::to_string(self).map_err(std::io::Error::other)?;
        let text = format!("# Pinned splitline plugins, written by `splitline plugins add`. Commit this file.\n{body}");
        crate::report::write_atomic(&self.path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_lock_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        assert!(Lock::load(&path).unwrap().plugins.is_empty(), "a missing lock file is an empty lock");
        std::fs::write(&path, "version = 1\n[[plugin]]\nname = \"x\"\npath = \"x.wasm\"\nsha256 = \"é\"\n").unwrap();
        let e = Lock::load(&path).unwrap_err().to_string();
        assert!(e.contains("splitline.lock is invalid") && e.contains("plugin x"), "{e}");
        std::fs::write(&path, "version = 2\n").unwrap();
        assert!(Lock::load(&path).unwrap_err().to_string().contains("version 2 is not supported"));
    }
}
