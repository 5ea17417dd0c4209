//! Fault injection for every provider: the testkit's [`FaultProxy`]
//! (127.0.0.1 only) sits in front of each provider's test endpoint (moto for
//! AWS; the ARM/Graph recordings and Azurite for Azure; the REST recordings
//! and gcp-storage-emulator for GCP) and answers chosen operations with
//! throttling, 429 + `Retry-After`, 500/503, 403, stalls, stalled bodies,
//! malformed, truncated and cut-off bodies.
//!
//! For each fault: the scan completes; retries are bounded (the proxy counts
//! the attempts per operation) and back off (the proxy times them); the
//! affected kinds become coverage gaps with the expected code and a reason;
//! every check over them reports `error`, never `pass`; every other finding
//! is exactly what the fault-free scan of the same estate reported; the exit
//! code is 2 (incomplete). The table of outcomes is printed on stderr
//! (`cargo test -p splitline --test it faults -- --nocapture`) and in
//! `docs/reliability.md`.
//!
//! Also here: Ctrl-C (SIGINT) during collection against a stalling endpoint.

#![cfg(any(feature = "aws", feature = "azure", feature = "gcp"))]

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;
use splitline_collect::Operation;
use splitline_collect_testkit::{Fault, FaultProxy, ProxiedRequest, Rule};

use crate::support::{finding_triples, json, run};

/// How the waits between attempts must look.
#[derive(Clone, Copy, Debug)]
enum Backoff {
    /// One attempt: nothing to wait for.
    None,
    /// Each wait at least the server's `Retry-After` (seconds).
    RetryAfter(u64),
    /// The collector's exponential back-off (0.5 s base, doubling, jitter ≤ 50 %).
    Exponential,
    /// The AWS SDK's: full jitter up to 1 s · 2^(n-1), or adaptive mode's
    /// rate-limiter delay after throttling; either capped at the collector's
    /// maximum back-off (7.5 s with the default 60 s call timeout).
    #[cfg_attr(not(feature = "aws"), allow(dead_code))]
    AwsSdk,
}

/// One injected fault and what the scan must make of it.
struct Case {
    /// The rule (its name names the case); sent to proxy number `via`.
    rule: Rule,
    via: usize,
    /// What the fault is, for the table.
    fault: &'static str,
    /// The registry operation it hits: its kinds must become gaps.
    op: (&'static str, &'static str),
    code: &'static str,
    /// Requests the proxy must see for the operation (the attempts).
    attempts: usize,
    backoff: Backoff,
}

/// One row of the outcome table.
struct Row {
    fault: &'static str,
    provider: &'static str,
    operation: String,
    code: String,
    attempts: usize,
    waits: Vec<Duration>,
    exit: i32,
    scan: Duration,
}

fn print_table(provider: &str, rows: &[Row]) {
    let mut out = format!(
        "\nfault × {provider} → outcome\n| fault | provider | operation | gap code | attempts | waits between attempts | exit | scan |\n|---|---|---|---|---|---|---|---|\n"
    );
    for r in rows {
        let waits = if r.waits.is_empty() {
            "—".to_string()
        } else {
            r.waits.iter().map(|w| format!("{:.2} s", w.as_secs_f64())).collect::<Vec<_>>().join(", ")
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {:.1} s |\n",
            r.fault,
            r.provider,
            r.operation,
            r.code,
            r.attempts,
            waits,
            r.exit,
            r.scan.as_secs_f64()
        ));
    }
    eprintln!("{out}");
}

/// The kinds a registry operation serves (panics with the registry when it is not there).
fn op_kinds(registry: &[Operation], (service, name): (&str, &str)) -> BTreeSet<String> {
    let op = registry.iter().find(|o| o.service == service && o.name == name).unwrap_or_else(|| {
        panic!(
            "no operation {service} {name} in the registry: {:?}",
            registry.iter().map(|o| (o.service, o.name)).collect::<Vec<_>>()
        )
    });
    op.kinds.iter().map(|k| k.to_string()).collect()
}

type GapKey = (String, String, String);

