//! The human-readable report: what was scanned, a summary by provider ×
//! service model, then failed findings by severity, then what went wrong.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::model::{Change, Counts, ScanReport};
use super::responsibility::Coverage;
use crate::model::{Severity, Status};

struct Styles {
    bold: Style,
    dim: Style,
    red: Style,
    green: Style,
    yellow: Style,
}

impl Styles {
    fn new(color: bool) -> Self {
        if !color {
            return Self {
                bold: Style::new(),
                dim: Style::new(),
                red: Style::new(),
                green: Style::new(),
                yellow: Style::new(),
            };
        }
        Self {
            bold: Style::new().bold(),
            dim: Style::new().dimmed(),
            red: AnsiColor::Red.on_default().bold(),
            green: AnsiColor::Green.on_default(),
            yellow: AnsiColor::Yellow.on_default(),
        }
    }

    fn severity(&self, s: Severity) -> Style {
        match s {
            Severity::Critical | Severity::High => self.red,
            Severity::Medium => self.yellow,
            Severity::Low | Severity::Info => self.dim,
        }
    }
}

fn paint(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}

/// Accounts listed by the terminal report; the HTML and Markdown reports list all.
const MAX_ACCOUNTS: usize = 10;

/// The worst accounts: failures by severity, errors, coverage gaps.
fn by_account(r: &ScanReport, out: &mut dyn Write, st: &Styles) -> std::io::Result<()> {
    let rows = super::accounts::rows(r);
    writeln!(out, "{}", paint(st.bold, format!("BY ACCOUNT ({}, worst first)", rows.len())))?;
    writeln!(
        out,
        "{}",
        paint(
            st.bold,
            format!(
                "{:<8} {:<36} {:>5} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6} {:>5}",
                "PROVIDER", "ACCOUNT", "CRIT", "HIGH", "MED", "LOW", "FAIL", "PASS", "ERROR", "GAPS"
            )
        )
    )?;
    for row in rows.iter().take(MAX_ACCOUNTS) {
        let a = row.account;
        // The id whole (it is what a reader searches for); the name as room allows.
        let mut name = a.id.clone();
        if let Some(n) = a.name.as_deref().filter(|n| *n != a.id) {
            let room = 36usize.saturating_sub(a.id.chars().count() + 3);
            if room >= 4 {
                let n: String = if n.chars().count() > room {
                    n.chars().take(room - 1).chain(std::iter::once('…')).collect()
                } else {
                    n.to_string()
                };
                name = format!("{} ({n})", a.id);
            }
        }
        let [crit, high, med, low, _] = row.failed;
        writeln!(
            out,
            "{:<8} {:<36} {} {} {:>5} {:>5} {:>6} {:>6} {} {:>5}",
            a.provider.as_str(),
            name,
            paint(if crit > 0 { st.red } else { Style::new() }, format!("{crit:>5}")),
            paint(if high > 0 { st.red } else { Style::new() }, format!("{high:>5}")),
            med,
            low,
            row.counts.fail,
            row.counts.pass,
            paint(if row.counts.error > 0 { st.yellow } else { Style::new() }, format!("{:>6}", row.counts.error)),
            row.gaps
        )?;
    }
    if rows.len() > MAX_ACCOUNTS {
        writeln!(
            out,
            "…and {} more account(s): every one is in the HTML and Markdown reports",
            rows.len() - MAX_ACCOUNTS
        )?;
    }
    writeln!(out)
}

