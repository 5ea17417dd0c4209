//! `cargo xtask bench [--sizes 10000,100000,1000000] [--smoke] [--moto]
//! [--seed S] [--jobs J] [--out FILE]`: the benchmark suite.
//!
//! Builds splitline (release, without the cloud collectors) and the
//! `sandbox-overhead` helper, generates the synthetic estates
//! ([`generate`]), measures evaluation throughput, the sandbox's overhead
//! over the native path, start-up (cold and warm `scan --demo`) and, with
//! `--moto`, collection against a moto server ([`moto`]), and writes the
//! Markdown tables ([`report`]) to `docs/benchmarks.md`.
//!
//! `--smoke` (CI): tiny sizes, debug build, results to `target/bench/`;
//! asserts only that everything ran and produced a table, never a time.

mod generate;
mod measure;
mod moto;
pub mod org;
mod report;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use measure::Cost;

pub struct Options {
    pub sizes: Vec<usize>,
    pub smoke: bool,
    pub moto: Option<Vec<usize>>,
    pub seed: u64,
    pub jobs: usize,
    pub out: PathBuf,
    /// Time the evaluation of sizes up to this many resources several times
    /// (best of three); larger sizes once.
    pub repeat_up_to: usize,
    /// Only write the estates.
    pub generate_only: bool,
    /// Use the binaries already built.
    pub no_build: bool,
    /// Measure this splitline binary instead of the one built (e.g. an older
    /// build, for before/after figures).
    pub splitline: Option<PathBuf>,
    /// The build with the `aws` feature for the moto benchmark (default:
    /// build it, in debug).
    pub aws_splitline: Option<PathBuf>,
}

/// One `scan --inventory` measurement.
pub struct Throughput {
    pub estate: generate::Estate,
    pub cost: Cost,
    pub runs: usize,
    pub findings: Option<(u64, u64)>,
}

pub struct Overhead {
    pub resources: usize,
    pub jobs: usize,
    pub threads: usize,
    pub native: f64,
    pub wasm: f64,
    pub findings: u64,
}

pub struct Startup {
    pub cold: Vec<Cost>,
    pub warm: Vec<Cost>,
}

pub struct Results {
    pub options_line: String,
    pub profile: &'static str,
    pub throughput: Vec<Throughput>,
    pub overhead: Vec<Overhead>,
    pub startup: Startup,
    pub moto: Vec<moto::Collection>,
}

