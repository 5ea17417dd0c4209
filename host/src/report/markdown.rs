//! Markdown: a summary that fits a pull-request comment (GitHub's limit is
//! 65,536 characters, so the findings list is capped), and the
//! responsibility matrix as its own document.

use std::fmt::Write as _;
use std::io::Write;

use super::model::{Change, Counts, Finding, ScanReport};
use super::responsibility::{Cell, Coverage, Owner, ProviderMatrix};
use crate::model::{ControlDomain, Status};

/// Failed findings listed in the summary; the rest are counted.
const MAX_FINDINGS: usize = 50;

/// Accounts listed in the summary, worst first; the rest are counted.
const MAX_ACCOUNTS: usize = 50;

pub fn render(r: &ScanReport, out: &mut dyn Write) -> std::io::Result<()> {
    let mut s = String::new();
    let failed: Vec<&Finding> = r.findings.iter().filter(|f| f.effective_status() == Status::Fail).collect();
    let sev: Vec<String> = r.summary.failed_by_severity.iter().map(|(s, n)| format!("{n} {s}")).collect();
    let _ = writeln!(s, "## splitline: {}\n", headline(r, failed.len(), &sev));
    let _ = writeln!(
        s,
        "{} · scanned {} · {} resources · {} checks · splitline {}\n",
        md(&r.scan.target),
        md(&r.scan.scan_time),
        r.scan.resources,
        r.checks.len(),
        md(&r.tool.version)
    );
    if !r.scan.complete {
        let _ = writeln!(
            s,
            "> **Incomplete scan:** {} plugin error(s) and {} coverage gap(s); affected checks report `error`, never `pass`.\n",
            r.errors.len(),
            r.coverage_gaps.len()
        );
    }
    if let Some(b) = &r.baseline {
        let _ = writeln!(
            s,
            "Compared with `{}` (scanned {}): **{} new**, {} unchanged, {} fixed, {} newly unevaluable.\n",
            code(&b.source),
            md(&b.baseline_scan_time),
            b.new,
            b.unchanged,
            b.fixed.len(),
            b.newly_unevaluable
        );
    }

    let _ = writeln!(s, "| provider | service model | pass | fail | error | manual | n/a | muted |");
    let _ = writeln!(s, "|---|---|--:|--:|--:|--:|--:|--:|");
    let row = |s: &mut String, p: &str, m: &str, c: &Counts| {
        let _ = writeln!(
            s,
            "| {p} | {m} | {} | {} | {} | {} | {} | {} |",
            c.pass, c.fail, c.error, c.manual, c.not_applicable, c.muted
        );
    };
    for (p, models) in &r.summary.by_provider_model {
        for (m, c) in models {
            row(&mut s, p.as_str(), m.as_str(), c);
        }
    }
    row(&mut s, "**total**", "", &r.summary.totals);

    if r.accounts.len() > 1 {
        let rows = super::accounts::rows(r);
        let _ = writeln!(s, "\n### By account ({}, worst first)\n", rows.len());
        let _ = writeln!(
            s,
            "| provider | account | critical | high | medium | low | fail | pass | error | coverage gaps |"
        );
        let _ = writeln!(s, "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        for row in rows.iter().take(MAX_ACCOUNTS) {
            let a = row.account;
            let name = a.name.as_deref().filter(|n| *n != a.id).map(|n| format!(" ({})", md(n))).unwrap_or_default();
            let [crit, high, med, low, _] = row.failed;
            let _ = writeln!(
                s,
                "| {} | `{}`{name} | {crit} | {high} | {med} | {low} | {} | {} | {} | {} |",
                a.provider,
                code(&a.id),
                row.counts.fail,
                row.counts.pass,
                row.counts.error,
                row.gaps
            );
        }
        if rows.len() > MAX_ACCOUNTS {
            let _ =
                writeln!(s, "\n…and {} more account(s); every one is in the HTML report.", rows.len() - MAX_ACCOUNTS);
        }
    }

    if !failed.is_empty() {
        let _ = writeln!(s, "\n### Failed findings ({})\n", failed.len());
        let _ = writeln!(s, "| severity | check | resource | where | finding |");
        let _ = writeln!(s, "|---|---|---|---|---|");
        for f in failed.iter().take(MAX_FINDINGS) {
            let new = if f.change == Some(Change::New) { " **new**" } else { "" };
            let _ = writeln!(
                s,
                "| {}{new} | `{}` | {} | {} {}/{} | {} |",
                f.severity,
                code(&f.check_id),
                md(&f.resource_name),
                f.provider,
                md(&f.account),
                md(&f.region),
                md(&f.message)
            );
        }
        if failed.len() > MAX_FINDINGS {
            let _ = writeln!(
                s,
                "\n…and {} more; the full list is in the JSON, CSV or HTML report.",
                failed.len() - MAX_FINDINGS
            );
        }
    }

    if let Some(b) = r.baseline.as_ref().filter(|b| !b.fixed.is_empty()) {
        let _ = writeln!(s, "\n### Fixed since the baseline ({})\n", b.fixed.len());
        for f in b.fixed.iter().take(MAX_FINDINGS) {
            let _ = writeln!(s, "- `{}` {} ({}, now {})", code(&f.check_id), md(&f.resource_id), f.severity, f.now);
        }
    }

    let muted: Vec<&Finding> = r.findings.iter().filter(|f| f.mute.is_some()).collect();
    if !muted.is_empty() || !r.mutes.is_empty() {
        let _ = writeln!(s, "\n### Muted ({})\n", muted.len());
        for m in &r.mutes {
            let mut who = String::new();
            if let Some(o) = &m.owner {
                let _ = write!(who, ", owner {}", md(o));
            }
            if let Some(e) = &m.expires {
                let _ = write!(who, ", {} {}", if m.expired { "**expired**" } else { "until" }, md(e));
            }
            let _ = writeln!(s, "- rule {}: {} ({} finding(s){who})", m.rule, md(&m.reason), m.matched);
        }
    }

    if let Some(combined) = r.responsibility.last() {
        let _ = writeln!(s, "\n### Your side of the shared-responsibility line ({})\n", combined.scope);
        matrix_table(&mut s, combined);
    }

    if !r.compliance.is_empty() {
        let _ = writeln!(s, "\n### Compliance\n");
        let _ = writeln!(s, "| framework | requirements | covered | pass | fail | not evaluated | manual | coverage |");
        let _ = writeln!(s, "|---|--:|--:|--:|--:|--:|--:|--:|");
        for c in &r.compliance {
            let t = &c.totals;
            let _ = writeln!(
                s,
                "| {} {} | {} | {} | {} | {} | {} | {} | {:.1}% |",
                md(&c.name),
                md(&c.version),
                t.requirements,
                t.covered,
                t.passing,
                t.failing,
                t.not_evaluated,
                t.manual,
                t.coverage_pct
            );
        }
    }

    if !r.errors.is_empty() {
        let _ = writeln!(s, "\n### Errors\n");
        for e in &r.errors {
            let _ = writeln!(s, "- {}: {}", md(&e.plugin), md(&e.message));
        }
    }
    out.write_all(s.as_bytes())
}

