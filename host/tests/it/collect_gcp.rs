//! End-to-end: `splitline scan --provider gcp` against gcp-storage-emulator
//! (buckets seeded by `host/tests/fixtures/gcp/seed_storage.py`) and recorded
//! REST responses for every other API (`host/tests/fixtures/gcp/recordings/`,
//! replayed by the testkit's fixture server through the documented
//! `SPLITLINE_GCP_TEST_ENDPOINT` hook). Credentials are Application Default
//! Credentials of type `authorized_user` whose `token_uri` is the fixture
//! server: the real google-cloud-auth refresh flow runs, against a recording.
//!
//! The expected (check, resource, status) triples are in
//! `host/tests/fixtures/gcp/expected-findings.json`; to regenerate them after
//! a deliberate change, run with `SPLITLINE_UPDATE_EXPECTED=1` and review the diff.

#![cfg(feature = "gcp")]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use splitline_collect_testkit::{EmulatorProcess, FixtureServer, free_port, tool};

use crate::support::{assert_expected_findings, finding_triples, json, root, run, splitline};

/// Values planted in the recordings that must never reach a report or an
/// inventory: function and service environment values, instance metadata,
/// a startup script's password, and the credentials themselves.
const SECRETS: &[&str] = &[
    "sk_live_FixtureStripeSecret0123456789ab",
    "pt_9f8e7d6c5b4a39281706f5e4d3c2b1a0ZyXwVu",
    "ghp_Fixture0Secret0Token0For0Splitline0Tests",
    "Xq7!fixture-metadata-secret-91",
    "ya29.splitline-fixture-access-token",
    REFRESH_TOKEN,
    CLIENT_SECRET,
];
const REFRESH_TOKEN: &str = "1//fixture-refresh-token-never-logged";
const CLIENT_SECRET: &str = "fixture-client-secret-never-logged";

fn fixtures() -> PathBuf {
    root().join("host/tests/fixtures/gcp")
}

/// The emulator (seeded), the fixture server and an empty HOME with the
/// credentials file; everything stops and is removed on drop.
pub(crate) struct Estate {
    pub(crate) emulator: EmulatorProcess,
    pub(crate) server: FixtureServer,
    pub(crate) home: PathBuf,
    pub(crate) credentials: PathBuf,
}

