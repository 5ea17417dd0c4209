//! End-to-end: `splitline scan --provider aws --organization` against a moto
//! server seeded with an organization (`host/tests/fixtures/aws/seed_org.py`):
//! ten members in three OUs and a closed account; three members each with a
//! misconfiguration of their own. docs/organizations.md, "AWS Organizations".

#![cfg(feature = "aws")]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use splitline_collect::Collector;
use splitline_collect_aws::organizations;
use splitline_collect_testkit::{EmulatorProcess, free_port, tool};

use crate::collect_aws::fixtures;
use crate::support::{run, splitline, statuses};

const MANAGEMENT: &str = "123456789012";

struct Org {
    moto: EmulatorProcess,
    seeded: serde_json::Value,
    home: PathBuf,
}

impl Org {
    fn member(&self, name: &str) -> String {
        self.seeded["members"][name].as_str().unwrap_or_else(|| panic!("{name} seeded")).to_string()
    }

    fn members(&self, names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| self.member(n)).collect()
    }

    fn ou(&self, name: &str) -> String {
        self.seeded["ous"][name].as_str().unwrap().to_string()
    }

    fn closed(&self) -> String {
        self.seeded["closed"].as_str().unwrap().to_string()
    }

    /// `splitline` with the emulator's endpoint and moto's default (management) credentials.
    fn cmd(&self) -> Command {
        let mut cmd = splitline();
        for (k, _) in std::env::vars() {
            if k.starts_with("AWS_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("AWS_ENDPOINT_URL", self.moto.url())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("HOME", &self.home);
        cmd
    }
}

impl Drop for Org {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

fn org(args: &[&str]) -> Org {
    let port = free_port();
    let mut cmd = Command::new(tool("moto_server"));
    cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()]).env("MOTO_EC2_LOAD_DEFAULT_AMIS", "false");
    let moto = EmulatorProcess::start("moto", cmd, port, Duration::from_secs(60));
    let home = std::env::temp_dir().join(format!("splitline-aws-org-home-{port}"));
    std::fs::create_dir_all(&home).unwrap();
    let started = Instant::now();
    let out = Command::new(tool("python"))
        .arg(fixtures().join("seed_org.py"))
        .args(args)
        .env("AWS_ENDPOINT_URL", moto.url())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env_remove("AWS_PROFILE")
        .env("HOME", &home)
        .output()
        .expect("run seed_org.py");
    assert!(
        out.status.success(),
        "seed_org.py failed:\n{}\nmoto:\n{}",
        String::from_utf8_lossy(&out.stderr),
        moto.output()
    );
    eprintln!("seed_org.py {args:?}: {:?}", started.elapsed());
    let seeded = serde_json::from_slice(&out.stdout).expect("seed_org.py prints JSON");
    Org { moto, seeded, home }
}