fn headline(r: &ScanReport, failed: usize, sev: &[String]) -> String {
    let mut h =
        if failed == 0 { "no failed findings".to_string() } else { format!("{failed} failed ({})", sev.join(", ")) };
    let _ = write!(h, ", {} passed", r.summary.totals.pass);
    if r.summary.totals.error > 0 {
        let _ = write!(h, ", {} not evaluated", r.summary.totals.error);
    }
    if r.summary.totals.muted > 0 {
        let _ = write!(h, ", {} muted", r.summary.totals.muted);
    }
    h
}

/// Rows: control domains; columns: the service models in use.
fn matrix_table(s: &mut String, m: &ProviderMatrix) {
    let _ = write!(s, "| control domain |");
    for model in &m.service_models {
        let _ = write!(s, " {model} |");
    }
    let _ = write!(s, "\n|---|");
    for _ in &m.service_models {
        let _ = write!(s, "---|");
    }
    let _ = writeln!(s);
    for d in ControlDomain::ALL {
        let _ = write!(s, "| {} |", d.title());
        for model in &m.service_models {
            let cell = m.cells.iter().find(|c| c.control_domain == *d && c.service_model == *model);
            let _ = write!(s, " {} |", cell.map(cell_text).unwrap_or_default());
        }
        let _ = writeln!(s);
    }
}

fn cell_text(c: &Cell) -> String {
    let owner = match c.owner {
        Owner::Provider => "provider",
        Owner::Shared => "**shared**",
        Owner::Customer => "**you**",
    };
    match &c.evidence {
        None => owner.to_string(),
        Some(e) => match e.coverage {
            Coverage::Gap => format!("{owner}: ⚠ gap, no check"),
            Coverage::NoResources => format!("{owner}: {} check(s), nothing to evaluate", e.checks),
            Coverage::Evaluated => {
                let f = &e.findings;
                let mut parts = vec![format!("{} pass", f.pass), format!("{} fail", f.fail)];
                if f.error > 0 {
                    parts.push(format!("{} error", f.error));
                }
                if f.muted > 0 {
                    parts.push(format!("{} muted", f.muted));
                }
                format!("{owner}: {} ({}/{} checks)", parts.join(", "), e.checks_evaluated, e.checks)
            }
        },
    }
}

