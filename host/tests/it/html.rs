//! The HTML report in a real headless Chromium (Debian's `chromium`,
//! installed by `cargo xtask test`): the URL fragment filters the findings
//! table to exactly the expected findings, the page renders to a real
//! screenshot, and it makes no network request.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{json, run, splitline};

const CHROMIUM: &str = "/usr/bin/chromium";
const TIMEOUT: Duration = Duration::from_secs(60);

/// Flags for a headless Chromium as root in a container, with the browser's
/// own background traffic (sign-in, time, components, omnibox services)
/// turned off, and every host name resolving to nothing: even a request
/// that slipped through could not leave the machine. The net log still
/// records any request that is attempted.
const FLAGS: &[&str] = &[
    "--headless",
    "--disable-gpu",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--no-pings",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter,\
     AutofillServerCommunication,AimEnabled,AimServerEligibilityEnabled,AimEligibilityService",
];

/// The browser, or `None` when it is missing and the browser tests are
/// explicitly skipped; a missing browser otherwise fails the test.
fn chromium() -> Option<&'static Path> {
    let path = Path::new(CHROMIUM);
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("SPLITLINE_SKIP_BROWSER_TESTS").is_ok_and(|v| v == "1") {
        eprintln!("SPLITLINE_SKIP_BROWSER_TESTS=1 and {CHROMIUM} is missing: skipping the HTML report's browser test");
        return None;
    }
    panic!(
        "{CHROMIUM} is missing: run `cargo xtask test` (it installs Debian's chromium package), \
         or set SPLITLINE_SKIP_BROWSER_TESTS=1 to skip the browser tests"
    );
}

/// The demo scanned by the real binary: its HTML report in a temp dir and
/// the JSON result of the same scan.
struct Demo {
    dir: tempfile::TempDir,
    html: PathBuf,
    result: Value,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let r = run(splitline().args(["scan", "--demo", "--format", "html", "-o"]).arg(&html));
    assert_eq!(r.code, 1, "the demo has failed findings; stderr: {}", r.stderr);
    let result = json(&run(splitline().args(["scan", "--demo", "--format", "json"])));
    Demo { dir, html, result }
}

fn file_url(path: &Path, fragment: &str) -> String {
    format!("file://{}{fragment}", path.display())
}

/// Runs Chromium with `args`, stdout to `stdout`, killed after [`TIMEOUT`].
fn browse(browser: &Path, work: &Path, args: &[String], stdout: &Path) {
    let profile = tempfile::tempdir_in(work).unwrap();
    let stderr = work.join("chromium.stderr");
    let mut child = Command::new(browser)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(File::create(stdout).unwrap())
        .stderr(File::create(&stderr).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish within {TIMEOUT:?}: {args:?}\n{}",
                std::fs::read_to_string(&stderr).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        status.success(),
        "chromium failed ({status}): {args:?}\n{}",
        std::fs::read_to_string(&stderr).unwrap_or_default()
    );
}

/// `--dump-dom` of the report at `fragment`.
fn dump_dom(browser: &Path, demo: &Demo, fragment: &str) -> String {
    let out = demo.dir.path().join("dom.html");
    browse(browser, demo.dir.path(), &["--dump-dom".into(), file_url(&demo.html, fragment)], &out);
    std::fs::read_to_string(out).unwrap()
}

/// The `data-id` of each finding row (`<tr class="f …" data-id=…>`) of a
/// dumped DOM: the rows the table shows.
fn shown_rows(dom: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for chunk in dom.split("<tr ").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap()];
        let is_finding = tag.contains("class=\"f\"") || tag.contains("class=\"f is-muted\"");
        if let (true, Some(at)) = (is_finding, tag.find("data-id=\"")) {
            let rest = &tag[at + 9..];
            ids.push(rest[..rest.find('"').unwrap()].to_string());
        }
    }
    ids
}