/// Accounts with a `fail` finding of `check`.
fn failing(report: &serde_json::Value, check: &str) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check_id"] == check && f["status"] == "fail")
        .map(|f| f["account"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_organization_scan_finds_each_members_problem_in_that_member_only() {
    let o = org(&[]);
    let api_log = o.home.join("api-log.jsonl");
    let out = o.home.join("report.json");
    let started = Instant::now();
    let r = run(o
        .cmd()
        .args(["scan", "--provider", "aws", "--organization", "--member-role", "SplitlineAudit"])
        .args(["--member-external-id", "splitline-test", "--region", "us-east-1"])
        .args(["--format", "json", "--fail-on", "never", "-o"])
        .arg(&out)
        .arg("--api-log")
        .arg(&api_log));
    let elapsed = started.elapsed();
    // moto cannot answer every call (docs/collect-aws.md): gaps, so incomplete.
    assert_eq!(r.code, 2, "an incomplete scan exits 2\n{}", r.stderr);
    let closed = o.closed();
    assert!(
        r.stderr.contains(&format!("aws account {closed} (member-closed) skipped: account state is SUSPENDED")),
        "{}",
        r.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();

    // Every active member is an account of the report, and the management account.
    let mut expected = o.members(&[
        "member-00",
        "member-01",
        "member-02",
        "member-03",
        "member-04",
        "member-05",
        "member-06",
        "member-07",
        "member-08",
        "member-09",
    ]);
    expected.insert(MANAGEMENT.to_string());
    let accounts: BTreeSet<String> = report["accounts"]
        .as_array()
        .expect("accounts in the report")
        .iter()
        .filter(|a| a["provider"] == "aws")
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(accounts, expected, "{:#}", report["accounts"]);
    let names: BTreeSet<String> =
        report["accounts"].as_array().unwrap().iter().filter_map(|a| a["name"].as_str().map(str::to_string)).collect();
    assert!(names.contains("member-05"), "members carry their names: {names:?}");

    // Each seeded problem in its own account, and in no other.
    let one = |name: &str| BTreeSet::from([o.member(name)]);
    assert_eq!(failing(&report, "AWS-S3-003"), one("member-03"), "public bucket");
    assert_eq!(failing(&report, "AWS-IAM-003"), one("member-05"), "console user without MFA");
    assert_eq!(failing(&report, "AWS-EC2-001"), one("member-07"), "SSH open to the world");
    // Findings are per account: every member has findings of its own.
    let with_findings: BTreeSet<String> =
        report["findings"].as_array().unwrap().iter().map(|f| f["account"].as_str().unwrap().to_string()).collect();
    assert!(expected.is_subset(&with_findings), "{expected:?} ⊄ {with_findings:?}");
    assert!(!with_findings.contains(&closed));

    // Every call is in a registry: the member one (read-only), or organization
    // mode's (Organizations reads, and AssumeRole: the only call not a read).
    let member_registry: BTreeSet<(String, String)> =
        splitline_collect_aws::Aws::operations().iter().map(|o| (o.service.to_string(), o.name.to_string())).collect();
    let org_registry: BTreeSet<(String, String)> =
        organizations::OPS.iter().map(|o| (o.service.to_string(), o.name.to_string())).collect();
    let log = std::fs::read_to_string(&api_log).expect("--api-log file");
    let mut assumed = BTreeSet::new();
    let mut accounts_called = BTreeSet::new();
    let mut calls = 0;
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        let call: serde_json::Value = serde_json::from_str(line).unwrap();
        let (service, op) = (call["service"].as_str().unwrap(), call["operation"].as_str().unwrap());
        let account = call["account"].as_str().unwrap().to_string();
        let key = (service.to_string(), op.to_string());
        assert!(member_registry.contains(&key) || org_registry.contains(&key), "call {key:?} is in neither registry");
        let is_read = ["Get", "List", "Describe"].iter().any(|v| op.starts_with(v)) || service == "apigateway";
        assert!(is_read || (service, op) == ("sts", "AssumeRole"), "{service} {op} is not a read");
        if service == "organizations" {
            assert_eq!(account, MANAGEMENT, "discovery runs in the management account");
        }
        if op == "AssumeRole" {
            assert_eq!(call["outcome"], "ok", "{call}");
            assumed.insert(account.clone());
        }
        accounts_called.insert(account);
        calls += 1;
    }
    let mut members_only = expected.clone();
    members_only.remove(MANAGEMENT);
    assert_eq!(assumed, members_only, "one role per member; the management account uses its own credentials");
    assert_eq!(accounts_called, expected, "every call is recorded under its account");
    assert!(!log.contains("\"account\":\"\""), "no call without an account");
    eprintln!("aws organization scan of {} accounts: {calls} API calls in {elapsed:?}", expected.len());
}

/// The accounts the calls of an `--api-log` file were made in.
fn accounts_called(log: &std::path::Path) -> BTreeSet<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["account"].as_str().unwrap().to_string())
        .collect()
}