fn gaps(report: &Value) -> BTreeMap<GapKey, (String, String)> {
    report["coverage_gaps"]
        .as_array()
        .expect("coverage_gaps in the report")
        .iter()
        .map(|g| {
            let s = |k: &str| g[k].as_str().unwrap_or_default().to_string();
            ((s("account"), s("region"), s("kind")), (s("code"), s("reason")))
        })
        .collect()
}

/// check id → the kinds it reads, from the report's own check list.
fn check_kinds(report: &Value) -> BTreeMap<String, BTreeSet<String>> {
    report["checks"]
        .as_array()
        .expect("checks in the report")
        .iter()
        .map(|c| {
            let kinds = c["resource_kinds"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_string());
            (c["id"].as_str().unwrap().to_string(), kinds.collect())
        })
        .collect()
}

/// What every faulted scan must satisfy, whatever the fault: every gap's
/// checks report `error` (never `pass` or `fail` in that account and region),
/// the new gaps are all of injected kinds, the fault-free scan's gaps are
/// all still there, and every finding of a check that reads no newly gapped
/// kind is exactly as in the fault-free scan.
fn assert_invariants(provider: &str, base: &Value, faulted: &Value, injected: &BTreeSet<String>) {
    let (base_gaps, gaps) = (gaps(base), gaps(faulted));
    for k in base_gaps.keys() {
        assert!(gaps.contains_key(k), "the fault-free scan's gap {k:?} is missing");
    }
    let new: Vec<&GapKey> = gaps.keys().filter(|k| !base_gaps.contains_key(*k)).collect();
    for k in &new {
        assert!(injected.contains(&k.2), "gap {k:?} {:?} is not of an injected kind {injected:?}", gaps[*k]);
    }
    let checks = check_kinds(faulted);
    let findings = faulted["findings"].as_array().unwrap();
    for ((account, region, kind), (code, reason)) in &gaps {
        assert!(!reason.trim().is_empty(), "gap {account}/{region}/{kind} has no reason");
        for (check, _) in checks.iter().filter(|(_, kinds)| kinds.contains(kind)) {
            let resource = format!("{account}/{region}/{kind}");
            assert!(
                findings.iter().any(|f| f["check_id"] == check.as_str()
                    && f["resource_id"] == resource.as_str()
                    && f["status"] == "error"
                    && f["evidence"][0]["value"] == code.as_str()),
                "{check} over the gap {resource} ({code}) has no error finding"
            );
            let verdicts: Vec<&Value> = findings
                .iter()
                .filter(|f| {
                    f["check_id"] == check.as_str()
                        && f["account"] == account.as_str()
                        && (f["region"] == region.as_str() || region == "global" || f["region"] == "global")
                        && (f["status"] == "pass" || f["status"] == "fail")
                })
                .collect();
            assert!(verdicts.is_empty(), "{check} reached verdicts over the gapped {resource}: {verdicts:#?}");
        }
    }
    let affected: BTreeSet<&String> =
        checks.iter().filter(|(_, kinds)| new.iter().any(|k| kinds.contains(&k.2))).map(|(c, _)| c).collect();
    let keep = |report: &Value| -> BTreeSet<(String, String, String)> {
        finding_triples(report, provider).into_iter().filter(|(c, _, _)| !affected.contains(c)).collect()
    };
    let (before, after) = (keep(base), keep(faulted));
    let missing: Vec<_> = before.difference(&after).collect();
    let extra: Vec<_> = after.difference(&before).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "findings of unaffected checks changed\nmissing: {missing:#?}\nextra: {extra:#?}"
    );
    assert!(!before.is_empty(), "the unaffected checks still report");
}

/// Every call in the `--api-log` is in the registry.
fn assert_logged_calls_in_registry(api_log: &std::path::Path, registry: &[Operation]) {
    let names: BTreeSet<(&str, &str)> = registry.iter().map(|o| (o.service, o.name)).collect();
    let log = std::fs::read_to_string(api_log).expect("--api-log file");
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        let call: Value = serde_json::from_str(line).unwrap();
        let key = (call["service"].as_str().unwrap(), call["operation"].as_str().unwrap());
        assert!(names.contains(&key), "call {key:?} is not in the operations registry");
    }
}