impl Drop for Estate {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

pub(crate) fn estate() -> Estate {
    let port = free_port();
    let mut cmd = Command::new(tool("gcp-storage-emulator"));
    cmd.args(["start", "--host", "127.0.0.1", "--port", &port.to_string(), "--in-memory"])
        // Buckets belong to acme-prod-4821 (project number 482193047215).
        .env("PROJECT_NUMBER", "482193047215");
    let emulator = EmulatorProcess::start("gcp-storage-emulator", cmd, port, Duration::from_secs(30));
    let out = Command::new(tool("python"))
        .arg(fixtures().join("seed_storage.py"))
        .arg(emulator.url())
        .output()
        .expect("run seed_storage.py");
    assert!(
        out.status.success(),
        "seed_storage.py failed:\n{}\nemulator:\n{}",
        String::from_utf8_lossy(&out.stderr),
        emulator.output()
    );
    let server = FixtureServer::start(fixtures().join("recordings"));
    let home = std::env::temp_dir().join(format!("splitline-gcp-home-{port}"));
    std::fs::create_dir_all(&home).unwrap();
    let credentials = home.join("adc-authorized-user.json");
    let adc = serde_json::json!({
        "type": "authorized_user",
        "client_id": "764086051850-fixture.apps.googleusercontent.com",
        "client_secret": CLIENT_SECRET,
        "refresh_token": REFRESH_TOKEN,
        "token_uri": format!("{}/oauth2.googleapis.com/token", server.url()),
    });
    std::fs::write(&credentials, adc.to_string()).unwrap();
    Estate { emulator, server, home, credentials }
}

/// `splitline` with the test hooks and the fixture credentials only.
pub(crate) fn gcp_cmd(e: &Estate) -> Command {
    let mut cmd = splitline();
    cmd.env("GOOGLE_APPLICATION_CREDENTIALS", &e.credentials)
        .env("SPLITLINE_GCP_TEST_ENDPOINT", e.server.url())
        .env("STORAGE_EMULATOR_HOST", e.emulator.url())
        .env("HOME", &e.home);
    cmd
}

pub(crate) fn operations_registry() -> BTreeSet<(String, String)> {
    use splitline_collect::Collector;
    splitline_collect_gcp::Gcp::operations().iter().map(|o| (o.service.to_string(), o.name.to_string())).collect()
}

#[test]
fn scan_of_the_recorded_estate_finds_exactly_the_planted_problems() {
    let e = estate();
    let api_log = e.home.join("api-log.jsonl");
    let started = Instant::now();
    let r = run(gcp_cmd(&e)
        .args(["scan", "--provider", "gcp", "--format", "json", "--fail-on", "never", "--api-log"])
        .arg(&api_log));
    let elapsed = started.elapsed();
    // 2: the scan is incomplete (the planted coverage gap); the report is still written.
    assert_eq!(r.code, 2, "exit {}\n{}\nemulator:\n{}", r.code, r.stderr, e.emulator.output());
    let report = json(&r);

    // Exactly the expected findings: failed, passed and error (coverage gaps), both directions.
    let found = finding_triples(&report, "gcp");
    assert_expected_findings(&fixtures().join("expected-findings.json"), &found);
    for status in ["fail", "pass", "error"] {
        assert!(found.iter().any(|(_, _, s)| s == status), "no {status} finding at all");
    }

    // The disabled Cloud KMS API of the sandbox project is a not-enabled gap,
    // and the only gap: the 429 was retried, every other call answered.
    let gaps = report["coverage_gaps"].as_array().expect("coverage_gaps in the report");
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(gaps[0]["account"], "acme-sandbox-3310");
    assert_eq!(gaps[0]["kind"], "gcp.kms.crypto-key");
    assert_eq!(gaps[0]["code"], "not-enabled");
    assert!(gaps[0]["reason"].as_str().unwrap().contains("has not been used in project"), "{}", gaps[0]);
    let kms_errors: BTreeSet<&str> = found
        .iter()
        .filter(|(c, r, s)| s == "error" && r.contains("acme-sandbox-3310") && c.starts_with("GCP-KMS-"))
        .map(|(c, _, _)| c.as_str())
        .collect();
    assert_eq!(kms_errors, BTreeSet::from(["GCP-KMS-001", "GCP-KMS-002"]));

    // No planted secret anywhere.
    for s in SECRETS {
        assert!(!r.stdout.contains(s), "secret {s:?} in the report");
        assert!(!r.stderr.contains(s), "secret {s:?} on stderr");
    }
    assert!(r.stderr.contains("SPLITLINE_GCP_TEST_ENDPOINT is set"), "the test hook is announced:\n{}", r.stderr);

    // Every call the collector logged is in the registry.
    let log = std::fs::read_to_string(&api_log).expect("--api-log file");
    let registry = operations_registry();
    let (mut calls, mut storage_calls) = (0, 0);
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        let call: serde_json::Value = serde_json::from_str(line).unwrap();
        let key = (call["service"].as_str().unwrap().to_string(), call["operation"].as_str().unwrap().to_string());
        assert!(registry.contains(&key), "call {key:?} is not in the operations registry");
        calls += 1;
        storage_calls += usize::from(key.0 == "storage");
    }

    // Every request the fixture server saw was recorded, read-only and
    // authorized: GETs, POSTs only to `:getIamPolicy` and the token endpoint.
    let seen = e.server.requests();
    for q in &seen {
        assert!(q.matched, "no recording for {} {}?{}", q.method, q.path, q.query);
        let read_only = q.method == "GET"
            || (q.method == "POST" && (q.path.ends_with(":getIamPolicy") || q.path == "/oauth2.googleapis.com/token"));
        assert!(read_only, "{} {} is not a read-only request", q.method, q.path);
        assert!(
            q.authorized || q.path == "/oauth2.googleapis.com/token",
            "{} {} had no Authorization",
            q.method,
            q.path
        );
    }
    let throttled = seen.iter().filter(|q| q.path.ends_with("/services/acme-orders-api:getIamPolicy")).count();
    assert_eq!(throttled, 2, "the 429 is retried once");
    assert!(seen.iter().any(|q| q.query.contains("pageToken=crm-page-2")), "project search paged");
    assert!(seen.iter().any(|q| q.query.contains("pageToken=instances-page-2")), "instances paged");
    let api_requests = seen.iter().filter(|q| q.path != "/oauth2.googleapis.com/token").count();
    eprintln!(
        "gcp scan of the test estate: {calls} logged API calls ({storage_calls} to the storage emulator; \
         {api_requests} requests to the recordings, retries included, plus the token refresh) in {elapsed:?}"
    );
}

