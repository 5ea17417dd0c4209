//! The native JSON result format.

use std::io::Write;

use super::model::ScanReport;

pub fn render(report: &ScanReport, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}
