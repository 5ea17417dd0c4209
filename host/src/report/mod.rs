//! Report formats: renderers over the one [`model::ScanReport`].

pub mod accounts;
pub mod asff;
pub mod baseline;
pub mod compliance;
pub mod csv;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod model;
pub mod mutes;
pub mod ocsf;
pub mod responsibility;
pub mod sarif;
pub mod terminal;

use std::io::Write;
use std::path::Path;

/// Output formats of `splitline scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// Human-readable summary and failed findings.
    Terminal,
    /// The native, versioned JSON result (docs/report-format.md).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// OCSF 1.x Detection Findings (JSON array).
    Ocsf,
    /// AWS Security Hub findings (ASFF), AWS findings only.
    Asff,
    /// One row per finding.
    Csv,
    /// JUnit XML: one test case per check × resource.
    Junit,
    /// A Markdown summary (fits a pull-request comment).
    Markdown,
    /// One self-contained HTML file.
    Html,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Terminal,
        Format::Json,
        Format::Sarif,
        Format::Ocsf,
        Format::Asff,
        Format::Csv,
        Format::Junit,
        Format::Markdown,
        Format::Html,
    ];

    /// The name on the command line (`--format NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Terminal => "terminal",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Ocsf => "ocsf",
            Format::Asff => "asff",
            Format::Csv => "csv",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }

    /// The file name `--output-dir` writes this format to.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Terminal => "splitline.txt",
            Format::Json => "splitline.json",
            Format::Sarif => "splitline.sarif",
            Format::Ocsf => "splitline.ocsf.json",
            Format::Asff => "splitline.asff.json",
            Format::Csv => "splitline.csv",
            Format::Junit => "splitline.junit.xml",
            Format::Markdown => "splitline.md",
            Format::Html => "splitline.html",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        <Format as clap::ValueEnum>::from_str(s, true).map_err(|_| {
            format!("unknown format `{s}`; expected terminal, json, sarif, ocsf, asff, csv, junit, markdown or html")
        })
    }
}

/// Recomputes everything derived from the findings: the summary, the
/// responsibility matrix and the compliance results. Called after the scan
/// and after mutes or a baseline change the findings' flags, so every format
/// renders the same numbers.
pub fn refresh_derived(report: &mut model::ScanReport) {
    report.summary = model::Summary::of(&report.findings);
    report.responsibility = responsibility::compute(report);
    report.compliance = compliance::compute(report);
}

/// Renders a report in one format.
pub fn render(report: &model::ScanReport, format: Format, out: &mut dyn Write, color: bool) -> std::io::Result<()> {
    match format {
        Format::Terminal => terminal::render(report, out, color),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Ocsf => ocsf::render(report, out),
        Format::Asff => asff::render(report, out),
        Format::Csv => csv::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Markdown => markdown::render(report, out),
        Format::Html => html::render(report, out),
    }
}

/// Renders the responsibility matrix as its own document (`splitline report
/// --responsibility`): Markdown or HTML.
pub fn render_responsibility(report: &model::ScanReport, format: Format, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Markdown => markdown::render_responsibility(report, out),
        Format::Html => html::render_responsibility(report, out),
        _ => Err(std::io::Error::other("the responsibility document is written as markdown or html")),
    }
}

/// Writes `bytes` to `path` atomically: a reader never sees half a file,
/// and an interrupted run leaves the previous file intact (Ctrl-C waits for
/// a write under way, `crate::interrupt`; no `.splitline-*` temporary file is
/// left behind).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// [`write_atomic`] for content written by `fill` as it is produced (a
/// large report is never held in memory whole): into a temporary file next
/// to `path`, buffered, then renamed over it. On error the temporary file is
/// removed and `path` is untouched. Ctrl-C waits for a write under way.
pub fn write_atomic_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    crate::interrupt::output(1, || write_atomic_now(path, fill))
}

fn write_atomic_now(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new().prefix(".splitline-").tempfile_in(dir)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, tmp);
    fill(&mut out)?;
    let tmp = out.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A small result for renderer tests: a sample of the demo's findings (every
/// provider × service model, passes, failures, not-applicable, manual), plus
/// one muted finding, baseline changes, a gap-derived `error` and an expired
/// mute rule (`host/tests/data/sample-result.json`).
#[cfg(test)]
pub(crate) fn sample_report() -> model::ScanReport {
    let mut r: model::ScanReport = serde_json::from_str(include_str!("../../tests/data/sample-result.json"))
        .expect("host/tests/data/sample-result.json is a valid result");
    refresh_derived(&mut r);
    r
}

/// One renderer's output for [`sample_report`], as text.
#[cfg(test)]
pub(crate) fn render_sample(render: fn(&model::ScanReport, &mut dyn Write) -> std::io::Result<()>) -> String {
    let mut buf = Vec::new();
    render(&sample_report(), &mut buf).expect("renders");
    String::from_utf8(buf).expect("UTF-8")
}