/// Runs one faulted scan: the cases' rules on their proxies, then every
/// assertion of the module doc. Returns the table rows.
#[allow(clippy::too_many_arguments)]
fn faulted_scan(
    provider: &'static str,
    proxies: &[&FaultProxy],
    mut cmd: Command,
    extra_args: &[&str],
    api_log: &std::path::Path,
    base: &Value,
    registry: &[Operation],
    cases: Vec<Case>,
) -> Vec<Row> {
    for (i, proxy) in proxies.iter().enumerate() {
        proxy.set_rules(cases.iter().filter(|c| c.via == i).map(|c| c.rule.clone()).collect());
        proxy.clear_log();
    }
    let started = Instant::now();
    let r = run(cmd
        .args(["scan", "--provider", provider, "--format", "json", "--fail-on", "never"])
        .args(extra_args)
        .arg("--api-log")
        .arg(api_log));
    let scan = started.elapsed();
    for proxy in proxies {
        proxy.set_rules(Vec::new());
    }
    assert_eq!(r.code, 2, "a scan with coverage gaps is incomplete: exit 2\n{}", r.stderr);
    assert!(r.stderr.contains("coverage gap"), "{}", r.stderr);
    if cases.iter().any(|c| c.code == "throttled") {
        // The pacer saw the throttles (docs/organizations.md, "adaptive pacing").
        assert!(r.stderr.contains("throttling answer(s) on"), "{}", r.stderr);
    }
    let report = json(&r);
    assert_eq!(report["scan"]["complete"], false);
    let all_gaps = gaps(&report);
    let requested: BTreeSet<String> = check_kinds(&report).into_values().flatten().collect();
    let mut injected = BTreeSet::new();
    let mut rows = Vec::new();
    for case in &cases {
        let kinds: BTreeSet<String> = op_kinds(registry, case.op).intersection(&requested).cloned().collect();
        assert!(!kinds.is_empty(), "{}: no requested kind is served by {:?}", case.rule.name, case.op);
        injected.extend(kinds.iter().cloned());
        let hits: Vec<ProxiedRequest> = proxies[case.via].hits(&case.rule.name);
        assert_eq!(
            hits.len(),
            case.attempts,
            "{}: attempts at {:?} (bounded retries): {hits:#?}",
            case.rule.name,
            case.op
        );
        let waits: Vec<Duration> = hits.windows(2).map(|w| w[1].at.saturating_sub(w[0].at)).collect();
        match case.backoff {
            Backoff::None => assert_eq!(case.attempts, 1),
            Backoff::RetryAfter(s) => {
                for w in &waits {
                    assert!(*w >= Duration::from_secs(s) - Duration::from_millis(50), "{}: {waits:?}", case.rule.name);
                }
            }
            Backoff::Exponential => {
                for (i, w) in waits.iter().enumerate() {
                    let floor = Duration::from_millis(500 * (1 << i)) - Duration::from_millis(50);
                    assert!(*w >= floor && *w <= floor * 2 + Duration::from_secs(1), "{}: {waits:?}", case.rule.name);
                }
            }
            Backoff::AwsSdk => {
                let cap = Duration::from_millis(7500) + Duration::from_secs(1);
                assert!(waits.iter().all(|w| *w <= cap), "{}: {waits:?}", case.rule.name);
            }
        }
        let found: Vec<(&GapKey, &(String, String))> =
            all_gaps.iter().filter(|(k, (code, _))| kinds.contains(&k.2) && code == case.code).collect();
        assert!(
            !found.is_empty(),
            "{}: no {} gap for {kinds:?}; the gaps: {all_gaps:#?}\nstderr:\n{}",
            case.rule.name,
            case.code,
            r.stderr
        );
        rows.push(Row {
            fault: case.fault,
            provider,
            operation: format!("{} {}", case.op.0, case.op.1),
            code: case.code.to_string(),
            attempts: hits.len(),
            waits,
            exit: r.code,
            scan,
        });
    }
    assert_invariants(provider, base, &report, &injected);
    assert_logged_calls_in_registry(api_log, registry);
    rows
}

