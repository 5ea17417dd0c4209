//! CSV: one row per finding (RFC 4180 quoting). Cells that a spreadsheet
//! would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) are
//! prefixed with `'`: resource names and messages come from the cloud and
//! from plugins, and must not execute when a user opens the file.

use std::io::Write;

use super::model::ScanReport;

const HEADER: &[&str] = &[
    "finding_id",
    "provider",
    "account",
    "region",
    "check_id",
    "check_title",
    "severity",
    "status",
    "muted",
    "mute_reason",
    "mute_owner",
    "mute_expires",
    "change",
    "service_model",
    "control_domain",
    "resource_kind",
    "resource_id",
    "resource_name",
    "message",
    "remediation",
    "compliance",
];

pub fn render(report: &ScanReport, out: &mut dyn Write) -> std::io::Result<()> {
    row(out, HEADER.iter().copied())?;
    let checks: std::collections::HashMap<&str, &crate::model::CheckInfo> =
        report.checks.iter().map(|c| (c.id.as_str(), c)).collect();
    for f in &report.findings {
        let check = checks.get(f.check_id.as_str());
        let mute = f.mute.as_ref();
        let compliance = check
            .map(|c| {
                c.compliance.iter().map(|r| format!("{} {}", r.framework, r.control)).collect::<Vec<_>>().join("; ")
            })
            .unwrap_or_default();
        row(
            out,
            [
                f.id.as_str(),
                f.provider.as_str(),
                &f.account,
                &f.region,
                &f.check_id,
                &f.check_title,
                f.severity.as_str(),
                f.status.as_str(),
                if mute.is_some() { "true" } else { "false" },
                mute.map(|m| m.reason.as_str()).unwrap_or_default(),
                mute.and_then(|m| m.owner.as_deref()).unwrap_or_default(),
                mute.and_then(|m| m.expires.as_deref()).unwrap_or_default(),
                f.change.map(|c| c.as_str()).unwrap_or_default(),
                f.service_model.as_str(),
                f.control_domain.as_str(),
                &f.resource_kind,
                &f.resource_id,
                &f.resource_name,
                &f.message,
                check.map(|c| c.remediation.text.as_str()).unwrap_or_default(),
                &compliance,
            ],
        )?;
    }
    Ok(())
}

fn row<'a>(out: &mut dyn Write, cells: impl IntoIterator<Item = &'a str>) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&cell_text(cell));
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

fn cell_text(value: &str) -> String {
    let value =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    if value.contains([',', '"', '\n', '\r']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_sample() -> String {
        crate::report::render_sample(render)
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render_sample());
    }

    #[test]
    fn one_row_per_finding_with_the_header_first() {
        let r = crate::report::sample_report();
        let text = render_sample();
        // Quoted cells may hold newlines, so count records, not lines.
        let records = parse(&text);
        assert_eq!(records[0], HEADER);
        assert_eq!(records.len(), r.findings.len() + 1);
        for (rec, f) in records[1..].iter().zip(&r.findings) {
            assert_eq!(rec.len(), HEADER.len());
            assert_eq!((rec[0].as_str(), rec[7].as_str()), (f.id.as_str(), f.status.as_str()));
            assert_eq!(rec[8], if f.mute.is_some() { "true" } else { "false" });
        }
    }

    #[test]
    fn quotes_and_formula_starts_are_neutralised() {
        assert_eq!(cell_text("plain"), "plain");
        assert_eq!(cell_text("a,b"), "\"a,b\"");
        assert_eq!(cell_text("say \"hi\"\nthere"), "\"say \"\"hi\"\"\nthere\"");
        assert_eq!(cell_text("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(cell_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell_text("-1+1"), "'-1+1");
    }

    /// A minimal RFC 4180 reader, to check what a spreadsheet would see.
    fn parse(text: &str) -> Vec<Vec<String>> {
        let (mut records, mut record, mut cell) = (Vec::new(), Vec::new(), String::new());
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => cell.push(c),
                (false, '"') => quoted = true,
                (false, ',') => record.push(std::mem::take(&mut cell)),
                (false, '\r') => {}
                (false, '\n') => {
                    record.push(std::mem::take(&mut cell));
                    records.push(std::mem::take(&mut record));
                }
                (false, c) => cell.push(c),
            }
        }
        records
    }
}
