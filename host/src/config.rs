//! `splitline.toml`: defaults for CLI flags, plugin paths, limits and
//! per-plugin settings. Unknown keys are errors that name the key and file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::runtime::Limits;

/// The file name looked up in the working directory.
pub const FILE_NAME: &str = "splitline.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default)]
    pub scan: ScanDefaults,
    /// Limits for every plugin, overridable per plugin.
    #[serde(default)]
    pub limits: LimitsConfig,
    /// Per-plugin settings, keyed by plugin name.
    #[serde(default)]
    pub plugins: BTreeMap<String, PluginConfig>,
    /// Where the file was read from (set after parsing).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// Defaults for `splitline scan` flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScanDefaults {
    /// `critical`, `high`, `medium`, `low`, `info` or `never`.
    pub fail_on: Option<String>,
    /// Output formats, e.g. `["terminal"]` or `["json"]`.
    pub format: Option<String>,
    /// Extra plugin files, relative to the config file.
    #[serde(default)]
    pub plugins: Vec<PathBuf>,
    /// A directory whose `*.wasm` files are loaded as plugins.
    pub plugins_dir: Option<PathBuf>,
    /// Evaluate plugins with this many threads (default: CPU count).
    pub jobs: Option<usize>,
}

/// Limits as written in the file; absent fields inherit.
#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LimitsConfig {
    pub timeout_ms: Option<u64>,
    pub memory_mb: Option<u64>,
    pub output_mb: Option<u64>,
}

impl LimitsConfig {
    /// Applies these overrides on top of `base`.
    pub fn apply(&self, base: Limits) -> Limits {
        Limits {
            timeout: self.timeout_ms.map(Duration::from_millis).unwrap_or(base.timeout),
            memory_bytes: self.memory_mb.map(|m| m << 20).unwrap_or(base.memory_bytes),
            output_bytes: self.output_mb.map(|m| m << 20).unwrap_or(base.output_bytes),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PluginConfig {
    /// `false` skips the plugin.
    pub enabled: Option<bool>,
    #[serde(default)]
    pub limits: LimitsConfig,
    /// Passed to the plugin as a JSON object (its `context.settings`).
    #[serde(default)]
    pub settings: toml::Table,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("config file {path} is invalid{}: {message}", position(.line, .column))]
    Invalid { path: PathBuf, line: Option<usize>, column: Option<usize>, message: String },
}

fn position(line: &Option<usize>, column: &Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
        _ => String::new(),
    }
}

impl Config {
    /// Reads `explicit` if given (it must exist), else `./splitline.toml` if
    /// present, else the defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let p = PathBuf::from(FILE_NAME);
                if !p.is_file() {
                    return Ok(Config::default());
                }
                p
            }
        };
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Io { path: path.clone(), source })?;
        let mut config = Self::parse(&text, &path)?;
        config.path = Some(path);
        Ok(config)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        toml::from_str::<Config>(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.len() - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
                    (Some(line), Some(column))
                }
                None => (None, None),
            };
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().trim_end_matches('.').to_string(),
            }
        })
    }

    /// Resolves a path written in the config file relative to the file.
    pub fn resolve(&self, p: &Path) -> PathBuf {
        match self.path.as_deref().and_then(Path::parent) {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        }
    }

    /// The limits of one plugin: defaults, then `[limits]`, then
    /// `[plugins.NAME.limits]`.
    pub fn limits_for(&self, plugin: &str) -> Limits {
        let base = self.limits.apply(Limits::default());
        match self.plugins.get(plugin) {
            Some(p) => p.limits.apply(base),
            None => base,
        }
    }

    /// The plugin's settings as a JSON object string.
    pub fn settings_json(&self, plugin: &str) -> String {
        match self.plugins.get(plugin) {
            Some(p) => serde_json::to_string(&p.settings).unwrap_or_else(|_| "{}".into()),
            None => "{}".into(),
        }
    }

    pub fn enabled(&self, plugin: &str) -> bool {
        self.plugins.get(plugin).and_then(|p| p.enabled).unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_example_parses() {
        let c = Config::parse(
            r#"
[scan]
fail-on = "high"
plugins = ["extra.wasm"]

[limits]
timeout-ms = 5000

[plugins.aws-paas]
limits = { memory-mb = 64 }
settings = { max-key-age-days = 45, required-tags = ["owner"] }
"#,
            Path::new("splitline.toml"),
        )
        .unwrap();
        assert_eq!(c.limits_for("aws-paas").timeout, Duration::from_millis(5000));
        assert_eq!(c.limits_for("aws-paas").memory_bytes, 64 << 20);
        assert_eq!(c.limits_for("other").memory_bytes, Limits::default().memory_bytes);
        assert_eq!(c.settings_json("aws-paas"), r#"{"max-key-age-days":45,"required-tags":["owner"]}"#);
    }

    proptest::proptest! {
        /// Arbitrary text never panics the config parser; errors name the file.
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
            if let Err(e) = Config::parse(&text, Path::new("fuzz.toml")) {
                proptest::prop_assert!(e.to_string().contains("fuzz.toml"));
            }
        }

        /// TOML-shaped input with random keys and values: unknown keys are
        /// errors, never ignored, never a panic.
        #[test]
        fn random_keys_are_rejected_or_understood(
            section in proptest::sample::select(vec!["scan", "limits", "plugins.x", "plugins.x.limits", "other"]),
            key in "[a-z][a-z_-]{0,12}",
            value in proptest::sample::select(vec!["1", "\"x\"", "true", "[1, 2]", "{ a = 1 }"]),
        ) {
            let text = format!("[{section}]\n{key} = {value}\n");
            match Config::parse(&text, Path::new("fuzz.toml")) {
                Ok(_) => {}
                Err(e) => proptest::prop_assert!(e.to_string().contains("fuzz.toml")),
            }
        }
    }

    #[test]
    fn shipped_example_parses() {
        let c =
            Config::parse(include_str!("../../examples/splitline.toml"), Path::new("examples/splitline.toml")).unwrap();
        assert_eq!(c.scan.fail_on.as_deref(), Some("high"));
        assert_eq!(c.limits_for("aws-paas").timeout, Duration::from_millis(5000));
        assert_eq!(c.limits_for("gcp-paas"), Limits::default());
    }

    #[test]
    fn unknown_key_names_key_file_and_line() {
        let e = Config::parse("[scan]\nfail-on = \"high\"\nfail_on = \"low\"\n", Path::new("conf/splitline.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("config file conf/splitline.toml is invalid at line 3, column 1: unknown field `fail_on`"),
            "{e}"
        );
        let e = Config::parse("[plugins.x]\nsetting = 1\n", Path::new("s.toml")).unwrap_err().to_string();
        assert!(e.contains("unknown field `setting`") && e.contains("line 2"), "{e}");
    }
}