/// The fault-free scan through the proxies: the reference for "everything
/// else is reported", and a wire-level read-only check of every request.
fn base_scan(
    provider: &'static str,
    proxies: &[&FaultProxy],
    mut cmd: Command,
    extra_args: &[&str],
    read_only: impl Fn(&ProxiedRequest) -> bool,
) -> Value {
    for p in proxies {
        p.clear_log();
    }
    let started = Instant::now();
    let r = run(cmd.args(["scan", "--provider", provider, "--format", "json", "--fail-on", "never"]).args(extra_args));
    assert!(r.code == 0 || r.code == 2, "{}", r.stderr);
    for p in proxies {
        let seen = p.requests();
        assert!(!seen.is_empty(), "the scan went through the proxy");
        let writes: BTreeSet<String> = seen
            .iter()
            .filter(|q| !read_only(q))
            .map(|q| format!("{} {} ({})", q.method, q.path, q.operation))
            .collect();
        assert!(writes.is_empty(), "requests that are not known reads: {writes:#?}");
    }
    eprintln!("{provider}: fault-free scan through the proxy in {:.1} s", started.elapsed().as_secs_f64());
    json(&r)
}

#[cfg(feature = "aws")]
mod aws {
    use super::*;
    use crate::collect_aws::{aws_cmd, estate};

    const REGION: &str = "eu-west-1";