/// Ids of the demo's findings that `keep` selects.
fn expected(result: &Value, keep: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    result["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| keep(f))
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

/// What the table's free-text search looks at.
fn matches_text(f: &Value, term: &str) -> bool {
    ["check_id", "check_title", "resource_id", "resource_name", "message"]
        .iter()
        .any(|k| f[k].as_str().unwrap_or_default().to_lowercase().contains(&term.to_lowercase()))
}

fn assert_shows(dom: &str, want: &BTreeSet<String>, total: usize, what: &str) {
    let rows = shown_rows(dom);
    let got: BTreeSet<String> = rows.iter().cloned().collect();
    assert_eq!(rows.len(), got.len(), "{what}: a finding shown twice");
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(want).collect();
    assert!(missing.is_empty() && extra.is_empty(), "{what}: missing {missing:?}, extra {extra:?}");
    let count = format!("{} of {total} findings shown", want.len());
    assert!(dom.contains(&count), "{what}: the count line says `{count}`");
}

#[test]
fn html_fragment_filters_the_findings_table_in_chromium() {
    let Some(browser) = chromium() else { return };
    let demo = demo();
    let total = demo.result["findings"].as_array().unwrap().len();
    let no_mutes = demo.result["findings"].as_array().unwrap().iter().all(|f| f.get("mute").is_none());
    assert!(no_mutes, "the demo has no mutes: a failed finding's status is its effective status");

    let aws_fail = expected(&demo.result, |f| f["status"] == "fail" && f["provider"] == "aws");
    assert!(aws_fail.len() > 10, "the demo has failed AWS findings");
    let dom = dump_dom(browser, &demo, "#status=fail&provider=aws");
    assert_shows(&dom, &aws_fail, total, "status=fail&provider=aws");

    let s3 = expected(&demo.result, |f| f["status"] == "fail" && f["provider"] == "aws" && matches_text(f, "S3"));
    assert!(!s3.is_empty() && s3.len() < aws_fail.len(), "the search term narrows: {} of {}", s3.len(), aws_fail.len());
    let dom = dump_dom(browser, &demo, "#status=fail&provider=aws&q=S3");
    assert_shows(&dom, &s3, total, "status=fail&provider=aws&q=S3");

    // Several values, another provider and a service model; no rows lost to sorting.
    let gcp = expected(&demo.result, |f| {
        f["provider"] == "gcp"
            && f["service_model"] == "paas"
            && ["pass", "not-applicable"].contains(&f["status"].as_str().unwrap())
    });
    let dom = dump_dom(browser, &demo, "#provider=gcp&model=paas&status=pass,not-applicable&sort=resource&dir=desc");
    assert_shows(&dom, &gcp, total, "gcp paas pass+n/a sorted by resource");

    // No fragment: every finding.
    let all = expected(&demo.result, |_| true);
    assert_shows(&dump_dom(browser, &demo, ""), &all, total, "no filter");
}

#[test]
fn html_report_renders_to_a_screenshot_in_chromium() {
    let Some(browser) = chromium() else { return };
    let demo = demo();
    let png = demo.dir.path().join("report.png");
    let log = demo.dir.path().join("screenshot.stdout");
    browse(
        browser,
        demo.dir.path(),
        &[format!("--screenshot={}", png.display()), "--window-size=1280,2000".into(), file_url(&demo.html, "")],
        &log,
    );
    let bytes = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(bytes.len() > 50_000, "a rendered page, not a blank one: {} bytes", bytes.len());
}

/// Requests the net log shows with an `http(s)://` or `ws(s)://` URL, as
/// (url, initiator, network isolation key).
fn net_requests(log: &Path) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(log).expect("chromium wrote the net log");
    let log: Value = serde_json::from_str(&text).expect("the net log is complete JSON");
    let types = log["constants"]["logEventTypes"].as_object().expect("event types");
    let start_job = types["URL_REQUEST_START_JOB"].as_u64().unwrap();
    let websocket: Vec<u64> =
        types.iter().filter(|(k, _)| k.starts_with("WEBSOCKET")).filter_map(|(_, v)| v.as_u64()).collect();
    let mut out = Vec::new();
    for e in log["events"].as_array().expect("events") {
        let ty = e["type"].as_u64().unwrap_or_default();
        let p = &e["params"];
        let Some(url) = p["url"].as_str() else { continue };
        let remote = ["http://", "https://", "ws://", "wss://"].iter().any(|s| url.to_lowercase().starts_with(s));
        if remote && (ty == start_job || websocket.contains(&ty)) {
            let s = |k: &str| p[k].as_str().unwrap_or_default().to_string();
            out.push((url.to_string(), s("initiator"), s("network_isolation_key")));
        }
    }
    out
}

/// The page's requests: all but the browser's own, which have no initiating
/// origin and are not keyed to the file:// page.
fn page_requests(all: &[(String, String, String)]) -> Vec<&(String, String, String)> {
    all.iter().filter(|(_, initiator, nik)| initiator != "not an origin" || nik.contains("file:")).collect()
}

#[test]
fn html_report_makes_no_network_request_in_chromium() {
    let Some(browser) = chromium() else { return };
    let demo = demo();
    let html = std::fs::read_to_string(&demo.html).unwrap();

    // Statically: nothing in the page points outside the file but plain links.
    for tag in ["<link", "<iframe", "<object", "<embed", "<img", "<base", "@import"] {
        assert!(!html.contains(tag), "the report has no {tag}");
    }
    let lower = html.to_lowercase();
    for (at, _) in lower.match_indices("src=").chain(lower.match_indices("href=")).chain(lower.match_indices("url(")) {
        let value = lower[at..].split_once(['=', '(']).unwrap().1.trim_start_matches(['"', '\'']);
        if !(value.starts_with("http:") || value.starts_with("https:") || value.starts_with("//")) {
            continue;
        }
        let tag_start = lower[..at].rfind('<').unwrap();
        assert!(
            lower[at..].starts_with("href=") && lower[tag_start..].starts_with("<a "),
            "only <a href> may hold a URL: {}",
            &html[tag_start..(at + 80).min(html.len())]
        );
    }

    // The detector sees a page's requests: a control page without CSP.
    let control = demo.dir.path().join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><img src=\"http://127.0.0.1:9/probe.png\"><script>fetch('https://127.0.0.1:9/f').catch(() => {});</script>",
    )
    .unwrap();
    let control_log = demo.dir.path().join("control-net.json");
    browse(
        browser,
        demo.dir.path(),
        &[format!("--log-net-log={}", control_log.display()), "--dump-dom".into(), file_url(&control, "")],
        &demo.dir.path().join("control.dom"),
    );
    let control_requests = net_requests(&control_log);
    let seen: BTreeSet<&str> = page_requests(&control_requests).iter().map(|(u, _, _)| u.as_str()).collect();
    assert!(
        seen.contains("http://127.0.0.1:9/probe.png") && seen.contains("https://127.0.0.1:9/f"),
        "the net log check must see a page's requests: {control_requests:?}"
    );

    // The report, with rows filtered (the script runs), makes none.
    let log = demo.dir.path().join("net.json");
    browse(
        browser,
        demo.dir.path(),
        &[format!("--log-net-log={}", log.display()), "--dump-dom".into(), file_url(&demo.html, "#status=fail")],
        &demo.dir.path().join("report.dom"),
    );
    let all = net_requests(&log);
    let page = page_requests(&all);
    assert!(page.is_empty(), "the report made network requests: {page:?}");
    if !all.is_empty() {
        eprintln!("the browser's own background requests (not the page's, none resolvable): {all:?}");
    }
}

