//! The self-contained HTML report: one file, nothing loaded from the
//! network (a strict Content-Security-Policy, inline CSS and JS from
//! `host/assets/report/`, no fonts or images). The static parts (header,
//! overview, responsibility matrix, compliance, mutes, baseline, errors) are
//! plain HTML; the findings table is built by the script from a JSON block,
//! with filters that the URL fragment can set (`docs/report-html.md`).
//!
//! Every string of the report may come from a plugin or from cloud data:
//! text and attributes go through [`Esc`], the JSON block escapes `<`, `>`
//! and `&`, and links are written only for `http(s)://` URLs.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::compliance::FrameworkResult;
use super::model::{Counts, ScanReport};
use super::responsibility::{Coverage, Owner, ProviderMatrix};
use crate::model::{ControlDomain, Provider, ServiceModel, Severity, Status};

const CSS: &str = include_str!("../../assets/report/report.css");
const JS: &str = include_str!("../../assets/report/report.js");

/// Nothing may be fetched: no scripts, styles, fonts, images (but `data:`),
/// frames or connections from outside the file.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

pub fn render(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    let mut o = io::BufWriter::new(out);
    page(report, &mut o, CSS, JS)?;
    o.flush()
}

/// HTML-escapes a string for text and (quoted) attribute values, and shows
/// control and bidirectional-override characters as visible marks.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut last = 0;
        for (i, c) in s.char_indices() {
            let rep: Cow<'static, str> = match c {
                '&' => "&amp;".into(),
                '<' => "&lt;".into(),
                '>' => "&gt;".into(),
                '"' => "&quot;".into(),
                '\'' => "&#39;".into(),
                c => match visible_char(c) {
                    Some(r) => r,
                    None => continue,
                },
            };
            f.write_str(&s[last..i])?;
            f.write_str(&rep)?;
            last = i + c.len_utf8();
        }
        f.write_str(&s[last..])
    }
}

fn esc(s: &str) -> Esc<'_> {
    Esc(s)
}

/// A visible stand-in for a character that would otherwise be invisible or
/// reorder the text around it: C0 controls (but tab, newline, carriage
/// return) as their Control Pictures, DEL, C1 controls and bidi controls
/// as `[U+XXXX]`.
fn visible_char(c: char) -> Option<Cow<'static, str>> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).map(|p| Cow::Owned(p.to_string())),
        '\x7f' => Some("\u{2421}".into()),
        '\u{80}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some(format!("[U+{:04X}]", c as u32).into()),
        _ => None,
    }
}