    fn registry() -> &'static [Operation] {
        <splitline_collect_aws::Aws as splitline_collect::Collector>::operations()
    }

    /// REST-JSON reads that AWS defines as POST (Security Hub GetEnabledStandards).
    const REST_POST_READS: &[(&str, &str)] = &[("/standards/get", "GetEnabledStandards")];

    /// Query and JSON protocols name a Describe/List/Get operation; REST
    /// calls (S3, Lambda, GuardDuty, API Gateway, …) are GET or HEAD, or one
    /// of the few reads AWS defines as POST.
    fn read_only(q: &ProxiedRequest) -> bool {
        match q.method.as_str() {
            "GET" | "HEAD" => true,
            "POST"
                if REST_POST_READS
                    .iter()
                    .any(|(path, op)| q.path == *path && registry().iter().any(|o| o.name == *op)) =>
            {
                true
            }
            "POST" => {
                let names: BTreeSet<&str> = registry().iter().map(|o| o.name).collect();
                names.contains(q.operation.as_str())
                    && ["Describe", "List", "Get"].iter().any(|v| q.operation.starts_with(v))
            }
            _ => false,
        }
    }

    #[test]
    fn aws_faults_become_gaps_and_the_rest_is_reported() {
        let e = estate(0);
        let proxy = FaultProxy::start(&e.moto.url());
        let cmd = || {
            let mut c = aws_cmd(&e);
            c.env("AWS_ENDPOINT_URL", proxy.url());
            c
        };
        let region = ["--region", REGION];
        let base = base_scan("aws", &[&proxy], cmd(), &region, read_only);
        let api_log = e.home.join("api-log.jsonl");

        let mut rows = faulted_scan(
            "aws",
            &[&proxy],
            cmd(),
            &region,
            &api_log,
            &base,
            registry(),
            vec![
                Case {
                    rule: Rule::new(
                        "kms-throttling",
                        Fault::aws_json_error(400, "ThrottlingException", "Rate exceeded"),
                    )
                    .header("x-amz-target", "TrentService.ListKeys"),
                    via: 0,
                    fault: "ThrottlingException (HTTP 400)",
                    op: ("kms", "ListKeys"),
                    code: "throttled",
                    attempts: 4,
                    backoff: Backoff::AwsSdk,
                },
                Case {
                    rule: Rule::new(
                        "s3-slowdown",
                        Fault::s3_error(503, "SlowDown", "Please reduce your request rate."),
                    )
                    .method("GET")
                    .path("/"),
                    via: 0,
                    fault: "S3 SlowDown (HTTP 503)",
                    op: ("s3", "ListBuckets"),
                    code: "throttled",
                    attempts: 4,
                    backoff: Backoff::AwsSdk,
                },
                Case {
                    rule: Rule::new(
                        "lambda-denied",
                        Fault::aws_rest_json_error(
                            403,
                            "AccessDeniedException",
                            "not authorized to perform lambda:ListFunctions",
                        ),
                    )
                    .method("GET")
                    .path_prefix("/2015-03-31/functions"),
                    via: 0,
                    fault: "AccessDenied for one service (HTTP 403)",
                    op: ("lambda", "ListFunctions"),
                    code: "access-denied",
                    attempts: 1,
                    backoff: Backoff::None,
                },
                Case {
                    rule: Rule::new("rds-500", Fault::aws_query_error(500, "InternalFailure", "internal error"))
                        .param("Action", "DescribeDBInstances"),
                    via: 0,
                    fault: "HTTP 500 InternalFailure",
                    op: ("rds", "DescribeDBInstances"),
                    code: "unavailable",
                    attempts: 4,
                    backoff: Backoff::AwsSdk,
                },
                Case {
                    rule: Rule::new("guardduty-malformed", Fault::ReplaceBody(b"<html><body>Gateway says hi".to_vec()))
                        .method("GET")
                        .path("/detector"),
                    via: 0,
                    fault: "malformed body (HTML for JSON)",
                    op: ("guardduty", "ListDetectors"),
                    code: "malformed-response",
                    attempts: 1,
                    backoff: Backoff::None,
                },
                Case {
                    rule: Rule::new("iam-truncated", Fault::Truncate).param("Action", "ListUsers"),
                    via: 0,
                    fault: "truncated body (half the XML)",
                    op: ("iam", "ListUsers"),
                    code: "malformed-response",
                    attempts: 1,
                    backoff: Backoff::None,
                },
                Case {
                    rule: Rule::new("config-cut", Fault::CutConnection)
                        .header("x-amz-target", "DescribeConfigurationRecorders"),
                    via: 0,
                    fault: "body cut off (connection closed)",
                    op: ("config", "DescribeConfigurationRecorders"),
                    // The SDK reports a body that ends early as a response
                    // error ("end of file before message length reached").
                    code: "malformed-response",
                    attempts: 4,
                    backoff: Backoff::AwsSdk,
                },
            ],
        );

        rows.extend(faulted_scan(
            "aws",
            &[&proxy],
            cmd(),
            &["--region", REGION, "--call-timeout", "5"],
            &api_log,
            &base,
            registry(),
            vec![
                Case {
                    rule: Rule::new("cloudtrail-stall", Fault::Stall).header("x-amz-target", "DescribeTrails"),
                    via: 0,
                    fault: "stall (no answer), --call-timeout 5",
                    op: ("cloudtrail", "DescribeTrails"),
                    code: "timeout",
                    attempts: 1,
                    backoff: Backoff::None,
                },
                Case {
                    rule: Rule::new("ec2-stalled-body", Fault::StallBody).param("Action", "DescribeVolumes"),
                    via: 0,
                    fault: "stalled body, --call-timeout 5",
                    op: ("ec2", "DescribeVolumes"),
                    code: "timeout",
                    attempts: 1,
                    backoff: Backoff::None,
                },
            ],
        ));
        print_table("aws", &rows);
    }

    /// Ctrl-C during collection (every request stalls): the run stops within
    /// seconds with 130 and one line, and writes no file, not even a
    /// temporary one.
    #[test]
    fn ctrl_c_during_collection_stops_promptly_and_writes_nothing() {
        let dead = splitline_collect_testkit::free_port();
        let proxy = FaultProxy::start(&format!("http://127.0.0.1:{dead}"));
        proxy.set_rules(vec![Rule::new("everything", Fault::Stall)]);
        let out = tempfile::tempdir().unwrap();
        let home = tempfile::tempdir().unwrap();
        let cases: [(&str, Vec<String>); 2] = [
            (
                "collect -o",
                ["collect", "aws", "--all-kinds", "--region", REGION, "-o"]
                    .iter()
                    .map(|s| s.to_string())
                    .chain([out.path().join("inventory.json").display().to_string()])
                    .collect(),
            ),
            (
                "scan --output-dir",
                ["scan", "--provider", "aws", "--region", REGION, "--format", "json,sarif", "--output-dir"]
                    .iter()
                    .map(|s| s.to_string())
                    .chain([out.path().join("reports").display().to_string()])
                    .collect(),
            ),
        ];
        for (what, args) in cases {
            let api_log = out.path().join("api-log.jsonl");
            let mut cmd = crate::support::splitline();
            cmd.env("AWS_ENDPOINT_URL", proxy.url())
                .env("AWS_ACCESS_KEY_ID", "testing")
                .env("AWS_SECRET_ACCESS_KEY", "testing")
                .env("AWS_DEFAULT_REGION", "us-east-1")
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env("HOME", home.path())
                .args(&args)
                .arg("--api-log")
                .arg(&api_log)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            let child = cmd.spawn().unwrap();
            // Wait until the collector is stuck on the stalled endpoint.
            let deadline = Instant::now() + Duration::from_secs(30);
            while proxy.hits("everything").is_empty() {
                assert!(Instant::now() < deadline, "{what}: no request reached the proxy");
                std::thread::sleep(Duration::from_millis(50));
            }
            std::thread::sleep(Duration::from_secs(1));
            let sent = Instant::now();
            let kill = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
            assert!(kill.success());
            let output = child.wait_with_output().unwrap();
            let took = sent.elapsed();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(130), "{what}: exit {:?}\n{stderr}", output.status);
            assert!(took < Duration::from_secs(3), "{what}: took {took:?} to stop");
            assert!(stderr.contains("interrupted: nothing was written"), "{what}: {stderr}");
            let left: Vec<String> = walk(out.path());
            assert!(left.is_empty(), "{what}: files left behind: {left:?}");
            eprintln!("SIGINT during `{what}`: exit 130 after {:.0} ms, no file written", took.as_secs_f64() * 1000.0);
            proxy.clear_log();
        }
    }

    /// Every file under `dir` (recursively), with `.splitline-*` temporaries.
    fn walk(dir: &std::path::Path) -> Vec<String> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path.display().to_string());
            }
        }
        out
    }
}