pub fn render(r: &ScanReport, out: &mut dyn Write, color: bool) -> std::io::Result<()> {
    let st = Styles::new(color);
    let providers: std::collections::BTreeSet<_> = r.accounts.iter().map(|a| a.provider).collect();
    writeln!(
        out,
        "{} {} · {} · scan time {}",
        paint(st.bold, "splitline"),
        r.tool.version,
        r.scan.target,
        r.scan.scan_time
    )?;
    writeln!(
        out,
        "{} provider(s), {} account(s), {} resource(s) · {} check(s) from {} plugin(s)",
        providers.len(),
        r.accounts.len(),
        r.scan.resources,
        r.checks.len(),
        r.plugins.len()
    )?;
    writeln!(out)?;

    // Summary by provider × service model.
    writeln!(
        out,
        "{}",
        paint(
            st.bold,
            format!(
                "{:<8} {:<11} {:>6} {:>6} {:>6} {:>7} {:>6} {:>6}",
                "PROVIDER", "MODEL", "PASS", "FAIL", "ERROR", "MANUAL", "N/A", "MUTED"
            )
        )
    )?;
    let row = |out: &mut dyn Write, p: &str, m: &str, c: &Counts| -> std::io::Result<()> {
        writeln!(
            out,
            "{:<8} {:<11} {} {} {} {:>7} {:>6} {:>6}",
            p,
            m,
            paint(if c.pass > 0 { st.green } else { Style::new() }, format!("{:>6}", c.pass)),
            paint(if c.fail > 0 { st.red } else { Style::new() }, format!("{:>6}", c.fail)),
            paint(if c.error > 0 { st.yellow } else { Style::new() }, format!("{:>6}", c.error)),
            c.manual,
            c.not_applicable,
            c.muted
        )
    };
    for (provider, models) in &r.summary.by_provider_model {
        for (model, counts) in models {
            row(out, provider.as_str(), model.as_str(), counts)?;
        }
    }
    row(out, "total", "", &r.summary.totals)?;
    writeln!(out)?;

    if r.accounts.len() > 1 {
        by_account(r, out, &st)?;
    }

    // Failed findings, most severe first.
    if let Some(b) = &r.baseline {
        writeln!(
            out,
            "Compared with {} (scanned {}): {} new, {} unchanged, {} fixed, {} newly unevaluable.",
            b.source,
            b.baseline_scan_time,
            b.new,
            b.unchanged,
            b.fixed.len(),
            b.newly_unevaluable
        )?;
        writeln!(out)?;
    }

    let failed: Vec<_> = r.findings.iter().filter(|f| f.effective_status() == Status::Fail).collect();
    if failed.is_empty() {
        writeln!(out, "{}", paint(st.green, "No failed findings."))?;
    } else {
        writeln!(out, "{}", paint(st.bold, format!("FAILED FINDINGS ({})", failed.len())))?;
        for sev in Severity::ALL {
            let group: Vec<_> = failed.iter().filter(|f| f.severity == *sev).collect();
            if group.is_empty() {
                continue;
            }
            writeln!(out)?;
            writeln!(
                out,
                "{}",
                paint(st.severity(*sev), format!("{} ({})", sev.as_str().to_uppercase(), group.len()))
            )?;
            for f in group {
                let new = if f.change == Some(Change::New) { paint(st.red, " [new]") } else { String::new() };
                writeln!(
                    out,
                    "  {}{new}  {}  {}",
                    paint(st.bold, &f.check_id),
                    f.resource_name,
                    paint(st.dim, format!("{} {} {} · {}", f.provider, f.account, f.region, f.service_model))
                )?;
                writeln!(out, "      {}", f.message)?;
            }
        }
    }

    // Accepted findings, and rules that stopped hiding.
    let muted: Vec<_> = r.findings.iter().filter(|f| f.mute.is_some()).collect();
    if !muted.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint(st.bold, format!("MUTED ({})", muted.len())))?;
        for f in muted {
            let m = f.mute.as_ref().expect("filtered");
            let mut who = Vec::new();
            if let Some(o) = &m.owner {
                who.push(format!("owner {o}"));
            }
            if let Some(e) = &m.expires {
                who.push(format!("until {e}"));
            }
            let who = if who.is_empty() { String::new() } else { format!(" ({})", who.join(", ")) };
            writeln!(
                out,
                "  {}  {}  {}",
                paint(st.bold, &f.check_id),
                f.resource_name,
                paint(st.dim, format!("{} · rule {}: {}{who}", f.status, m.rule, m.reason))
            )?;
        }
    }
    for m in r.mutes.iter().filter(|m| m.expired) {
        writeln!(
            out,
            "{}",
            paint(
                st.yellow,
                format!(
                    "Mute rule {} expired on {} and hides nothing now ({} finding(s) shown again): {}",
                    m.rule,
                    m.expires.as_deref().unwrap_or("?"),
                    m.matched,
                    m.reason
                )
            )
        )?;
    }

    // Things that make the result incomplete.
    let gaps: Vec<_> = r.findings.iter().filter(|f| f.effective_status() == Status::Error).collect();
    if !r.errors.is_empty() || !gaps.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint(
                st.yellow,
                format!("NOT EVALUATED ({} plugin error(s), {} check error(s))", r.errors.len(), gaps.len())
            )
        )?;
        for e in &r.errors {
            writeln!(out, "  {}", e.message)?;
        }
        for f in gaps {
            writeln!(out, "  {}  {}", paint(st.bold, &f.check_id), f.message)?;
        }
    }

    writeln!(out)?;
    let sev_list: Vec<String> = r.summary.failed_by_severity.iter().map(|(s, n)| format!("{n} {s}")).collect();
    let verdict = if failed.is_empty() {
        paint(st.green, "no failed findings")
    } else {
        paint(st.red, format!("{} failed ({})", failed.len(), sev_list.join(", ")))
    };
    writeln!(
        out,
        "Result: {verdict}, {} passed, {} error(s){}.",
        r.summary.totals.pass,
        r.summary.totals.error + r.errors.len(),
        if r.scan.complete { "" } else { "; the scan is INCOMPLETE" }
    )?;
    if let Some(combined) = r.responsibility.last() {
        let uncovered =
            combined.cells.iter().filter(|c| c.evidence.as_ref().is_some_and(|e| e.coverage == Coverage::Gap)).count();
        if uncovered > 0 {
            writeln!(
                out,
                "{}",
                paint(
                    st.dim,
                    format!(
                        "{uncovered} of your responsibility cells have no check yet: splitline report --results FILE --responsibility"
                    )
                )
            )?;
        }
    }
    if !failed.is_empty() {
        writeln!(out, "{}", paint(st.dim, "Remediation for a check: splitline checks show <CHECK-ID>"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_without_colour() {
        let mut buf = Vec::new();
        render(&crate::report::sample_report(), &mut buf, false).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert!(!text.contains('\x1b'), "no escape sequences without colour");
        insta::assert_snapshot!(text);
    }
}