pub fn main(args: &[String]) -> Result<ExitCode, String> {
    let opts = parse(args)?;
    let root = crate::root();
    let target = target_dir(&root);
    let profile = if opts.smoke { "debug" } else { "release" };
    let work = target.join("bench");
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;

    // 1. The estates (kept in target/bench/ for the next run).
    let demo_inventory = root.join("host/assets/demo-inventory.json");
    for &n in &opts.sizes {
        estate(&work, &demo_inventory, n, opts.seed)?;
    }
    if opts.generate_only {
        return Ok(ExitCode::SUCCESS);
    }

    // The smoke run is part of the test command: same build settings.
    let mut build = if opts.smoke { crate::cargo_for_tests() } else { crate::cargo() };
    build.args(["build", "-p", "splitline", "-p", "splitline-bench", "--no-default-features"]);
    if !opts.smoke {
        build.arg("--release");
    }
    if !opts.no_build {
        crate::run(&mut build)?;
    }
    let bin = opts.splitline.clone().unwrap_or_else(|| target.join(profile).join("splitline"));
    let overhead_bin = target.join(profile).join("sandbox-overhead");

    // A private compile cache: warm runs use it, cold runs get an empty one.
    let cache = work.join("cache");
    let warm_env = |cmd: &mut Command| {
        cmd.env("SPLITLINE_CACHE_DIR", &cache).env_remove("RUST_LOG");
    };

    // 4. Start-up: cold first (empty cache), which also fills the warm cache.
    let runs = if opts.smoke { 1 } else { 5 };
    let mut startup = Startup { cold: Vec::new(), warm: Vec::new() };
    for i in 0..runs {
        let _ = std::fs::remove_dir_all(&cache);
        let c = measure::run(demo(&bin).tap(warm_env), false)?;
        check_exit(&c, "scan --demo (cold)")?;
        eprintln!("bench: cold scan --demo #{}: {}", i + 1, measure::secs(c.wall));
        startup.cold.push(c);
    }
    for i in 0..runs {
        let c = measure::run(demo(&bin).tap(warm_env), false)?;
        check_exit(&c, "scan --demo (warm)")?;
        eprintln!("bench: warm scan --demo #{}: {}", i + 1, measure::secs(c.wall));
        startup.warm.push(c);
    }

    // 2. Evaluation throughput.
    let mut throughput = Vec::new();
    let mut overhead = Vec::new();
    for &n in &opts.sizes {
        let (file, estate) = estate(&work, &demo_inventory, n, opts.seed)?;
        let out = work.join(format!("result-{n}.json"));
        let repeat = if n <= opts.repeat_up_to && !opts.smoke { 3 } else { 1 };
        let mut best: Option<Cost> = None;
        for _ in 0..repeat {
            let mut cmd = Command::new(&bin);
            cmd.args(["scan", "--inventory"])
                .arg(&file)
                .args(["--format", "json", "--fail-on", "never", "--jobs", &opts.jobs.to_string(), "-o"])
                .arg(&out);
            warm_env(&mut cmd);
            let c = measure::run(&mut cmd, false)?;
            check_exit(&c, &format!("scan --inventory ({n} resources)"))?;
            eprintln!(
                "bench: scan of {n} resources: {} wall, {} peak RSS, {} CPU",
                measure::secs(c.wall),
                measure::mib(c.peak_rss),
                measure::secs(c.cpu())
            );
            if best.is_none_or(|b| c.wall < b.wall) {
                best = Some(c);
            }
        }
        let findings = if n <= 200_000 { summary(&out) } else { None };
        let _ = std::fs::remove_file(&out);
        throughput.push(Throughput { estate, cost: best.expect("ran at least once"), runs: repeat, findings });

        // 3. Sandbox overhead, on the same inventory (up to 100 k: the
        // helper holds the inventory and every job's input twice).
        if n <= 100_000 && overhead_bin.is_file() {
            let mut cmd = Command::new(&overhead_bin);
            cmd.arg(&file).args(["--jobs", &opts.jobs.to_string(), "--repeat", if opts.smoke { "1" } else { "3" }]);
            warm_env(&mut cmd);
            eprintln!("$ {}", crate::describe(&cmd));
            let o = cmd.output().map_err(|e| format!("cannot run {}: {e}", overhead_bin.display()))?;
            if !o.status.success() {
                return Err(format!("sandbox-overhead failed: {}", String::from_utf8_lossy(&o.stderr)));
            }
            let v: serde_json::Value =
                serde_json::from_slice(&o.stdout).map_err(|e| format!("sandbox-overhead: {e}"))?;
            let f = |k: &str| v[k].as_f64().unwrap_or(0.0);
            let o = Overhead {
                resources: f("resources") as usize,
                jobs: f("jobs") as usize,
                threads: f("threads") as usize,
                native: f("native_s"),
                wasm: f("wasm_s"),
                findings: f("findings") as u64,
            };
            eprintln!(
                "bench: {n} resources: native {:.3} s, WASM {:.3} s, ratio {:.2}",
                o.native,
                o.wasm,
                o.wasm / o.native
            );
            overhead.push(o);
        }
    }

    // 5. Collection against moto.
    let mut collections = Vec::new();
    if let Some(sizes) = &opts.moto {
        collections = moto::run(&root, &target, &work, sizes, opts.smoke, opts.aws_splitline.as_deref())?;
    }

    let results = Results { options_line: args.join(" "), profile, throughput, overhead, startup, moto: collections };
    let table = report::render(&root, &opts, &results);
    if let Some(dir) = opts.out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let existing = std::fs::read_to_string(&opts.out).ok();
    let doc = report::splice(existing.as_deref(), &table);
    std::fs::write(&opts.out, &doc).map_err(|e| format!("cannot write {}: {e}", opts.out.display()))?;
    if !table.contains("| N |") || results.throughput.is_empty() {
        return Err("the benchmark produced no table".into());
    }
    eprintln!("bench: wrote {}", opts.out.display());
    Ok(ExitCode::SUCCESS)
}

/// The estate of `n` resources: generated, or reused when already there.
fn estate(work: &Path, demo: &Path, n: usize, seed: u64) -> Result<(PathBuf, generate::Estate), String> {
    let file = work.join(format!("estate-{n}-{seed}.json"));
    let meta = file.with_extension("meta");
    if let Some(e) = read_meta(&meta).filter(|e| file.is_file() && e.resources == n) {
        return Ok((file, e));
    }
    eprintln!("bench: generating {n} resources (seed {seed}) into {}", file.display());
    let started = std::time::Instant::now();
    let e = generate::generate(demo, n, seed, &file)?;
    eprintln!("bench: generated {} in {}", measure::mib(e.bytes), measure::secs(started.elapsed()));
    write_meta(&meta, &e)?;
    Ok((file, e))
}