#[cfg(feature = "azure")]
mod azure {
    use super::*;
    use crate::collect_azure::{azure_cmd, estate};

    const SUB: &str = "/management.azure.com/subscriptions/22222222-2222-4222-8222-222222222222";

    fn registry() -> &'static [Operation] {
        <splitline_collect_azure::Azure as splitline_collect::Collector>::operations()
    }

    /// GETs, the app-settings list POST and the token request; the Blob
    /// service is only read (GET/HEAD).
    fn read_only(q: &ProxiedRequest) -> bool {
        q.method == "GET"
            || q.method == "HEAD"
            || (q.method == "POST"
                && (q.path.ends_with("/config/appsettings/list") || q.path.ends_with("/oauth2/v2.0/token")))
    }

    #[test]
    fn azure_faults_become_gaps_and_the_rest_is_reported() {
        let e = estate();
        let arm = FaultProxy::start(&e.server.url());
        let blob = FaultProxy::start(&e.azurite.url());
        let cmd = || {
            let mut c = azure_cmd(&e);
            c.env("SPLITLINE_AZURE_TEST_ENDPOINT", arm.url()).env("SPLITLINE_AZURE_TEST_BLOB_ENDPOINT", blob.url());
            c
        };
        let base = base_scan("azure", &[&arm, &blob], cmd(), &[], read_only);
        let api_log = e.home.join("api-log.jsonl");
        let mut rows = faulted_scan(
            "azure",
            &[&arm, &blob],
            cmd(),
            &[],
            &api_log,
            &base,
            registry(),
            vec![
                Case {
                    rule: Rule::new(
                        "vm-429",
                        Fault::json_error(429, "TooManyRequests", "The request is being throttled.")
                            .with_header("Retry-After", "1"),
                    )
                    .path(&format!("{SUB}/providers/Microsoft.Compute/virtualMachines")),
                    via: 0,
                    fault: "HTTP 429 + Retry-After: 1",
                    op: ("Microsoft.Compute", "GET virtualMachines"),
                    code: "throttled",
                    attempts: 4,
                    backoff: Backoff::RetryAfter(1),
                },
                Case {
                    rule: Rule::new("nsg-503", Fault::json_error(503, "ServiceUnavailable", "try again later"))
                        .path(&format!("{SUB}/providers/Microsoft.Network/networkSecurityGroups")),
                    via: 0,
                    fault: "HTTP 503",
                    op: ("Microsoft.Network", "GET networkSecurityGroups"),
                    code: "unavailable",
                    attempts: 4,
                    backoff: Backoff::Exponential,
                },
                Case {
                    rule: Rule::new(
                        "graph-403",
                        Fault::json_error(
                            403,
                            "Authorization_RequestDenied",
                            "Insufficient privileges to complete the operation.",
                        ),
                    )
                    .path("/graph.microsoft.com/v1.0/directoryRoles"),
                    via: 0,
                    fault: "HTTP 403 for one service (Graph)",
                    op: ("graph", "GET directoryRoles"),
                    code: "access-denied",
                    attempts: 1,
                    backoff: Backoff::None,
                },
                Case {
                    rule: Rule::new("sql-malformed", Fault::ReplaceBody(b"<!DOCTYPE html><title>proxy error".to_vec()))
                        .path(&format!("{SUB}/providers/Microsoft.Sql/servers")),
                    via: 0,
                    fault: "malformed body (HTML for JSON)",
                    op: ("Microsoft.Sql", "GET servers"),
                    code: "malformed-response",
                    attempts: 1,
                    backoff: Backoff::None,
                },
                Case {
                    rule: Rule::new("diag-cut", Fault::CutConnection)
                        .path(&format!("{SUB}/providers/Microsoft.Insights/diagnosticSettings")),
                    via: 0,
                    fault: "body cut off (connection closed)",
                    op: ("Microsoft.Insights", "GET diagnosticSettings"),
                    code: "unavailable",
                    attempts: 4,
                    backoff: Backoff::Exponential,
                },
                Case {
                    rule: Rule::new(
                        "blob-500",
                        Fault::respond(
                            500,
                            "application/xml",
                            "<?xml version=\"1.0\"?><Error><Code>InternalError</Code><Message>boom</Message></Error>",
                        ),
                    )
                    .path("/stbad")
                    .param("comp", "list"),
                    via: 1,
                    fault: "HTTP 500 (Blob service)",
                    op: ("Microsoft.Storage", "List Containers"),
                    code: "unavailable",
                    attempts: 4,
                    backoff: Backoff::Exponential,
                },
            ],
        );
        rows.extend(faulted_scan(
            "azure",
            &[&arm, &blob],
            cmd(),
            &["--call-timeout", "3"],
            &api_log,
            &base,
            registry(),
            vec![
                Case {
                    rule: Rule::new("sites-stall", Fault::Stall).path(&format!("{SUB}/providers/Microsoft.Web/sites")),
                    via: 0,
                    fault: "stall (no answer), --call-timeout 3",
                    op: ("Microsoft.Web", "GET sites"),
                    code: "timeout",
                    attempts: 1,
                    backoff: Backoff::None,
                },
                Case {
                    rule: Rule::new("pricings-stalled-body", Fault::StallBody)
                        .path(&format!("{SUB}/providers/Microsoft.Security/pricings")),
                    via: 0,
                    fault: "stalled body, --call-timeout 3",
                    op: ("Microsoft.Security", "GET pricings"),
                    code: "timeout",
                    attempts: 1,
                    backoff: Backoff::None,
                },
            ],
        ));
        print_table("azure", &rows);
    }
}