/// `s` with [`visible_char`] applied (no HTML escaping): for the JSON block,
/// whose strings the script inserts as text.
fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| visible_char(c).is_some()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match visible_char(c) {
            Some(r) => out.push_str(&r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A URL that may become a link: http(s) only (no `javascript:` or `data:`),
/// without spaces, quotes or angle brackets.
fn link_url(u: &str) -> Option<&str> {
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !u.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`'));
    ok.then_some(u)
}

/// A link when `u` is a safe URL, else the escaped text.
fn link_or_text(o: &mut dyn Write, text: &str, u: &str) -> io::Result<()> {
    match link_url(u) {
        Some(u) => write!(o, r#"<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>"#, esc(u), esc(text)),
        None => write!(o, "{}", esc(text)),
    }
}

/// JSON for inside `<script type="application/json">`: `<`, `>` and `&`
/// (which only occur inside strings) become `\u003c` etc., so neither
/// `</script>` nor `<!--` can end or confuse the block.
fn script_json(v: &Value) -> String {
    let text = v.to_string();
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Applies [`visible`] to every string of a JSON value.
fn sanitize(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Cow::Owned(t) = visible(s) {
                *s = t;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(sanitize),
        Value::Object(m) => m.values_mut().for_each(sanitize),
        _ => {}
    }
}

fn page(r: &ScanReport, o: &mut dyn Write, css: &str, js: &str) -> io::Result<()> {
    write!(
        o,
        concat!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n",
            "<meta http-equiv=\"x-dns-prefetch-control\" content=\"off\">\n",
            "<meta name=\"referrer\" content=\"no-referrer\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<meta name=\"generator\" content=\"{name} {version}\">\n",
            "<title>splitline report \u{b7} {target} \u{b7} {time}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        ),
        csp = CSP,
        name = esc(&r.tool.name),
        version = esc(&r.tool.version),
        target = esc(&r.scan.target),
        time = esc(&r.scan.scan_time),
        css = css,
    )?;
    header(r, o)?;
    writeln!(
        o,
        concat!(
            "<nav><a href=\"#overview\">Overview</a><a href=\"#responsibility\">Responsibility</a>",
            "<a href=\"#compliance\">Compliance</a><a href=\"#findings\">Findings</a><a href=\"#mutes\">Mutes</a>",
            "<a href=\"#baseline\">Baseline</a><a href=\"#errors\">Errors</a></nav>\n<main>"
        )
    )?;
    overview(r, o)?;
    responsibility(r, o)?;
    compliance(r, o)?;
    findings(r, o)?;
    mutes(r, o)?;
    baseline(r, o)?;
    errors(r, o)?;
    writeln!(
        o,
        "</main>\n<footer>Generated by {} {} (plugin contract {}). This file is self-contained: it loads nothing from the network.</footer>",
        esc(&r.tool.name),
        esc(&r.tool.version),
        esc(&r.tool.contract)
    )?;
    writeln!(o, "<script type=\"application/json\" id=\"splitline-data\">")?;
    data_block(r, o)?;
    write!(o, "</script>\n<script>\n{js}</script>\n</body>\n</html>\n")
}

fn header(r: &ScanReport, o: &mut dyn Write) -> io::Result<()> {
    let providers: BTreeSet<Provider> = r.accounts.iter().map(|a| a.provider).collect();
    writeln!(o, "<header>\n<h1>splitline report <small>{}</small></h1>", esc(&r.scan.target))?;
    writeln!(o, "<dl class=\"meta\">")?;
    writeln!(o, "<dt>Target</dt><dd>{}</dd>", esc(&r.scan.target))?;
    writeln!(o, "<dt>Scan time</dt><dd>{}</dd>", esc(&r.scan.scan_time))?;
    writeln!(
        o,
        "<dt>Tool</dt><dd>{} {} \u{b7} plugin contract {} \u{b7} result format {} {}</dd>",
        esc(&r.tool.name),
        esc(&r.tool.version),
        esc(&r.tool.contract),
        esc(&r.format),
        esc(&r.version)
    )?;
    write!(o, "<dt>Accounts</dt><dd>")?;
    for (i, a) in r.accounts.iter().enumerate() {
        let sep = if i == 0 { "" } else { ", " };
        write!(o, "{sep}{} <span class=\"mono\">{}</span>", a.provider, esc(&a.id))?;
        if let Some(n) = &a.name {
            write!(o, " ({})", esc(n))?;
        }
    }
    if r.accounts.is_empty() {
        write!(o, "none")?;
    }
    writeln!(o, "</dd>")?;
    writeln!(
        o,
        "<dt>Scope</dt><dd>{} provider(s), {} account(s), {} resource(s) \u{b7} {} check(s) from {} plugin(s)</dd>",
        providers.len(),
        r.accounts.len(),
        r.scan.resources,
        r.checks.len(),
        r.plugins.len()
    )?;
    writeln!(o, "</dl>")?;
    let errored = r.summary.totals.error;
    if r.scan.complete {
        writeln!(
            o,
            "<div class=\"banner complete\" id=\"completeness\"><b>Complete scan.</b> Every plugin ran and the whole estate was collected.</div>"
        )?;
    } else {
        writeln!(
            o,
            "<div class=\"banner incomplete\" id=\"completeness\"><b>Incomplete scan: the findings are not the whole truth.</b><ul>"
        )?;
        if !r.errors.is_empty() {
            writeln!(o, "<li><a href=\"#errors\">{} scan error(s)</a> (a plugin failed)</li>", r.errors.len())?;
        }
        if !r.coverage_gaps.is_empty() {
            writeln!(
                o,
                "<li><a href=\"#coverage-gaps\">{} coverage gap(s)</a> (not collected)</li>",
                r.coverage_gaps.len()
            )?;
        }
        if errored > 0 {
            writeln!(o, "<li><a href=\"#status=error\">{errored} finding(s) could not be evaluated</a></li>")?;
        }
        if r.errors.is_empty() && r.coverage_gaps.is_empty() && errored == 0 {
            writeln!(o, "<li>The result is marked incomplete.</li>")?;
        }
        writeln!(o, "</ul></div>")?;
    }
    writeln!(o, "</header>")
}

const COUNT_COLUMNS: [(Status, &str); 6] = [
    (Status::Fail, "Fail"),
    (Status::Error, "Error"),
    (Status::Pass, "Pass"),
    (Status::Manual, "Manual"),
    (Status::NotApplicable, "N/A"),
    (Status::Muted, "Muted"),
];

fn count_of(c: &Counts, s: Status) -> usize {
    match s {
        Status::Pass => c.pass,
        Status::Fail => c.fail,
        Status::Error => c.error,
        Status::Manual => c.manual,
        Status::NotApplicable => c.not_applicable,
        Status::Muted => c.muted,
    }
}

/// Count cells; non-zero ones link to the findings table so filtered.
fn count_cells(o: &mut dyn Write, c: &Counts, filter: &str) -> io::Result<()> {
    for (s, _) in COUNT_COLUMNS {
        let n = count_of(c, s);
        if n == 0 {
            write!(o, "<td class=\"n zero\">0</td>")?;
        } else {
            let hot = if s == Status::Fail || s == Status::Error { " hot" } else { "" };
            write!(o, "<td class=\"n{hot}\"><a href=\"#{filter}status={s}\">{n}</a></td>")?;
        }
    }
    write!(o, "<td class=\"n\">{}</td>", c.total())
}

fn overview(r: &ScanReport, o: &mut dyn Write) -> io::Result<()> {
    let t = &r.summary.totals;
    writeln!(o, "<section id=\"overview\">\n<h2>Overview</h2>\n<div class=\"tiles\">")?;
    for (s, label) in COUNT_COLUMNS {
        writeln!(o, "<div class=\"tile s-{s}\"><b>{}</b>{label}</div>", count_of(t, s))?;
    }
    writeln!(o, "</div>")?;
    write!(o, "<p>Failed by severity:")?;
    for sev in Severity::ALL {
        let n = r.summary.failed_by_severity.get(sev).copied().unwrap_or(0);
        write!(o, " <span class=\"badge sev-{sev}\">{sev} {n}</span>")?;
    }
    writeln!(o, "</p>")?;
    if r.summary.by_provider_model.is_empty() {
        return writeln!(o, "<p class=\"na\">No findings.</p>\n</section>");
    }
    write!(o, "<table class=\"overview\">\n<thead><tr><th>Provider</th><th>Service model</th>")?;
    for (_, label) in COUNT_COLUMNS {
        write!(o, "<th class=\"n\">{label}</th>")?;
    }
    writeln!(o, "<th class=\"n\">Total</th></tr></thead>\n<tbody>")?;
    for (p, models) in &r.summary.by_provider_model {
        for (m, c) in models {
            write!(o, "<tr data-provider=\"{p}\" data-model=\"{m}\"><td>{p}</td><td>{m}</td>")?;
            count_cells(o, c, &format!("provider={p}&amp;model={m}&amp;"))?;
            writeln!(o, "</tr>")?;
        }
    }
    write!(o, "<tr class=\"total\"><td colspan=\"2\">All</td>")?;
    count_cells(o, t, "")?;
    writeln!(o, "</tr>\n</tbody></table>\n</section>")
}

fn owner_label(owner: Owner) -> &'static str {
    match owner {
        Owner::Provider => "Provider",
        Owner::Shared => "Shared",
        Owner::Customer => "Customer",
    }
}

fn responsibility(r: &ScanReport, o: &mut dyn Write) -> io::Result<()> {
    writeln!(o, "<section id=\"responsibility\">\n<h2>Responsibility matrix</h2>")?;
    if r.responsibility.is_empty() {
        return writeln!(
            o,
            "<p class=\"na\">The responsibility matrix is not available in this result.</p>\n</section>"
        );
    }
    writeln!(
        o,
        concat!(
            "<p class=\"legend\">Who owns each control domain per service model, under the provider's published shared-responsibility model. ",
            "For customer and shared cells: the checks' evidence and coverage \u{2014} <b>evaluated</b> (checks judged resources), ",
            "<b>no resources</b> (checks exist, nothing to judge) or <b class=\"cov-label-gap\">gap</b> (no check covers it yet: not a pass).</p>"
        )
    )?;
    for m in &r.responsibility {
        matrix(m, o)?;
    }
    writeln!(o, "</section>")
}

fn matrix(m: &ProviderMatrix, o: &mut dyn Write) -> io::Result<()> {
    let title = if m.scope == "combined" { "All providers (combined)".to_string() } else { m.scope.clone() };
    writeln!(o, "<details open class=\"matrix-block\" data-scope=\"{}\">", esc(&m.scope))?;
    writeln!(o, "<summary><h3 style=\"display:inline\">{}</h3></summary>", esc(&title))?;
    if !m.sources.is_empty() {
        write!(o, "<p class=\"small\">Source: ")?;
        for (i, s) in m.sources.iter().enumerate() {
            if i > 0 {
                write!(o, "; ")?;
            }
            link_or_text(o, &s.title, &s.url)?;
        }
        writeln!(o, "</p>")?;
    }
    let domains: Vec<ControlDomain> =
        ControlDomain::ALL.iter().copied().filter(|d| m.cells.iter().any(|c| c.control_domain == *d)).collect();
    write!(o, "<table class=\"matrix\"><thead><tr><th>Control domain</th>")?;
    for sm in &m.service_models {
        write!(o, "<th>{sm}</th>")?;
    }
    writeln!(o, "</tr></thead><tbody>")?;
    for d in domains {
        write!(o, "<tr><th scope=\"row\">{}</th>", esc(d.title()))?;
        for sm in &m.service_models {
            matrix_cell(m, *sm, d, o)?;
        }
        writeln!(o, "</tr>")?;
    }
    writeln!(o, "</tbody></table>\n</details>")
}

fn matrix_cell(m: &ProviderMatrix, sm: ServiceModel, d: ControlDomain, o: &mut dyn Write) -> io::Result<()> {
    let Some(cell) = m.cells.iter().find(|c| c.service_model == sm && c.control_domain == d) else {
        return write!(o, "<td class=\"na\">\u{2014}</td>");
    };
    let owner = cell.owner.as_str();
    let Some(ev) = &cell.evidence else {
        return write!(
            o,
            "<td class=\"own-{owner}\" title=\"{}\"><span class=\"own\">{}</span></td>",
            esc(&cell.basis),
            owner_label(cell.owner)
        );
    };
    let cov = ev.coverage.as_str();
    let has_fail = if ev.findings.fail > 0 { " has-fail" } else { "" };
    write!(
        o,
        "<td class=\"own-{owner} cov-{cov}{has_fail}\" title=\"{}\"><span class=\"own\">{}</span>",
        esc(&cell.basis),
        owner_label(cell.owner)
    )?;
    let cov_label = match ev.coverage {
        Coverage::Evaluated => "evaluated",
        Coverage::NoResources => "no resources",
        Coverage::Gap => "gap \u{2014} no check",
    };
    write!(o, "<span class=\"cov cov-label-{cov}\">{cov_label}</span>")?;
    write!(o, "<span class=\"ev\">{}/{} checks evaluated", ev.checks_evaluated, ev.checks)?;
    let f = &ev.findings;
    let parts: Vec<String> = COUNT_COLUMNS
        .iter()
        .filter(|(s, _)| count_of(f, *s) > 0)
        .map(|(s, label)| format!("{} {}", count_of(f, *s), label.to_lowercase()))
        .collect();
    if !parts.is_empty() {
        write!(o, " \u{b7} {}", parts.join(", "))?;
    }
    write!(o, "</span></td>")
}

fn compliance(r: &ScanReport, o: &mut dyn Write) -> io::Result<()> {
    writeln!(o, "<section id=\"compliance\">\n<h2>Compliance coverage</h2>")?;
    if r.compliance.is_empty() {
        return writeln!(o, "<p class=\"na\">Compliance results are not available in this result.</p>\n</section>");
    }
    writeln!(
        o,
        concat!(
            "<table class=\"compliance\"><thead><tr><th>Framework</th><th>Version</th><th class=\"n\">Requirements</th>",
            "<th class=\"n\">Covered</th><th>Coverage</th><th class=\"n\">Passing</th><th class=\"n\">Failing</th>",
            "<th class=\"n\">Not evaluated</th><th class=\"n\">Manual</th></tr></thead><tbody>"
        )
    )?;
    for fw in &r.compliance {
        let t = &fw.totals;
        write!(o, "<tr data-framework=\"{}\"><td>", esc(&fw.id))?;
        link_or_text(o, &fw.name, &fw.source)?;
        writeln!(
            o,
            concat!(
                " <span class=\"small mono\">{}</span></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
                "<td><meter min=\"0\" max=\"100\" value=\"{pct:.1}\"></meter> {pct:.1}%</td><td class=\"n\">{}</td>",
                "<td class=\"n{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>"
            ),
            esc(&fw.id),
            esc(&fw.version),
            t.requirements,
            t.covered,
            t.passing,
            if t.failing > 0 { " hot" } else { "" },
            t.failing,
            t.not_evaluated,
            t.manual,
            pct = t.coverage_pct,
        )?;
    }
    writeln!(o, "</tbody></table>")?;
    for fw in &r.compliance {
        requirements(fw, o)?;
    }
    writeln!(o, "</section>")
}

fn requirements(fw: &FrameworkResult, o: &mut dyn Write) -> io::Result<()> {
    writeln!(
        o,
        "<details class=\"requirements\"><summary>Requirements of {} {} ({})</summary>",
        esc(&fw.name),
        esc(&fw.version),
        fw.requirements.len()
    )?;
    writeln!(
        o,
        "<table><thead><tr><th>Id</th><th>Title</th><th>Status</th><th>Checks</th><th class=\"n\">Failed findings</th></tr></thead><tbody>"
    )?;
    for req in &fw.requirements {
        let st = req.status.as_str();
        let class = match st {
            "pass" => "st-pass",
            "fail" => "st-fail",
            "not-evaluated" => "st-error",
            _ => "st-manual",
        };
        let checks: Vec<String> = req.checks.iter().map(|c| esc(c).to_string()).collect();
        writeln!(
            o,
            "<tr><td class=\"mono\">{}</td><td>{}</td><td><span class=\"badge {class}\">{st}</span></td><td class=\"mono\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&req.id),
            esc(&req.title),
            checks.join(", "),
            req.failed_findings
        )?;
    }
    writeln!(o, "</tbody></table></details>")
}

fn findings(r: &ScanReport, o: &mut dyn Write) -> io::Result<()> {
    writeln!(o, "<section id=\"findings\">\n<h2>Findings</h2>")?;
    writeln!(
        o,
        "<p class=\"no-js na\">The findings table needs JavaScript. The same findings are in the JSON, CSV and terminal formats.</p>"
    )?;
    writeln!(o, "<form id=\"filters\" class=\"js-only\" hidden>")?;
    let present =
        |f: &dyn Fn(&super::model::Finding) -> String| -> BTreeSet<String> { r.findings.iter().map(f).collect() };
    let statuses: Vec<&str> = COUNT_COLUMNS.iter().map(|(s, _)| s.as_str()).collect();
    filter_group(o, "status", "Status", &statuses)?;
    let severities: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
    filter_group(o, "severity", "Severity", &severities)?;
    let providers = present(&|f| f.provider.to_string());
    filter_group(o, "provider", "Provider", &providers.iter().map(String::as_str).collect::<Vec<_>>())?;
    let models = present(&|f| f.service_model.to_string());
    let models: Vec<&str> = ServiceModel::ALL.iter().map(|m| m.as_str()).filter(|m| models.contains(*m)).collect();
    filter_group(o, "model", "Service model", &models)?;
    if r.baseline.is_some() {
        filter_group(o, "change", "Baseline change", &["new", "unchanged", "newly-unevaluable", "none"])?;
    }
    writeln!(
        o,
        concat!(
            "<label>Search <input type=\"search\" id=\"q\" placeholder=\"check id, title, resource, message\" autocomplete=\"off\"></label>\n",
            "<button type=\"button\" id=\"reset\">Reset</button>\n</form>\n",
            "<p id=\"count\" class=\"js-only\" hidden></p>"
        )
    )?;
    write!(o, "<table id=\"findings-table\" class=\"js-only\" hidden><thead><tr><th></th>")?;
    for (key, label) in [
        ("severity", "Severity"),
        ("status", "Status"),
        ("provider", "Provider"),
        ("account", "Account"),
        ("region", "Region"),
        ("check", "Check"),
        ("resource", "Resource"),
    ] {
        write!(o, "<th data-sort=\"{key}\"><button type=\"button\">{label}</button></th>")?;
    }
    writeln!(o, "</tr></thead><tbody id=\"findings-body\"></tbody></table>\n</section>")
}

fn filter_group(o: &mut dyn Write, key: &str, legend: &str, values: &[&str]) -> io::Result<()> {
    write!(o, "<fieldset data-key=\"{key}\"><legend>{legend}</legend>")?;
    for v in values {
        let label = if *v == "not-applicable" { "n/a" } else { v };
        write!(o, "<label><input type=\"checkbox\" value=\"{}\"> {}</label>", esc(v), esc(label))?;
    }
    writeln!(o, "</fieldset>")
}

fn mutes(r: &ScanReport, o: &mut dyn Write) -> io::Result<()> {
    writeln!(o, "<section id=\"mutes\">\n<h2>Mute rules</h2>")?;
    if r.mutes.is_empty() {
        return writeln!(o, "<p class=\"na\">No mutes file was applied.</p>\n</section>");
    }
    writeln!(
        o,
        "<table><thead><tr><th class=\"n\">Rule</th><th>Reason</th><th>Owner</th><th>Expires</th><th class=\"n\">Matched</th><th>State</th></tr></thead><tbody>"
    )?;
    for m in &r.mutes {
        let (class, state) = if m.expired {
            (" class=\"expired\"", "<span class=\"badge st-fail\">expired \u{2014} hides nothing</span>")
        } else {
            ("", "<span class=\"badge st-muted\">active</span>")
        };
        writeln!(
            o,
            "<tr{class}><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{state}</td></tr>",
            m.rule,
            esc(&m.reason),
            esc(m.owner.as_deref().unwrap_or("\u{2014}")),
            esc(m.expires.as_deref().unwrap_or("never")),
            m.matched
        )?;
    }
    writeln!(
        o,
        "</tbody></table>\n<p class=\"small\"><a href=\"#status=muted\">Show the muted findings</a></p>\n</section>"
    )
}

fn baseline(r: &ScanReport, o: &mut dyn Write) -> io::Result<()> {
    writeln!(o, "<section id=\"baseline\">\n<h2>Baseline comparison</h2>")?;
    let Some(b) = &r.baseline else {
        return writeln!(o, "<p class=\"na\">No baseline was given (<code>--baseline</code>).</p>\n</section>");
    };
    writeln!(
        o,
        "<p>Compared with <span class=\"mono\">{}</span>, scanned {}.</p>",
        esc(&b.source),
        esc(&b.baseline_scan_time)
    )?;
    writeln!(o, "<div class=\"tiles\">")?;
    for (n, label, change) in [
        (b.new, "New failures", "new"),
        (b.unchanged, "Unchanged failures", "unchanged"),
        (b.newly_unevaluable, "Newly unevaluable", "newly-unevaluable"),
    ] {
        writeln!(o, "<div class=\"tile\"><b><a href=\"#change={change}\">{n}</a></b>{label}</div>")?;
    }
    writeln!(o, "<div class=\"tile s-pass\"><b>{}</b>Fixed</div>\n</div>", b.fixed.len())?;
    if b.fixed.is_empty() {
        return writeln!(o, "<p class=\"na\">Nothing fixed since the baseline.</p>\n</section>");
    }
    writeln!(
        o,
        "<h3>Fixed</h3>\n<table class=\"fixed\"><thead><tr><th>Severity</th><th>Check</th><th>Provider</th><th>Account</th><th>Region</th><th>Resource</th><th>Now</th></tr></thead><tbody>"
    )?;
    for f in &b.fixed {
        writeln!(
            o,
            "<tr><td><span class=\"badge sev-{sev}\">{sev}</span></td><td class=\"mono\">{}</td><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td class=\"mono\">{}</td><td>{}</td></tr>",
            esc(&f.check_id),
            f.provider,
            esc(&f.account),
            esc(&f.region),
            esc(&f.resource_id),
            esc(&f.now),
            sev = f.severity,
        )?;
    }
    writeln!(o, "</tbody></table>\n</section>")
}

fn errors(r: &ScanReport, o: &mut dyn Write) -> io::Result<()> {
    writeln!(o, "<section id=\"errors\">\n<h2>Errors and coverage gaps</h2>")?;
    if r.errors.is_empty() {
        writeln!(o, "<p class=\"na\">No scan errors: every plugin ran on every account.</p>")?;
    } else {
        writeln!(
            o,
            "<table class=\"scan-errors\"><thead><tr><th>Plugin</th><th>Account</th><th>Kind</th><th>Message</th></tr></thead><tbody>"
        )?;
        for e in &r.errors {
            writeln!(
                o,
                "<tr><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td></tr>",
                esc(&e.plugin),
                esc(e.account.as_deref().unwrap_or("\u{2014}")),
                esc(&e.kind),
                esc(&e.message)
            )?;
        }
        writeln!(o, "</tbody></table>")?;
    }
    writeln!(o, "<h3 id=\"coverage-gaps\">Coverage gaps</h3>")?;
    if r.coverage_gaps.is_empty() {
        writeln!(o, "<p class=\"na\">None: everything in scope was collected.</p>")?;
    } else {
        writeln!(
            o,
            "<table class=\"gaps\"><thead><tr><th>Provider</th><th>Account</th><th>Region</th><th>Kind</th><th>Code</th><th>Reason</th></tr></thead><tbody>"
        )?;
        for g in &r.coverage_gaps {
            writeln!(
                o,
                "<tr><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td></tr>",
                g.provider,
                esc(&g.account),
                esc(&g.region),
                esc(&g.kind),
                esc(&g.code),
                esc(&g.reason)
            )?;
        }
        writeln!(o, "</tbody></table>")?;
    }
    writeln!(
        o,
        "<p class=\"small\">Findings whose check could not evaluate: <a href=\"#status=error\">{} with status error</a>.</p>\n</section>",
        r.summary.totals.error
    )
}

/// Columns of a finding row in the JSON block, in order.
const COLS: [&str; 19] = [
    "id",
    "check_id",
    "check_title",
    "plugin",
    "provider",
    "account",
    "region",
    "resource_id",
    "resource_kind",
    "resource_name",
    "status",
    "severity",
    "service_model",
    "control_domain",
    "message",
    "evidence",
    "tags",
    "mute",
    "change",
];

/// The data the findings table is built from: one finding per line, then
/// the checks' remediation and references, then account names.
fn data_block(r: &ScanReport, o: &mut dyn Write) -> io::Result<()> {
    let line = |mut v: Value| {
        sanitize(&mut v);
        script_json(&v)
    };
    writeln!(o, "{{\"cols\":{},\n\"findings\":[", line(json!(COLS)))?;
    for (i, f) in r.findings.iter().enumerate() {
        let evidence: Vec<[&str; 2]> = f.evidence.iter().map(|e| [e.property.as_str(), e.value.as_str()]).collect();
        let row = json!([
            f.id,
            f.check_id,
            f.check_title,
            f.plugin,
            f.provider,
            f.account,
            f.region,
            f.resource_id,
            f.resource_kind,
            f.resource_name,
            f.status,
            f.severity,
            f.service_model,
            f.control_domain,
            f.message,
            evidence,
            f.resource_tags,
            f.mute,
            f.change,
        ]);
        let sep = if i + 1 < r.findings.len() { "," } else { "" };
        writeln!(o, "{}{sep}", line(row))?;
    }
    writeln!(o, "],\n\"checks\":{{")?;
    for (i, c) in r.checks.iter().enumerate() {
        let v = json!({
            "title": c.title,
            "risk": c.risk,
            "remediation": c.remediation,
            "references": c.references,
            "compliance": c.compliance,
        });
        let sep = if i + 1 < r.checks.len() { "," } else { "" };
        writeln!(o, "{}:{}{sep}", line(json!(c.id)), line(v))?;
    }
    let accounts: serde_json::Map<String, Value> = r
        .accounts
        .iter()
        .filter_map(|a| a.name.as_ref().map(|n| (format!("{}/{}", a.provider, a.id), json!(n))))
        .collect();
    writeln!(o, "}},\n\"accounts\":{}}}", line(Value::Object(accounts)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::{EvidenceItem, Finding};
    use crate::report::sample_report;

    fn html_of(r: &ScanReport) -> String {
        let mut v = Vec::new();
        render(r, &mut v).unwrap();
        String::from_utf8(v).unwrap()
    }

    /// The page with the stylesheet and script left out: the snapshot shows
    /// the structure and the data, not the assets.
    fn skeleton(r: &ScanReport) -> String {
        let mut v = Vec::new();
        page(r, &mut v, "/* host/assets/report/report.css */\n", "/* host/assets/report/report.js */\n").unwrap();
        String::from_utf8(v).unwrap()
    }

    const HOSTILE: &str =
        "</script><img src=x onerror=alert(1)> \"quoted\" 'single' & amp \u{1}\u{1b}[31m\u{7f}\u{202e}";

    fn hostile_report() -> ScanReport {
        let mut r = sample_report();
        r.scan.target = HOSTILE.into();
        r.errors.push(crate::report::model::ScanError {
            plugin: HOSTILE.into(),
            account: Some(HOSTILE.into()),
            kind: "panic".into(),
            message: HOSTILE.into(),
        });
        let f: &mut Finding = &mut r.findings[0];
        f.message = HOSTILE.into();
        f.resource_id = HOSTILE.into();
        f.resource_name = HOSTILE.into();
        f.evidence.push(EvidenceItem { property: HOSTILE.into(), value: "<!--<script>".into() });
        r.checks[0].references.push("javascript:alert(1)".into());
        r.checks[0].remediation.cli = Some(HOSTILE.into());
        r
    }

    #[test]
    fn snapshot_of_the_sample_report() {
        insta::assert_snapshot!("html_sample_report", skeleton(&sample_report()));
    }

    #[test]
    fn escape_helper_escapes_markup_quotes_ampersands_and_controls() {
        assert_eq!(
            esc("</script><img src=x onerror=alert(1)>").to_string(),
            "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(esc(r#"a "b" 'c' & d"#).to_string(), "a &quot;b&quot; &#39;c&#39; &amp; d");
        assert_eq!(esc("x\u{0}y\u{1b}z\u{7f}").to_string(), "x\u{2400}y\u{241b}z\u{2421}");
        assert_eq!(esc("ab\u{202e}cd\u{85}").to_string(), "ab[U+202E]cd[U+0085]");
        assert_eq!(esc("tab\tnew\nline").to_string(), "tab\tnew\nline", "whitespace stays");
        assert_eq!(esc("plain ünïcode").to_string(), "plain ünïcode");
    }

    #[test]
    fn hostile_strings_never_become_markup() {
        let html = html_of(&hostile_report());
        // The only script elements are the two the renderer writes.
        assert_eq!(html.matches("<script").count(), 2, "{html}");
        assert_eq!(html.matches("</script>").count(), 2);
        assert!(!html.contains("<img"), "no element from the data");
        assert!(!html.contains("<!--"), "no comment opened from the data");
        assert!(!html.contains('\u{1}') && !html.contains('\u{1b}') && !html.contains('\u{202e}'));
        assert!(!html.contains("href=\"javascript"), "a javascript: reference is never a link");
        assert!(JS.contains("safeUrl(u) ? el('a'"), "the script links references only through safeUrl");
        // Static parts: escaped text.
        assert!(html.contains(
            "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &#39;single&#39; &amp; amp"
        ));
        // The JSON block: `<`, `>`, `&` escaped; still valid JSON with the exact (visible) text.
        let start = html.find(r#"<script type="application/json" id="splitline-data">"#).unwrap();
        let body = &html[start..];
        let body = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
        assert!(!body.contains('<') && !body.contains('>') && !body.contains('&'));
        let data: Value = serde_json::from_str(body).expect("the data block is JSON");
        let message_col = COLS.iter().position(|c| *c == "message").unwrap();
        assert_eq!(
            data["findings"][0][message_col],
            "</script><img src=x onerror=alert(1)> \"quoted\" 'single' & amp \u{2401}\u{241b}[31m\u{2421}[U+202E]"
        );
    }

    #[test]
    fn links_only_for_http_urls() {
        assert!(link_url("https://docs.aws.amazon.com/x").is_some());
        assert!(link_url("HTTP://example.com").is_some());
        for bad in ["javascript:alert(1)", "data:text/html,x", "https://a b", "https://x\"onmouseover=", "//evil"] {
            assert!(link_url(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn offline_page_with_csp_and_no_external_resources() {
        let html = html_of(&sample_report());
        assert!(html.contains(&format!(r#"<meta http-equiv="Content-Security-Policy" content="{CSP}">"#)));
        for attr in ["src=\"http", "src='http", "url(http", "url(\"http", "@import"] {
            assert!(!html.contains(attr), "{attr}");
        }
    }

    /// A report with a responsibility matrix and compliance results, as the
    /// colleagues' `compute` will fill them.
    fn filled_report() -> ScanReport {
        use crate::report::compliance::{FrameworkTotals, RequirementResult, RequirementStatus};
        use crate::report::responsibility::{Cell, Evidence, Source};
        let mut r = sample_report();
        let evidence = |coverage, fail, pass| {
            Some(Evidence {
                checks: 3,
                checks_evaluated: if coverage == Coverage::Evaluated { 2 } else { 0 },
                findings: Counts { fail, pass, ..Counts::default() },
                coverage,
            })
        };
        let cell = |sm, d, owner, ev| Cell {
            service_model: sm,
            control_domain: d,
            owner,
            basis: "per the <model>".into(),
            evidence: ev,
        };
        r.responsibility = vec![ProviderMatrix {
            scope: "aws".into(),
            sources: vec![
                Source {
                    title: "AWS Shared Responsibility Model".into(),
                    url: "https://aws.amazon.com/compliance/shared-responsibility-model/".into(),
                },
                Source { title: "bad <link>".into(), url: "javascript:alert(1)".into() },
            ],
            service_models: vec![ServiceModel::Iaas, ServiceModel::Saas],
            cells: vec![
                cell(ServiceModel::Iaas, ControlDomain::Network, Owner::Customer, evidence(Coverage::Evaluated, 2, 5)),
                cell(ServiceModel::Iaas, ControlDomain::Secrets, Owner::Customer, evidence(Coverage::Gap, 0, 0)),
                cell(ServiceModel::Saas, ControlDomain::Network, Owner::Provider, None),
                cell(ServiceModel::Saas, ControlDomain::Secrets, Owner::Shared, evidence(Coverage::NoResources, 0, 0)),
            ],
        }];
        r.compliance = vec![FrameworkResult {
            id: "cis-aws-3.0.0".into(),
            name: "CIS AWS Foundations Benchmark".into(),
            version: "3.0.0".into(),
            source: "https://www.cisecurity.org/benchmark/amazon_web_services".into(),
            totals: FrameworkTotals {
                requirements: 3,
                covered: 2,
                passing: 1,
                failing: 1,
                not_evaluated: 0,
                manual: 1,
                coverage_pct: 66.666,
            },
            requirements: vec![
                RequirementResult {
                    id: "1.4".into(),
                    title: "No root access keys".into(),
                    status: RequirementStatus::Fail,
                    checks: vec!["AWS-IAM-002".into()],
                    failed_findings: 1,
                },
                RequirementResult {
                    id: "1.20".into(),
                    title: "Access Analyzer".into(),
                    status: RequirementStatus::Pass,
                    checks: vec!["AWS-ACCESSANALYZER-001".into()],
                    failed_findings: 0,
                },
                RequirementResult {
                    id: "1.1".into(),
                    title: "Contact details".into(),
                    status: RequirementStatus::Manual,
                    checks: vec![],
                    failed_findings: 0,
                },
            ],
        }];
        r
    }

    #[test]
    fn matrix_and_compliance_render_from_their_types() {
        let html = html_of(&filled_report());
        let section = |id: &str| {
            let start = html.find(&format!("<section id=\"{id}\">")).unwrap();
            html[start..start + html[start..].find("</section>").unwrap()].to_string()
        };
        let matrix = section("responsibility");
        assert!(!matrix.contains("not available"));
        assert!(matrix.contains("<th>iaas</th><th>saas</th>"), "{matrix}");
        assert!(matrix.contains("<th scope=\"row\">Network</th>") && matrix.contains("<th scope=\"row\">Secrets</th>"));
        assert!(!matrix.contains("Governance"), "only domains with cells");
        assert!(matrix.contains("class=\"own-customer cov-evaluated has-fail\""));
        assert!(matrix.contains("2/3 checks evaluated \u{b7} 2 fail, 5 pass"));
        assert!(matrix.contains("class=\"own-customer cov-gap\"") && matrix.contains("gap \u{2014} no check"));
        assert!(matrix.contains("class=\"own-shared cov-no-resources\""));
        assert!(matrix.contains("class=\"own-provider\" title=\"per the &lt;model&gt;\""));
        assert!(matrix.contains("<a href=\"https://aws.amazon.com/compliance/shared-responsibility-model/\""));
        assert!(matrix.contains("bad &lt;link&gt;") && !matrix.contains("javascript:"));
        let compliance = section("compliance");
        assert!(compliance.contains("<meter min=\"0\" max=\"100\" value=\"66.7\"></meter> 66.7%"), "{compliance}");
        assert!(compliance.contains("Requirements of CIS AWS Foundations Benchmark 3.0.0 (3)"));
        assert!(compliance.contains("<span class=\"badge st-fail\">fail</span>"));
        // The gap is not green: its stylesheet rule is not the pass colour.
        assert!(CSS.contains("td.cov-gap { box-shadow: inset 4px 0 0 var(--warn)"));
    }

    #[test]
    fn empty_sections_say_not_available() {
        let mut r = sample_report();
        r.responsibility.clear();
        r.compliance.clear();
        r.mutes.clear();
        r.baseline = None;
        let html = html_of(&r);
        assert!(html.contains("The responsibility matrix is not available"));
        assert!(html.contains("Compliance results are not available"));
        assert!(html.contains("No mutes file was applied"));
        assert!(html.contains("No baseline was given"));
    }
}
