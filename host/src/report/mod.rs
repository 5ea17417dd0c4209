//! Report formats: renderers over the one [`model::ScanReport`].

pub mod json;
pub mod model;
pub mod terminal;

use std::io::Write;
use std::path::Path;

/// Output formats of `splitline scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable summary and failed findings.
    Terminal,
    /// The native, versioned JSON result (docs/report-format.md).
    Json,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        <Format as clap::ValueEnum>::from_str(s, true)
            .map_err(|_| format!("unknown format `{s}`; expected terminal or json"))
    }
}

/// Renders a report in one format.
pub fn render(report: &model::ScanReport, format: Format, out: &mut dyn Write, color: bool) -> std::io::Result<()> {
    match format {
        Format::Terminal => terminal::render(report, out, color),
        Format::Json => json::render(report, out),
    }
}

/// Writes `bytes` to `path` atomically: a reader never sees half a file,
/// and an interrupted run leaves the previous file intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".splitline-").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
