//! JUnit XML for CI systems: one test suite per plugin, one test case per
//! check × resource. `fail` is a failure, `error` an error, and muted,
//! manual and not-applicable findings are skipped (with the reason).

use std::collections::BTreeMap;
use std::io::Write;

use super::model::{Finding, ScanReport};
use crate::model::Status;

enum Outcome<'a> {
    Passed,
    Failure(&'a str),
    Error,
    Skipped(String),
}

fn outcome(f: &Finding) -> Outcome<'_> {
    if let Some(m) = &f.mute {
        return Outcome::Skipped(format!("muted by rule {}: {} (verdict: {})", m.rule, m.reason, f.status));
    }
    match f.status {
        Status::Pass => Outcome::Passed,
        Status::Fail => Outcome::Failure(f.severity.as_str()),
        Status::Error => Outcome::Error,
        Status::Manual => Outcome::Skipped(format!("manual check: {}", f.message)),
        Status::NotApplicable => Outcome::Skipped(format!("not applicable: {}", f.message)),
        Status::Muted => Outcome::Skipped("muted".into()),
    }
}

pub fn render(report: &ScanReport, out: &mut dyn Write) -> std::io::Result<()> {
    let mut suites: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        suites.entry(f.plugin.as_str()).or_default().push(f);
    }
    let count = |v: &[&Finding], pred: fn(&Outcome) -> bool| v.iter().filter(|f| pred(&outcome(f))).count();
    let failures = |o: &Outcome| matches!(o, Outcome::Failure(_));
    let errors = |o: &Outcome| matches!(o, Outcome::Error);
    let skipped = |o: &Outcome| matches!(o, Outcome::Skipped(_));
    let all: Vec<&Finding> = report.findings.iter().collect();

    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x += &format!(
        "<testsuites name=\"splitline\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" timestamp=\"{}\">\n",
        all.len(),
        count(&all, failures),
        count(&all, errors) + report.errors.len(),
        count(&all, skipped),
        esc(&report.scan.scan_time)
    );
    for (plugin, findings) in &suites {
        x += &format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
            esc(plugin),
            findings.len(),
            count(findings, failures),
            count(findings, errors),
            count(findings, skipped)
        );
        for f in findings {
            x += &format!(
                "    <testcase name=\"{} {}\" classname=\"{}.{}.{}\">",
                esc(&f.check_id),
                esc(&f.resource_name),
                f.provider,
                esc(&f.account),
                esc(&f.region)
            );
            let body = format!("{}\nresource: {}\ncheck: {} ({})", f.message, f.resource_id, f.check_title, f.check_id);
            match outcome(f) {
                Outcome::Passed => {}
                Outcome::Failure(severity) => {
                    x += &format!(
                        "\n      <failure message=\"{}\" type=\"{severity}\">{}</failure>\n    ",
                        esc(&f.message),
                        esc(&body)
                    );
                }
                Outcome::Error => {
                    x += &format!(
                        "\n      <error message=\"{}\" type=\"not-evaluated\">{}</error>\n    ",
                        esc(&f.message),
                        esc(&body)
                    );
                }
                Outcome::Skipped(why) => x += &format!("\n      <skipped message=\"{}\"/>\n    ", esc(&why)),
            }
            x += "</testcase>\n";
        }
        x += "  </testsuite>\n";
    }
    if !report.errors.is_empty() {
        x += &format!(
            "  <testsuite name=\"splitline\" tests=\"{0}\" failures=\"0\" errors=\"{0}\" skipped=\"0\">\n",
            report.errors.len()
        );
        for e in &report.errors {
            x += &format!(
                "    <testcase name=\"{} {}\" classname=\"splitline.plugins\">\n      <error message=\"{}\" type=\"{}\"/>\n    </testcase>\n",
                esc(&e.plugin),
                esc(e.account.as_deref().unwrap_or("")),
                esc(&e.message),
                esc(&e.kind)
            );
        }
        x += "  </testsuite>\n";
    }
    x += "</testsuites>\n";
    out.write_all(x.as_bytes())
}

/// Escapes text for XML 1.0 content and attributes, dropping characters XML
/// cannot carry (most control characters).
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\n' => o.push_str("&#10;"),
            '\t' => o.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
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
    fn counts_match_the_findings() {
        let r = crate::report::sample_report();
        let x = render_sample();
        let fails = r.findings.iter().filter(|f| f.effective_status() == Status::Fail).count();
        let errors = r.findings.iter().filter(|f| f.effective_status() == Status::Error).count();
        assert!(x.contains(&format!("tests=\"{}\" failures=\"{fails}\" errors=\"{errors}\"", r.findings.len())), "{x}");
        assert_eq!(x.matches("<testcase ").count(), r.findings.len());
        assert_eq!(x.matches("<failure ").count(), fails);
        assert!(x.contains("muted by rule 1: Accepted risk"));
    }

    #[test]
    fn hostile_text_is_escaped() {
        assert_eq!(esc("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(esc("]]>\u{1b}[31m"), "]]&gt;\u{FFFD}[31m");
    }
}
