//! Test support: run the real `splitline` binary, and build the fixture
//! plugins under `host/tests/plugins/` for wasm32-wasip2 once per run.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The `splitline` binary with a shared compile cache and no colour.
pub fn splitline() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_splitline"));
    cmd.env("SPLITLINE_CACHE_DIR", root().join("target/test-cache"))
        .env("NO_COLOR", "1")
        .env_remove("RUST_LOG")
        .current_dir(std::env::temp_dir());
    isolate_from_cloud_credentials(&mut cmd);
    cmd
}

/// No test may reach a real cloud account: the developer's or CI's cloud
/// credentials (environment and home-directory files) are hidden from every
/// `splitline` the tests start. Collector tests set their emulator's
/// endpoint and fake credentials explicitly.
pub fn isolate_from_cloud_credentials(cmd: &mut Command) {
    const PREFIXES: [&str; 7] =
        ["AWS_", "AZURE_", "ARM_", "GOOGLE_", "CLOUDSDK_", "SPLITLINE_AZURE_", "SPLITLINE_GCP_"];
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if PREFIXES.iter().any(|p| k.starts_with(p))
            || ["IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "MSI_SECRET", "STORAGE_EMULATOR_HOST"]
                .contains(&k.as_str())
        {
            cmd.env_remove(&k);
        }
    }
    // cargo and rustup find their homes through HOME unless told: keep them.
    if let Some(real) = std::env::var_os("HOME") {
        let real = std::path::PathBuf::from(real);
        if std::env::var_os("CARGO_HOME").is_none() {
            cmd.env("CARGO_HOME", real.join(".cargo"));
        }
        if std::env::var_os("RUSTUP_HOME").is_none() {
            cmd.env("RUSTUP_HOME", real.join(".rustup"));
        }
    }
    let home = root().join("target/test-home");
    std::fs::create_dir_all(&home).expect("test home directory");
    cmd.env("HOME", &home);
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let Output { status, stdout, stderr } = cmd.output().expect("run splitline");
    Run {
        code: status.code().expect("exited normally"),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", run.stdout, run.stderr))
}

/// Ids of a report's findings.
pub fn finding_ids(report: &serde_json::Value) -> BTreeSet<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect()
}

/// Finding ids of a clean `scan --demo`: the built-in plugins alone.
pub fn baseline_ids() -> BTreeSet<String> {
    static IDS: OnceLock<BTreeSet<String>> = OnceLock::new();
    IDS.get_or_init(|| finding_ids(&json(&run(splitline().args(["scan", "--demo", "--format", "json"]))))).clone()
}

const FIXTURES: &[&str] = &[
    "splitline-test-hostile-loop",
    "splitline-test-hostile-alloc",
    "splitline-test-hostile-panic",
    "splitline-test-hostile-liar",
    "splitline-test-hostile-snoop",
    "splitline-test-hostile-recursion",
    "splitline-test-hostile-flood",
    "splitline-test-hostile-alias",
    "splitline-test-hostile-dupe-self",
    "splitline-test-hostile-dupe-other",
    "splitline-test-hostile-metadata",
    "splitline-test-hostile-escapes",
    "splitline-test-hostile-other-world",
    "splitline-test-hostile-exfil",
    "splitline-test-wrong-contract",
    "acme-tagging",
];

/// How many plugins are built into the binary (one per folder under plugins/).
pub fn builtin_count() -> usize {
    std::fs::read_dir(root().join("plugins"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("Cargo.toml").is_file())
        .count()
}

/// Path of a fixture plugin's component, building all of them on first use.
pub fn fixture_plugin(package: &str) -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    assert!(FIXTURES.contains(&package), "unknown fixture {package}");
    let dir = BUILT.get_or_init(|| {
        let target = root().join("target/wasm");
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.current_dir(root()).args(["build", "--release", "--target", "wasm32-wasip2", "--target-dir"]).arg(&target);
        for p in FIXTURES {
            cmd.args(["-p", p]);
        }
        for var in [
            "RUSTFLAGS",
            "CARGO_ENCODED_RUSTFLAGS",
            "CARGO_TARGET_DIR",
            "CARGO_BUILD_TARGET",
            "RUSTC_WORKSPACE_WRAPPER",
        ] {
            cmd.env_remove(var);
        }
        let out = cmd.output().expect("run cargo");
        assert!(out.status.success(), "building fixture plugins failed:\n{}", String::from_utf8_lossy(&out.stderr));
        target.join("wasm32-wasip2/release")
    });
    dir.join(format!("{}.wasm", package.replace('-', "_")))
}

/// Writes a file into a fresh temporary directory.
pub fn temp_file(name: &str, contents: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    (dir, path)
}

/// A finding reduced to what an end-to-end test asserts: (check id, resource id, status).
#[cfg(any(feature = "aws", feature = "azure", feature = "gcp"))]
pub type FindingTriple = (String, String, String);

/// The findings of one provider in a JSON report, as triples.
#[cfg(any(feature = "aws", feature = "azure", feature = "gcp"))]
pub fn finding_triples(report: &serde_json::Value, provider: &str) -> std::collections::BTreeSet<FindingTriple> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["provider"] == provider)
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("check_id"), s("resource_id"), s("status"))
        })
        .collect()
}

/// Asserts that `actual` is exactly the set in the expected-findings file
/// (a JSON list of `[check, resource, status]`), naming what is missing and
/// what is extra. With `SPLITLINE_UPDATE_EXPECTED=1` the file is rewritten
/// instead, for a deliberate change whose diff is then reviewed.
#[cfg(any(feature = "aws", feature = "azure", feature = "gcp"))]
pub fn assert_expected_findings(path: &std::path::Path, actual: &std::collections::BTreeSet<FindingTriple>) {
    if std::env::var_os("SPLITLINE_UPDATE_EXPECTED").is_some() {
        let rows: Vec<String> = actual.iter().map(|(c, r, s)| format!("  {}", serde_json::json!([c, r, s]))).collect();
        std::fs::write(path, format!("[\n{}\n]\n", rows.join(",\n"))).expect("write the expected findings");
        return;
    }
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!("cannot read {}: {e} (generate it with SPLITLINE_UPDATE_EXPECTED=1)", path.display())
    });
    let expected: Vec<[String; 3]> = serde_json::from_str(&text).expect("a list of [check, resource, status]");
    let expected: std::collections::BTreeSet<FindingTriple> = expected.into_iter().map(|[c, r, s]| (c, r, s)).collect();
    let missing: Vec<_> = expected.difference(actual).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "findings differ from {}\nmissing: {missing:#?}\nextra: {extra:#?}",
        path.display()
    );
}

/// Finding ids and statuses of a result: what two runs of one estate must agree on.
pub fn statuses(report: &serde_json::Value) -> std::collections::BTreeSet<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_str().unwrap().to_string(), f["status"].as_str().unwrap().to_string()))
        .collect()
}
