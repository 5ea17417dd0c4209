//! `cargo xtask bench-org [--accounts 11,101] [--throttle-every N]
//! [--aws-splitline BIN] [--out FILE]`: organisation scale against a local
//! endpoint. For each size, a fresh moto server holds an AWS organization of
//! that many accounts (`host/tests/fixtures/aws/seed_org.py --populate`:
//! ten members, the management account, and extra members with a bucket, a
//! user and a security group each); `splitline scan --provider aws
//! --organization` scans it, and the run's wall time, peak RSS, API calls
//! and throttles are measured. A last run of the largest size goes through
//! the fault proxy (`splitline-collect-testkit`), which answers every N-th
//! EC2 `DescribeSecurityGroups` and IAM `ListUsers` with a throttling error:
//! the throttles seen and what they cost. Writes a Markdown table to
//! `docs/benchmarks-org.md`. Figures, never asserts.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use splitline_collect_testkit::{Fault, FaultProxy, Rule};

use super::measure::{self, Cost};
use super::moto::aws_env;

struct Options {
    accounts: Vec<usize>,
    throttle_every: u32,
    aws_splitline: Option<PathBuf>,
    out: PathBuf,
    parallel_accounts: usize,
}

struct Run {
    label: String,
    accounts: usize,
    cost: Cost,
    calls: usize,
    throttles: u64,
    injected: usize,
    gaps: u64,
    failed: u64,
}

/// The member accounts seed_org.py always creates, and the management account.
const BASE_ACCOUNTS: usize = 11;

pub fn main(args: &[String]) -> Result<ExitCode, String> {
    let opts = parse(args)?;
    let root = crate::root();
    let target = super::target_dir(&root);
    let work = target.join("bench-org");
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    crate::emulators::install(&root)?;
    let venv = root.join(".tools/emulators/venv/bin");
    let bin_copy = super::moto::aws_binary(&target, &work, opts.aws_splitline.as_deref())?;

    // A warm compile cache for every run: the first one must not pay (and
    // count in its peak RSS) the plugins' compilation.
    let warm = measure::run(
        Command::new(&bin_copy)
            .args(["scan", "--demo", "--format", "json", "-o"])
            .arg(work.join("warm.json"))
            .args(["--fail-on", "never"])
            .env("SPLITLINE_CACHE_DIR", work.join("cache")),
        false,
    )?;
    if warm.exit_code != 0 {
        return Err(format!("the warm-up scan --demo exited with {}", warm.exit_code));
    }

    let mut runs = Vec::new();
    let largest = opts.accounts.iter().copied().max().unwrap_or(BASE_ACCOUNTS);
    let mut plan: Vec<(usize, bool)> = opts.accounts.iter().map(|&n| (n, false)).collect();
    if opts.throttle_every > 0 {
        plan.push((largest, true));
    }
    for (n, throttled) in plan {
        runs.push(one(&root, &venv, &bin_copy, &work, n, throttled.then_some(opts.throttle_every), &opts)?);
    }
    let doc = render(&opts, &runs, args);
    std::fs::write(&opts.out, &doc).map_err(|e| format!("cannot write {}: {e}", opts.out.display()))?;
    eprintln!("bench-org: wrote {}", opts.out.display());
    Ok(ExitCode::SUCCESS)
}

fn one(
    root: &Path,
    venv: &Path,
    bin: &Path,
    work: &Path,
    n: usize,
    throttle_every: Option<u32>,
    opts: &Options,
) -> Result<Run, String> {
    let label = if throttle_every.is_some() { format!("{n}-throttled") } else { n.to_string() };
    let (moto, moto_url) = super::moto::start(venv, &work.join(format!("moto-{label}.log")))?;
    let home = work.join(format!("home-{label}"));
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let aws_env = |cmd: &mut Command, url: &str| aws_env(cmd, url, &home);

    let extra = n.saturating_sub(BASE_ACCOUNTS);
    eprintln!("bench-org: seeding an organization of {} accounts", BASE_ACCOUNTS + extra);
    let started = Instant::now();
    let mut seed = Command::new(venv.join("python"));
    seed.arg(root.join("host/tests/fixtures/aws/seed_org.py")).args([
        "--extra-accounts",
        &extra.to_string(),
        "--populate",
    ]);
    aws_env(&mut seed, &moto_url);
    let o = seed.output().map_err(|e| format!("cannot run seed_org.py: {e}"))?;
    if !o.status.success() {
        return Err(format!("seed_org.py failed: {}", String::from_utf8_lossy(&o.stderr)));
    }
    eprintln!("bench-org: seeded in {}", measure::secs(started.elapsed()));

    let proxy = throttle_every.map(|every| {
        let proxy = FaultProxy::start(&moto_url);
        proxy.set_rules(vec![
            Rule::new("ec2-throttled", Fault::aws_ec2_error(503, "RequestLimitExceeded", "Request limit exceeded."))
                .param("Action", "DescribeSecurityGroups")
                .every(every),
            Rule::new("iam-throttled", Fault::aws_query_error(400, "Throttling", "Rate exceeded"))
                .param("Action", "ListUsers")
                .every(every),
        ]);
        proxy
    });
    let url = proxy.as_ref().map_or(moto_url.clone(), |p| p.url());

    let api_log = work.join(format!("calls-{label}.jsonl"));
    let result = work.join(format!("result-{label}.json"));
    let stderr_path = work.join(format!("stderr-{label}.txt"));
    let stderr = std::fs::File::create(&stderr_path).map_err(|e| e.to_string())?;
    let mut cmd = Command::new(bin);
    cmd.args(["scan", "--provider", "aws", "--organization", "--region", "us-east-1"])
        .args(["--parallel-accounts", &opts.parallel_accounts.to_string()])
        .args(["--format", "json", "--fail-on", "never", "-o"])
        .arg(&result)
        .arg("--api-log")
        .arg(&api_log)
        .env("SPLITLINE_CACHE_DIR", work.join("cache"))
        .stdout(Stdio::null())
        .stderr(stderr);
    aws_env(&mut cmd, &url);
    eprintln!("$ {}", crate::describe(&cmd));
    let cost = measure::run(&mut cmd, true)?;
    if !(0..=2).contains(&cost.exit_code) {
        return Err(format!("the organization scan exited with {}; see {}", cost.exit_code, stderr_path.display()));
    }
    let injected = proxy.as_ref().map_or(0, |p| p.hits("ec2-throttled").len() + p.hits("iam-throttled").len());
    drop(proxy);
    drop(moto);
    let calls = std::fs::read_to_string(&api_log).map(|t| t.lines().count()).unwrap_or(0);
    let text = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    let throttles = text
        .lines()
        .find_map(|l| l.strip_prefix("note: ")?.split(" throttling answer").next()?.trim().parse().ok())
        .unwrap_or(0);
    let report: serde_json::Value = std::fs::read_to_string(&result)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or_else(|| format!("no report in {}", result.display()))?;
    let accounts = report["accounts"].as_array().map_or(0, Vec::len);
    let gaps = report["coverage_gaps"].as_array().map_or(0, Vec::len) as u64;
    let failed =
        report["errors"].as_array().map_or(0, |e| e.iter().filter(|e| e["account"].is_string()).count()) as u64;
    eprintln!(
        "bench-org: {label}: {accounts} accounts in {} ({:.1} accounts/min), {} peak RSS, {calls} calls, {throttles} throttles ({injected} injected)",
        measure::secs(cost.wall),
        per_minute(accounts, cost.wall),
        measure::mib(cost.peak_rss)
    );
    let _ = std::fs::remove_dir_all(&home);
    Ok(Run { label, accounts, cost, calls, throttles, injected, gaps, failed })
}