#[test]
fn the_inventory_holds_no_planted_secret_and_the_role_is_read_only() {
    let e = estate();
    let file = e.home.join("inventory.json");
    let r = run(gcp_cmd(&e).args(["collect", "gcp", "--all-kinds", "-o"]).arg(&file));
    // 2: incomplete (the planted coverage gap); the inventory is written all the same.
    assert_eq!(r.code, 2, "{}", r.stderr);
    let text = std::fs::read_to_string(&file).unwrap();
    for s in SECRETS {
        assert!(!text.contains(s), "secret {s:?} in the inventory");
        assert!(!r.stderr.contains(s), "secret {s:?} on stderr");
    }
    let inv: serde_json::Value = serde_json::from_str(&text).unwrap();
    let resources = inv["resources"].as_array().unwrap();
    let find = |kind: &str, name: &str| {
        resources
            .iter()
            .find(|r| r["kind"] == kind && r["name"] == name)
            .unwrap_or_else(|| panic!("no {kind} named {name}"))
            .clone()
    };
    // Every documented kind is collected.
    let kinds: BTreeSet<&str> = resources.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    for k in splitline_collect_gcp::KINDS {
        assert!(kinds.contains(k), "no {k} collected");
    }
    // Redaction markers under the variables' names; references in clear.
    let f = find("gcp.cloudfunctions.function", "acme-export-webhook");
    let env = &f["config"]["serviceConfig"]["environmentVariables"];
    assert!(env["STRIPE_API_KEY"].as_str().unwrap().starts_with("[redacted] "), "{env}");
    assert_eq!(env["EXPORT_BUCKET"], "acme-prod-exports");
    let g = find("gcp.cloudfunctions.function", "acme-resize-images");
    assert_eq!(g["config"]["serviceConfig"]["secretEnvironmentVariables"][0]["secret"], "resize-db-password");
    let s = find("gcp.run.service", "acme-orders-api");
    let env = &s["config"]["template"]["containers"][0]["env"];
    assert!(env[1]["value"].as_str().unwrap().starts_with("[redacted] "), "{env}");
    assert_eq!(env[0]["value"], "prod");
    assert_eq!(env[2]["valueSource"]["secretKeyRef"]["secret"], "projects/482193047215/secrets/orders-db-password");
    assert_eq!(s["config"]["iamPolicy"]["bindings"][0]["members"][0], "allUsers", "the retried policy is merged");
    // Bucket configuration round-trips through the emulator.
    let b = find("gcp.storage.bucket", "acme-prod-audit-logs");
    assert_eq!(b["id"], "https://www.googleapis.com/storage/v1/b/acme-prod-audit-logs");
    assert_eq!(b["region"], "eu");
    let c = &b["config"];
    assert_eq!(c["iamConfiguration"]["uniformBucketLevelAccess"]["enabled"], true);
    assert_eq!(c["iamConfiguration"]["publicAccessPrevention"], "enforced");
    assert_eq!(c["retentionPolicy"]["isLocked"], true);
    assert_eq!(c["versioning"]["enabled"], true);
    assert_eq!(c["logging"]["logBucket"], "acme-prod-access-logs");
    assert!(c["encryption"]["defaultKmsKeyName"].as_str().unwrap().ends_with("/cryptoKeys/app-data"));
    let p = find("gcp.storage.bucket", "acme-prod-public-assets");
    assert_eq!(p["config"]["iamPolicy"]["bindings"][0]["members"][0], "allUsers");
    assert_eq!(p["region"], "europe-west1");
    // Buckets appear once, under their own project.
    assert!(resources.iter().filter(|r| r["kind"] == "gcp.storage.bucket").all(|r| r["account"] == "acme-prod-4821"));

    let p = run(gcp_cmd(&e).args(["permissions", "gcp", "--all-kinds"]));
    assert_eq!(p.code, 0, "{}", p.stderr);
    let role = &p.stdout;
    assert!(role.contains("\nstage: GA\n") && role.contains("title: "), "{role}");
    let perms: Vec<&str> = role.lines().filter_map(|l| l.strip_prefix("- ")).collect();
    assert!(perms.len() >= 20, "{role}");
    let mut sorted = perms.clone();
    sorted.sort_unstable();
    assert_eq!(perms, sorted, "sorted");
    for perm in &perms {
        let verb = perm.rsplit('.').next().unwrap();
        assert!(verb.starts_with("get") || verb.starts_with("list"), "{perm} is not a read-only permission");
    }
    for op in <splitline_collect_gcp::Gcp as splitline_collect::Collector>::operations() {
        assert!(perms.contains(&op.permission), "{} missing from the role", op.permission);
    }
}
