//! The native JSON result format.

use std::io::Write;

use super::model::ScanReport;

pub fn render(report: &ScanReport, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON result is the input of `report`, `diff` and `--baseline`:
    /// what it writes, the reader reads back unchanged.
    #[test]
    fn a_rendered_result_reads_back_identically() {
        let r = crate::report::sample_report();
        let mut buf = Vec::new();
        render(&r, &mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let back = crate::report::baseline::parse_result(&text, std::path::Path::new("r.json")).unwrap();
        assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::to_value(&r).unwrap());
        assert!(text.contains("\"version\": \"1.1\""));
    }
}