/// Plugin and cloud data is text, never markup: a bucket whose name and tag
/// carry HTML and a script end tag shows as that text, in the table and in
/// the expanded row, and creates no element.
#[test]
fn html_report_shows_hostile_names_as_text_in_chromium() {
    let Some(browser) = chromium() else { return };
    const HOSTILE: &str = "evil</script><img src=x onerror=\"document.title='pwned'\">&amp;'\"";
    let mut inventory: Value = serde_json::from_str(
        &std::fs::read_to_string(crate::support::root().join("host/assets/demo-inventory.json")).unwrap(),
    )
    .unwrap();
    let bucket = inventory["resources"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["kind"] == "aws.s3.bucket")
        .expect("the demo has a bucket");
    bucket["name"] = HOSTILE.into();
    bucket["config"]["Name"] = HOSTILE.into();
    bucket["tags"]["owner"] = HOSTILE.into();
    let resource = bucket["id"].as_str().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let inventory_path = dir.path().join("inventory.json");
    std::fs::write(&inventory_path, inventory.to_string()).unwrap();
    let html = dir.path().join("report.html");
    let r =
        run(splitline().args(["scan", "--format", "html", "--inventory"]).arg(&inventory_path).arg("-o").arg(&html));
    assert_eq!(r.code, 1, "stderr: {}", r.stderr);
    let result = json(&run(splitline().args(["scan", "--format", "json", "--inventory"]).arg(&inventory_path)));
    let ids = expected(&result, |f| f["resource_id"] == resource.as_str());
    assert!(!ids.is_empty(), "the bucket has findings");
    let demo = Demo { dir, html, result };
    let total = demo.result["findings"].as_array().unwrap().len();

    let open: Vec<&str> = ids.iter().map(String::as_str).collect();
    let dom = dump_dom(browser, &demo, &format!("#q=evil&open={}", open.join(",")));
    assert_shows(&dom, &ids, total, "q=evil");
    assert_eq!(dom.matches("<tr class=\"detail\"").count(), ids.len(), "every row expanded");
    assert!(dom.contains("<h4>Remediation</h4>") && dom.contains("<h4>Compliance</h4>"), "expanded rows have details");
    assert!(!dom.contains("[object "), "every detail is rendered as text");
    assert!(!dom.contains("<img"), "no element from the data");
    assert!(!dom.contains("pwned</title>"), "no script from the data ran");
    assert_eq!(dom.matches("<script").count(), 2, "only the report's own scripts");
    assert!(
        dom.contains("evil&lt;/script&gt;&lt;img src=x onerror=\"document.title='pwned'\"&gt;&amp;amp;'\""),
        "shown as text"
    );
    assert!(dom.contains("owner=evil&lt;/script&gt;"), "the tag, in the expanded row");
}