fn parse(args: &[String]) -> Result<Options, String> {
    let root = crate::root();
    let smoke = args.iter().any(|a| a == "--smoke");
    let mut opts = Options {
        sizes: if smoke { vec![500, 1000] } else { vec![10_000, 100_000, 1_000_000] },
        smoke,
        moto: None,
        seed: 42,
        jobs: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2),
        out: if smoke { target_dir(&root).join("bench/benchmarks-smoke.md") } else { root.join("docs/benchmarks.md") },
        repeat_up_to: 100_000,
        generate_only: false,
        no_build: false,
        splitline: None,
        aws_splitline: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{a} needs a value"));
        let list = |v: String| -> Result<Vec<usize>, String> {
            v.split(',').map(|s| s.trim().replace('_', "").parse().map_err(|_| format!("bad size {s:?}"))).collect()
        };
        match a.as_str() {
            "--smoke" => {}
            "--generate-only" => opts.generate_only = true,
            "--no-build" => opts.no_build = true,
            "--splitline" => opts.splitline = Some(PathBuf::from(value()?)),
            "--aws-splitline" => opts.aws_splitline = Some(PathBuf::from(value()?)),
            "--sizes" => opts.sizes = list(value()?)?,
            "--moto" => opts.moto = Some(if smoke { vec![5] } else { vec![100, 500] }),
            "--moto-sizes" => opts.moto = Some(list(value()?)?),
            "--seed" => opts.seed = value()?.parse().map_err(|_| "bad --seed")?,
            "--jobs" => opts.jobs = value()?.parse().map_err(|_| "bad --jobs")?,
            "--out" => opts.out = PathBuf::from(value()?),
            other => {
                return Err(format!(
                    "unknown bench flag {other}; usage: cargo xtask bench [--sizes 10000,100000,1000000] [--smoke] [--moto] [--moto-sizes 100,500] [--seed S] [--jobs J] [--out FILE] [--generate-only] [--no-build] [--splitline BIN] [--aws-splitline BIN]"
                ));
            }
        }
    }
    Ok(opts)
}

pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|d| if d.is_relative() { root.join(d) } else { d })
        .unwrap_or_else(|| root.join("target"))
}

fn demo(bin: &Path) -> Command {
    let mut cmd = Command::new(bin);
    cmd.args(["scan", "--demo", "--fail-on", "never"]);
    cmd
}

fn check_exit(c: &Cost, what: &str) -> Result<(), String> {
    if c.exit_code == 0 { Ok(()) } else { Err(format!("{what} exited with {}", c.exit_code)) }
}

/// `(findings, failed)` from a JSON result.
fn summary(path: &Path) -> Option<(u64, u64)> {
    let file = std::fs::File::open(path).ok()?;
    let v: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(file)).ok()?;
    let t = &v["summary"]["totals"];
    let n = |k: &str| t[k].as_u64().unwrap_or(0);
    Some((n("pass") + n("fail") + n("error") + n("manual") + n("not_applicable"), n("fail")))
}

fn read_meta(path: &Path) -> Option<generate::Estate> {
    let text = std::fs::read_to_string(path).ok()?;
    let v: Vec<u64> = text.split_whitespace().filter_map(|s| s.parse().ok()).collect();
    if v.len() != 6 || v[5] != generate::VERSION {
        return None;
    }
    Some(generate::Estate {
        resources: v[0] as usize,
        accounts: v[1] as usize,
        kinds: v[2] as usize,
        bytes: v[3],
        flipped: v[4] as usize,
    })
}

fn write_meta(path: &Path, e: &generate::Estate) -> Result<(), String> {
    std::fs::write(
        path,
        format!("{} {} {} {} {} {}\n", e.resources, e.accounts, e.kinds, e.bytes, e.flipped, generate::VERSION),
    )
    .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `cmd.tap(f)`: apply `f` and keep chaining.
trait Tap {
    fn tap(&mut self, f: impl Fn(&mut Self)) -> &mut Self;
}

impl Tap for Command {
    fn tap(&mut self, f: impl Fn(&mut Self)) -> &mut Self {
        f(self);
        self
    }
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}