/// `splitline report --responsibility`: the matrix as a document for
/// auditors: what the provider handles, what the customer handles, and the
/// evidence for the customer's part, per provider and combined.
pub fn render_responsibility(r: &ScanReport, out: &mut dyn Write) -> std::io::Result<()> {
    let mut s = String::new();
    let _ = writeln!(s, "# Shared responsibility: who secures what, and the evidence\n");
    let _ = writeln!(
        s,
        "Scan of {} at {} by splitline {}{}.\n",
        md(&r.scan.target),
        md(&r.scan.scan_time),
        md(&r.tool.version),
        if r.scan.complete { "" } else { " (**incomplete**: some checks could not be evaluated)" }
    );
    let _ = writeln!(
        s,
        "Each cell says who owns a control domain for a service model under the provider's published \
         shared-responsibility model: **provider** (nothing for you to configure), **shared** (the provider \
         supplies the mechanism, you configure it) or **you** (the customer). For your cells and shared cells, \
         the evidence is what splitline's checks found: findings that passed, failed, could not be evaluated \
         (error) or were muted, out of the checks that apply. A **gap** is a customer cell that no check covers \
         yet: it is not a pass, it is unknown. Only the service models the scanned estate uses are shown.\n"
    );
    if r.responsibility.is_empty() {
        let _ = writeln!(s, "The result has no findings, so no service model is in use.");
    }
    for m in &r.responsibility {
        let title = match m.scope.as_str() {
            "aws" => "Amazon Web Services",
            "azure" => "Microsoft Azure",
            "gcp" => "Google Cloud",
            _ => "All providers combined",
        };
        let _ = writeln!(s, "## {title}\n");
        matrix_table(&mut s, m);
        let _ = writeln!(s, "\nSources:");
        for src in &m.sources {
            let _ = writeln!(s, "- [{}]({})", md(&src.title), src.url);
        }
        let gaps: Vec<&Cell> =
            m.cells.iter().filter(|c| c.evidence.as_ref().is_some_and(|e| e.coverage != Coverage::Evaluated)).collect();
        if !gaps.is_empty() {
            let _ = writeln!(s, "\nYour cells without evidence:");
            for c in gaps {
                let why = match c.evidence.as_ref().map(|e| e.coverage) {
                    Some(Coverage::Gap) => "no check covers it yet",
                    _ => "checks exist, but the estate had nothing for them to evaluate",
                };
                let _ =
                    writeln!(s, "- {} × {} ({}): {why}", c.service_model, c.control_domain.title(), c.owner.as_str());
            }
        }
        let _ = writeln!(s);
    }
    if let Some(first) = r.responsibility.first() {
        let _ = writeln!(s, "## Why each cell has its owner\n");
        let _ = writeln!(s, "| service model | control domain | owner | basis |");
        let _ = writeln!(s, "|---|---|---|---|");
        let source = r.responsibility.iter().find(|m| m.scope == "combined").unwrap_or(first);
        for c in &source.cells {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                c.service_model,
                c.control_domain.title(),
                c.owner.as_str(),
                md(&c.basis)
            );
        }
    }
    out.write_all(s.as_bytes())
}

/// Escapes untrusted text for a Markdown table cell or line: no HTML, no
/// links or emphasis injected, no table breaks.
fn md(text: &str) -> String {
    let mut o = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => o.push(' '),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' => {
                o.push('\\');
                o.push(c);
            }
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            c if c.is_control() => {}
            c => o.push(c),
        }
    }
    o
}

/// Text inside a code span: backticks and pipes would end it or the table.
fn code(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '`' { '\'' } else { c })
        .collect::<String>()
        .replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_to_string(f: fn(&ScanReport, &mut dyn Write) -> std::io::Result<()>) -> String {
        crate::report::render_sample(f)
    }

    #[test]
    fn summary_snapshot() {
        insta::assert_snapshot!(render_to_string(render));
    }

    #[test]
    fn responsibility_snapshot() {
        insta::assert_snapshot!(render_to_string(render_responsibility));
    }

    #[test]
    fn the_responsibility_document_shows_every_model_and_an_honest_gap() {
        let doc = render_to_string(render_responsibility);
        for heading in ["## Amazon Web Services", "## Microsoft Azure", "## Google Cloud", "## All providers combined"]
        {
            assert!(doc.contains(heading), "{heading}");
        }
        assert!(doc.contains("| control domain | iaas | paas | saas | serverless |"));
        assert!(doc.contains("⚠ gap, no check"));
        assert!(doc.contains("https://learn.microsoft.com/azure/security/fundamentals/shared-responsibility"));
    }

    #[test]
    fn untrusted_text_cannot_inject_markup() {
        assert_eq!(md("a|b"), "a\\|b");
        assert_eq!(md("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(md("[click](http://evil)"), "\\[click\\](http://evil)");
        assert_eq!(md("line\nbreak\u{1b}[31m"), "line break\\[31m");
        assert_eq!(code("a`b|c"), "a'b\\|c");
    }

    #[test]
    fn a_large_result_stays_within_a_pull_request_comment() {
        let mut r = crate::report::sample_report();
        let template = r.findings.iter().find(|f| f.status == Status::Fail).unwrap().clone();
        r.findings = (0..5000).map(|i| Finding { id: format!("{i:032x}"), mute: None, ..template.clone() }).collect();
        crate::report::refresh_derived(&mut r);
        let mut buf = Vec::new();
        render(&r, &mut buf).unwrap();
        assert!(buf.len() < 65_536, "{} bytes", buf.len());
        assert!(String::from_utf8(buf).unwrap().contains("…and 4950 more"));
    }
}