/// `scan --organization` against the seeded organization, `extra` flags
/// and environment; the exit code and stderr.
fn org_scan(
    o: &Org,
    out: &std::path::Path,
    log: &std::path::Path,
    extra: &[&str],
    abort: Option<&str>,
) -> (i32, String) {
    let mut cmd = o.cmd();
    cmd.args(["scan", "--provider", "aws", "--organization", "--region", "us-east-1"])
        .args(["--format", "json", "--fail-on", "never", "-q", "-o"])
        .arg(out)
        .arg("--api-log")
        .arg(log)
        .args(extra);
    if let Some(k) = abort {
        cmd.env("SPLITLINE_TEST_ABORT_AFTER_UNITS", k);
    }
    let r = run(&mut cmd);
    (r.code, r.stderr)
}

/// Live units: an account finished before a kill is not collected again on
/// `--resume`, each shard collects only its own accounts, and both end in
/// the uninterrupted, unsharded result.
#[test]
fn a_killed_organization_scan_resumes_and_shards_merge_without_collecting_twice() {
    let o = org(&[]);
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    let (code, stderr) = org_scan(&o, &p("whole.json"), &p("whole.log"), &[], None);
    assert_eq!(code, 2, "{stderr}");
    let whole: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p("whole.json")).unwrap()).unwrap();
    let everyone = accounts_called(&p("whole.log"));
    assert_eq!(everyone.len(), 11, "ten members and the management account: {everyone:?}");

    // Killed after 4 accounts were written to the checkpoint.
    let ckpt = p("checkpoint");
    let ckpt_arg = ckpt.to_str().unwrap();
    let (code, stderr) = org_scan(
        &o,
        &p("resumed.json"),
        &p("killed.log"),
        &["--checkpoint", ckpt_arg, "--parallel-accounts", "2"],
        Some("4"),
    );
    assert_eq!(code, 137, "the test hook kills the scan: {stderr}");
    let finished: BTreeSet<String> = std::fs::read_dir(&ckpt)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|n| n.strip_prefix("unit-aws-").map(|rest| rest.split('-').next().unwrap().to_string()))
        .collect();
    assert_eq!(finished.len(), 4, "{finished:?}");

    let (code, stderr) = org_scan(&o, &p("resumed.json"), &p("resumed.log"), &["--resume", ckpt_arg], None);
    assert_eq!(code, 2, "{stderr}");
    let resumed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p("resumed.json")).unwrap()).unwrap();
    assert_eq!(statuses(&resumed), statuses(&whole), "the resumed result is the uninterrupted one");
    assert_eq!(resumed["accounts"], whole["accounts"]);
    assert_eq!(resumed["summary"], whole["summary"]);
    let again = accounts_called(&p("resumed.log"));
    for a in &finished {
        // Discovery runs in the management account whatever was finished.
        if a != MANAGEMENT {
            assert!(!again.contains(a), "finished account {a} was collected again: {again:?}");
        }
    }
    assert!(again.len() < everyone.len(), "{again:?}");

    // Two shards: each collects its own members (and discovers in the
    // management account); merged, they are the whole scan.
    let mut parts = Vec::new();
    let mut members_seen = BTreeSet::new();
    for k in 1..=2 {
        let (out, log) = (p(&format!("shard-{k}.json")), p(&format!("shard-{k}.log")));
        let (code, stderr) = org_scan(&o, &out, &log, &["--shard", &format!("{k}/2")], None);
        assert_eq!(code, 2, "{stderr}");
        let part: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        let own: BTreeSet<String> =
            part["accounts"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect();
        let mut called = accounts_called(&log);
        called.remove(MANAGEMENT);
        let mut own_members = own.clone();
        own_members.remove(MANAGEMENT);
        assert_eq!(called, own_members, "shard {k} collects only its own accounts");
        for a in own {
            assert!(members_seen.insert(a.clone()), "{a} in two shards");
        }
        parts.push(out);
    }
    let r = run(crate::support::splitline()
        .arg("merge")
        .args(&parts)
        .args(["--format", "json", "-o"])
        .arg(p("merged.json")));
    assert_eq!(r.code, 2, "{}", r.stderr);
    let merged: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p("merged.json")).unwrap()).unwrap();
    assert_eq!(statuses(&merged), statuses(&whole));
    assert_eq!(merged["summary"], whole["summary"]);
}