#[cfg(feature = "gcp")]
mod gcp {
    use super::*;
    use crate::collect_gcp::{estate, gcp_cmd};

    const PROJECT: &str = "acme-prod-4821";

    fn registry() -> &'static [Operation] {
        <splitline_collect_gcp::Gcp as splitline_collect::Collector>::operations()
    }

    /// GETs, POSTs only to `:getIamPolicy` and the token endpoint.
    fn read_only(q: &ProxiedRequest) -> bool {
        q.method == "GET"
            || (q.method == "POST" && (q.path.ends_with(":getIamPolicy") || q.path == "/oauth2.googleapis.com/token"))
    }

    #[test]
    fn gcp_faults_become_gaps_and_the_rest_is_reported() {
        let e = estate();
        let rest = FaultProxy::start(&e.server.url());
        let storage = FaultProxy::start(&e.emulator.url());
        let cmd = || {
            let mut c = gcp_cmd(&e);
            c.env("SPLITLINE_GCP_TEST_ENDPOINT", rest.url()).env("STORAGE_EMULATOR_HOST", storage.url());
            c
        };
        let base = base_scan("gcp", &[&rest, &storage], cmd(), &[], read_only);
        let api_log = e.home.join("api-log.jsonl");
        let mut rows = faulted_scan(
            "gcp",
            &[&rest, &storage],
            cmd(),
            &[],
            &api_log,
            &base,
            registry(),
            vec![
                Case {
                    rule: Rule::new(
                        "firewalls-429",
                        Fault::json_error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Queries'")
                            .with_header("Retry-After", "1"),
                    )
                    .path(&format!("/compute.googleapis.com/compute/v1/projects/{PROJECT}/global/firewalls")),
                    via: 0,
                    fault: "HTTP 429 + Retry-After: 1",
                    op: ("compute", "firewalls.list"),
                    code: "throttled",
                    attempts: 4,
                    backoff: Backoff::RetryAfter(1),
                },
                Case {
                    rule: Rule::new("sql-500", Fault::json_error(500, "INTERNAL", "Internal error encountered."))
                        .path(&format!("/sqladmin.googleapis.com/v1/projects/{PROJECT}/instances")),
                    via: 0,
                    fault: "HTTP 500",
                    op: ("sqladmin", "instances.list"),
                    code: "unavailable",
                    attempts: 4,
                    backoff: Backoff::Exponential,
                },
                Case {
                    rule: Rule::new(
                        "functions-403",
                        Fault::json_error(
                            403,
                            "PERMISSION_DENIED",
                            "Permission 'cloudfunctions.functions.list' denied",
                        ),
                    )
                    .path(&format!("/cloudfunctions.googleapis.com/v2/projects/{PROJECT}/locations/-/functions")),
                    via: 0,
                    fault: "HTTP 403 for one service",
                    op: ("cloudfunctions", "projects.locations.functions.list"),
                    code: "access-denied",
                    attempts: 1,
                    backoff: Backoff::None,
                },
                Case {
                    rule: Rule::new("accounts-truncated", Fault::Truncate)
                        .path(&format!("/iam.googleapis.com/v1/projects/{PROJECT}/serviceAccounts")),
                    via: 0,
                    fault: "truncated body (half the JSON)",
                    op: ("iam", "projects.serviceAccounts.list"),
                    code: "malformed-response",
                    attempts: 1,
                    backoff: Backoff::None,
                },
                Case {
                    rule: Rule::new("sinks-cut", Fault::CutConnection)
                        .path(&format!("/logging.googleapis.com/v2/projects/{PROJECT}/sinks")),
                    via: 0,
                    fault: "body cut off (connection closed)",
                    op: ("logging", "projects.sinks.list"),
                    code: "unavailable",
                    attempts: 1,
                    backoff: Backoff::None,
                },
                Case {
                    rule: Rule::new("buckets-503", Fault::json_error(503, "UNAVAILABLE", "Backend Error"))
                        .method("GET")
                        .path("/storage/v1/b")
                        .param("project", PROJECT),
                    via: 1,
                    fault: "HTTP 503 (storage)",
                    op: ("storage", "buckets.list"),
                    code: "unavailable",
                    attempts: 4,
                    backoff: Backoff::Exponential,
                },
            ],
        );
        rows.extend(faulted_scan(
            "gcp",
            &[&rest, &storage],
            cmd(),
            &["--call-timeout", "3"],
            &api_log,
            &base,
            registry(),
            vec![
                Case {
                    rule: Rule::new("disks-stall", Fault::Stall)
                        .path(&format!("/compute.googleapis.com/compute/v1/projects/{PROJECT}/aggregated/disks")),
                    via: 0,
                    fault: "stall (no answer), --call-timeout 3",
                    op: ("compute", "disks.aggregatedList"),
                    code: "timeout",
                    attempts: 1,
                    backoff: Backoff::None,
                },
                Case {
                    rule: Rule::new("services-stalled-body", Fault::StallBody)
                        .path(&format!("/run.googleapis.com/v2/projects/{PROJECT}/locations/-/services")),
                    via: 0,
                    fault: "stalled body, --call-timeout 3",
                    op: ("run", "projects.locations.services.list"),
                    code: "timeout",
                    attempts: 1,
                    backoff: Backoff::None,
                },
            ],
        ));
        print_table("gcp", &rows);
    }
}