fn per_minute(accounts: usize, wall: Duration) -> f64 {
    accounts as f64 / wall.as_secs_f64().max(0.001) * 60.0
}

fn render(opts: &Options, runs: &[Run], args: &[String]) -> String {
    let mut s = String::from("# Organisation-scale benchmark\n\n");
    s.push_str(
        "Generated by `cargo xtask bench-org` (xtask/src/bench/org.rs); do not edit by hand. What it measures: \
         `splitline scan --provider aws --organization --region us-east-1` against a fresh moto server holding an \
         AWS organization (`host/tests/fixtures/aws/seed_org.py --populate`: ten members in OUs, the management \
         account, and extra members with a bucket, an IAM user and a security group each). Every member is \
         collected through `SplitlineAudit` (STS AssumeRole), evaluated by all first-party plugins and released. \
         The throttled run puts the fault proxy of `splitline-collect-testkit` in front of moto: it answers \
         every N-th EC2 `DescribeSecurityGroups` and IAM `ListUsers` with a throttling error. A debug build \
         of splitline with the `aws` feature, its compile cache warmed by one `scan --demo` first; the time is \
         mostly moto's (one Python process).\n\n",
    );
    s.push_str(&format!(
        "Command: `cargo xtask bench-org {}`; `--parallel-accounts {}`; machine: {} CPUs.\n\n",
        args.join(" "),
        opts.parallel_accounts,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
    ));
    s.push_str("| run | accounts | wall | accounts/min | peak RSS | RSS per account | API calls | throttles seen (injected) | coverage gaps | failed accounts |\n");
    s.push_str("|---|---|---|---|---|---|---|---|---|---|\n");
    for r in runs {
        s.push_str(&format!(
            "| {} | {} | {} | {:.1} | {} | {:.2} MiB | {} | {} ({}) | {} | {} |\n",
            r.label,
            r.accounts,
            measure::secs(r.cost.wall),
            per_minute(r.accounts, r.cost.wall),
            measure::mib(r.cost.peak_rss),
            r.cost.peak_rss as f64 / 1024.0 / 1024.0 / r.accounts.max(1) as f64,
            r.calls,
            r.throttles,
            r.injected,
            r.gaps,
            r.failed
        ));
    }
    s.push_str(
        "\n\"throttles seen\" is what splitline's pacer counted (the `note:` line of the scan's stderr); \
         \"injected\" is what the proxy answered with a throttle. Coverage gaps are kinds moto cannot answer \
         (docs/collect-aws.md) plus, in the throttled run, calls still throttled after every retry.\n",
    );
    s
}

fn parse(args: &[String]) -> Result<Options, String> {
    let root = crate::root();
    let mut o = Options {
        accounts: vec![BASE_ACCOUNTS, 101],
        throttle_every: 3,
        aws_splitline: None,
        out: root.join("docs/benchmarks-org.md"),
        parallel_accounts: 4,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--accounts" => {
                o.accounts = value()?
                    .split(',')
                    .map(|s| s.trim().parse::<usize>().map_err(|e| format!("--accounts {s}: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "--throttle-every" => o.throttle_every = value()?.parse().map_err(|e| format!("--throttle-every: {e}"))?,
            "--aws-splitline" => o.aws_splitline = Some(PathBuf::from(value()?)),
            "--out" => o.out = PathBuf::from(value()?),
            "--parallel-accounts" => {
                o.parallel_accounts = value()?.parse().map_err(|e| format!("--parallel-accounts: {e}"))?
            }
            other => {
                return Err(format!(
                    "unknown bench-org flag {other}; usage: cargo xtask bench-org [--accounts 11,101] [--throttle-every N (0: no throttled run)] [--parallel-accounts N] [--aws-splitline BIN] [--out FILE]"
                ));
            }
        }
    }
    Ok(o)
}
