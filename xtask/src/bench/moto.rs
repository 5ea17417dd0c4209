//! Collection against a moto server: `splitline scan --provider aws` (a
//! build with the `aws` feature) on an estate of N resources per family
//! (`moto_seed.py`), measuring the scan's wall time, API calls (from
//! `--api-log`), peak RSS and CPU, and moto's own CPU time during the scan
//! (from `/proc/PID/stat` before and after): the emulator's work is the floor.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::measure::{self, Cost};

pub const DESCRIPTION: &str = "A fresh moto server per size (`MOTO_EC2_LOAD_DEFAULT_AMIS=false`), seeded by \
`xtask/src/bench/moto_seed.py` with N S3 buckets, security groups, EBS volumes, IAM users, IAM roles, IAM policies, \
KMS keys and Lambda functions in us-east-1 (a mix of good and bad configurations); then `splitline scan --provider aws \
--region us-east-1 --format json --fail-on never --api-log calls.jsonl` with all first-party plugins. moto's CPU time \
is read from `/proc/PID/stat` before and after the scan. \"Repeated calls\" counts calls of a per-resource operation \
beyond one per seeded resource of its family (0 means each configuration was fetched once).";

pub struct Collection {
    pub per_family: usize,
    pub seeded: usize,
    pub cost: Cost,
    pub calls: usize,
    pub repeated: usize,
    pub moto_cpu: Duration,
    pub top_operations: String,
}

/// A moto server stopped on drop.
pub(super) struct Moto(pub Child);

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn run(
    root: &Path,
    target: &Path,
    work: &Path,
    sizes: &[usize],
    smoke: bool,
    prebuilt: Option<&Path>,
) -> Result<Vec<Collection>, String> {
    crate::emulators::install(root)?;
    let venv = root.join(".tools/emulators/venv/bin");
    let bin = aws_binary(target, work, prebuilt)?;

    let mut out = Vec::new();
    for &n in sizes {
        let (moto, url) = start(&venv, &work.join(format!("moto-{n}.log")))?;
        let home = work.join(format!("home-{n}"));
        std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
        let aws_env = |cmd: &mut Command| aws_env(cmd, &url, &home);
        eprintln!("bench: seeding moto with {n} resources per family");
        let started = Instant::now();
        let mut seed = Command::new(venv.join("python"));
        seed.arg(root.join("xtask/src/bench/moto_seed.py")).args(["--per-family", &n.to_string()]);
        aws_env(&mut seed);
        let o = seed.output().map_err(|e| format!("cannot run moto_seed.py: {e}"))?;
        if !o.status.success() {
            return Err(format!("moto_seed.py failed: {}", String::from_utf8_lossy(&o.stderr)));
        }
        let seeded =
            serde_json::from_slice::<serde_json::Value>(&o.stdout).ok().and_then(|v| v["seeded"].as_u64()).unwrap_or(0);
        eprintln!("bench: seeded {seeded} resources in {}", measure::secs(started.elapsed()));

        let api_log = work.join(format!("moto-calls-{n}.jsonl"));
        let mut cmd = Command::new(&bin);
        cmd.args([
            "scan",
            "--provider",
            "aws",
            "--region",
            "us-east-1",
            "--format",
            "json",
            "--fail-on",
            "never",
            "-o",
        ])
        .arg(work.join(format!("moto-result-{n}.json")))
        .arg("--api-log")
        .arg(&api_log)
        .env("SPLITLINE_CACHE_DIR", work.join("cache"));
        aws_env(&mut cmd);
        let before = measure::process_cpu(moto.0.id()).ok_or("cannot read moto's CPU time")?;
        let cost = measure::run(&mut cmd, smoke)?;
        let after = measure::process_cpu(moto.0.id()).ok_or("cannot read moto's CPU time")?;
        // Exit 2: moto cannot answer every call (coverage gaps), see docs/collect-aws.md.
        if !(0..=2).contains(&cost.exit_code) {
            return Err(format!("the scan against moto exited with {}", cost.exit_code));
        }
        let (calls, by_op) = count_calls(&api_log)?;
        let repeated = by_op.values().map(|&c| c.saturating_sub(n.max(1) * 2)).sum();
        let mut ops: Vec<(&String, &usize)> = by_op.iter().collect();
        ops.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top_operations = ops.iter().take(12).map(|(op, c)| format!("{op} {c}")).collect::<Vec<_>>().join(", ");
        eprintln!(
            "bench: moto {n}/family: {} wall, {calls} calls, {} peak RSS, moto CPU {}",
            measure::secs(cost.wall),
            measure::mib(cost.peak_rss),
            measure::secs(after.saturating_sub(before))
        );
        out.push(Collection {
            per_family: n,
            seeded: seeded as usize,
            cost,
            calls,
            repeated,
            moto_cpu: after.saturating_sub(before),
            top_operations,
        });
        drop(moto);
        let _ = std::fs::remove_dir_all(&home);
    }
    Ok(out)
}

/// A splitline with the `aws` feature, copied to `work/splitline-aws` (later
/// builds in the target dir do not change what is measured): `prebuilt`, or
/// a debug build (a release build with the SDKs costs far more than the
/// measurement is worth on two cores; collection waits on moto).
pub(super) fn aws_binary(target: &Path, work: &Path, prebuilt: Option<&Path>) -> Result<std::path::PathBuf, String> {
    let built = match prebuilt {
        Some(path) => path.to_path_buf(),
        None => {
            crate::run(crate::cargo().args([
                "build",
                "-p",
                "splitline",
                "--no-default-features",
                "--features",
                "aws",
            ]))?;
            target.join("debug/splitline")
        }
    };
    let bin = work.join("splitline-aws");
    std::fs::copy(&built, &bin).map_err(|e| format!("cannot copy the aws build {}: {e}", built.display()))?;
    Ok(bin)
}

/// A fresh moto server on a free port (its output to `log`), and its URL.
pub(super) fn start(venv: &Path, log: &Path) -> Result<(Moto, String), String> {
    let port = free_port()?;
    let log = std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let child = Command::new(venv.join("moto_server"))
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .env("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("cannot start moto_server: {e}"))?;
    let moto = Moto(child);
    wait_ready(port)?;
    Ok((moto, format!("http://127.0.0.1:{port}")))
}

/// Points `cmd` at a moto endpoint with moto's default credentials, and
/// nothing of the caller's AWS environment.
pub(super) fn aws_env(cmd: &mut Command, url: &str, home: &Path) {
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("AWS_ENDPOINT_URL", url)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("HOME", home);
}

/// Total calls and calls per `service:operation`.
fn count_calls(path: &Path) -> Result<(usize, BTreeMap<String, usize>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut by_op = BTreeMap::new();
    let mut total = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("API log: {e}"))?;
        let op = format!("{}:{}", v["service"].as_str().unwrap_or("?"), v["operation"].as_str().unwrap_or("?"));
        *by_op.entry(op).or_insert(0) += 1;
        total += 1;
    }
    Ok((total, by_op))
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn wait_ready(port: u16) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!("moto_server did not listen on port {port} within 60 s"))
}