/// The accounts of an organization `collect` run with `filters`.
fn collected(o: &Org, filters: &[&str]) -> (i32, BTreeSet<String>, String) {
    let file = o.home.join(format!("inventory-{}.json", filters.join("_").replace(['=', ','], "-")));
    let r =
        run(o.cmd().args(["collect", "aws", "--organization", "--region", "us-east-1", "-o"]).arg(&file).args(filters));
    let accounts = std::fs::read_to_string(&file)
        .ok()
        .map(|t| {
            let inv: serde_json::Value = serde_json::from_str(&t).unwrap();
            inv["accounts"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect()
        })
        .unwrap_or_default();
    (r.code, accounts, r.stderr)
}

#[test]
fn organization_filters_select_the_members() {
    let o = org(&["--no-resources"]);
    let (_, web_and_nine, stderr) = collected(
        &o,
        &["--ou", &o.ou("Web"), "--account", &o.member("member-09"), "--exclude-account", &o.member("member-05")],
    );
    assert_eq!(web_and_nine, o.members(&["member-04", "member-09"]), "{stderr}");

    let (_, prod, stderr) = collected(&o, &["--ou", &o.ou("Prod")]);
    assert_eq!(
        prod,
        o.members(&["member-00", "member-01", "member-02", "member-03", "member-04", "member-05"]),
        "an OU includes the OUs beneath it\n{stderr}"
    );

    let (_, dev, stderr) = collected(&o, &["--account-tag", "env=dev", "--exclude-account", &o.member("member-06")]);
    assert_eq!(dev, o.members(&["member-07", "member-08"]), "{stderr}");
    assert!(stderr.contains(&format!("aws account {} (member-closed) skipped", o.closed())), "{stderr}");

    // The management account is scanned with its own credentials when selected.
    let (_, two, stderr) = collected(&o, &["--account", &format!("{},{}", o.member("member-01"), MANAGEMENT)]);
    assert_eq!(two, BTreeSet::from([o.member("member-01"), MANAGEMENT.to_string()]), "{stderr}");

    let (code, none, stderr) = collected(&o, &["--ou", &o.ou("Dev"), "--account-tag", "tier=web"]);
    assert_ne!(code, 0);
    assert!(none.is_empty());
    assert!(stderr.contains("matches the --ou/--account/--exclude-account/--account-tag filter"), "{stderr}");

    let (code, _, stderr) = collected(&o, &["--ou", "ou-zzzz-notthere"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("--ou ou-zzzz-notthere not in organization"), "{stderr}");
}

#[test]
fn organization_flags_need_organization_and_sessions_are_at_least_900_seconds() {
    let r = run(splitline().args(["collect", "aws", "--ou", "ou-ab12-xyz"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--organization"), "{}", r.stderr);
    let r = run(splitline().args(["collect", "aws", "--organization", "--member-session-seconds", "60"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("900"), "{}", r.stderr);
    let r = run(splitline().args(["collect", "aws", "--organization", "--account-tag", "novalue"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("KEY=VALUE"), "{}", r.stderr);
}

#[test]
fn outside_an_organization_the_scan_says_so() {
    let port = free_port();
    let mut cmd = Command::new(tool("moto_server"));
    cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()]);
    let moto = EmulatorProcess::start("moto", cmd, port, Duration::from_secs(60));
    let o =
        Org { moto, seeded: serde_json::Value::Null, home: std::env::temp_dir().join(format!("sl-aws-org-{port}")) };
    let r = run(o.cmd().args(["collect", "aws", "--organization", "--region", "us-east-1"]));
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("account 123456789012 is not in an AWS organization"), "{}", r.stderr);
}
