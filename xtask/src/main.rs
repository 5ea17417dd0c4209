//! Project automation, std only so it builds in seconds.
//!
//! - `cargo xtask demo`: installs what is missing, builds splitline and
//!   scans the bundled demo inventory.
//! - `cargo xtask test`: installs what is missing (the wasm32-wasip2 target;
//!   componentize-py and componentize-js into `.tools/`; moto server,
//!   gcp-storage-emulator and Azurite into `.tools/emulators/`), builds the Python
//!   and JavaScript example plugins, then format check, clippy, the example
//!   plugins' own tests, and every test of the workspace.
//!
//! Both are idempotent: a second run only re-does what changed.

mod bench;
mod browser;
mod disk;
mod emulators;
mod polyglot;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(&args[1..]),
        Some("test") => test(),
        Some("setup") => setup().and_then(|_| polyglot::install_tools(&root()).map(|_| ExitCode::SUCCESS)),
        Some("emulators") => emulators::install(&root()).map(|_| ExitCode::SUCCESS),
        Some("bench") => bench::main(&args[1..]),
        Some("bench-org") => bench::org::main(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <demo [scan flags…] | test | setup | emulators | bench [flags] | bench-org [flags]>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// The directory cargo builds into (CARGO_TARGET_DIR, else `target/`).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

/// cargo for the test command's builds. Incremental compilation is off
/// unless the caller set CARGO_INCREMENTAL: on a clean clone it only adds
/// gigabytes of caches (about a third of the target directory) that a
/// one-shot CI run never reads again.
fn cargo_for_tests() -> Command {
    let mut cmd = cargo();
    if std::env::var_os("CARGO_INCREMENTAL").is_none() {
        cmd.env("CARGO_INCREMENTAL", "0");
    }
    cmd
}

/// Runs a command, echoing it; fails with its description when it fails.
fn run(cmd: &mut Command) -> Result<(), String> {
    eprintln!("$ {}", describe(cmd));
    let status = cmd.status().map_err(|e| format!("cannot run {}: {e}", describe(cmd)))?;
    if status.success() { Ok(()) } else { Err(format!("`{}` failed ({status})", describe(cmd))) }
}

fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program().to_string_lossy().into_owned())
        .chain(cmd.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Installs what the build and tests need that cargo does not fetch.
fn setup() -> Result<ExitCode, String> {
    let installed =
        Command::new("rustup").current_dir(root()).args(["target", "list", "--installed"]).output().map_err(|e| {
            format!("rustup is needed to add the wasm32-wasip2 target ({e}); install it from https://rustup.rs")
        })?;
    if !String::from_utf8_lossy(&installed.stdout).lines().any(|l| l.trim() == "wasm32-wasip2") {
        run(Command::new("rustup").current_dir(root()).args(["target", "add", "wasm32-wasip2"]))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds splitline and scans the demo inventory. Exit 0 also when the
/// report has failed findings: showing them is the point of the demo.
fn demo(extra: &[String]) -> Result<ExitCode, String> {
    setup()?;
    // The demo reads the bundled inventory: the cloud collectors (and their
    // SDKs, most of a clean build's time) are not needed for it.
    run(cargo().args(["build", "-p", "splitline", "--no-default-features"]))?;
    let bin = root().join("target/debug/splitline");
    let mut cmd = Command::new(&bin);
    cmd.args(["scan", "--demo"]).args(extra);
    eprintln!("$ {}", describe(&cmd));
    let status = cmd.status().map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    match status.code() {
        Some(0) | Some(1) => Ok(ExitCode::SUCCESS),
        _ => Err(format!("the demo scan did not complete ({status})")),
    }
}

/// Everything CI runs.
fn test() -> Result<ExitCode, String> {
    setup()?;
    disk::preflight(&target_dir(), disk::TEST_BUILD_NEEDS_GIB);
    polyglot::install_tools(&root())?;
    emulators::install(&root())?;
    browser::install()?;
    let py = polyglot::build_python(&root())?;
    let js = polyglot::build_js(&root())?;
    eprintln!("xtask: example plugins in {} and {}", py.display(), js.display());
    let bindings = polyglot::python_bindings(&root())?;
    run(Command::new("python3").current_dir(root()).env("PYTHONPATH", bindings).args([
        "-m",
        "unittest",
        "discover",
        "-s",
        "examples/python-plugin",
    ]))?;
    run(Command::new("node").current_dir(root()).args(["--test", "examples/js-plugin/"]))?;
    run(cargo().args(["fmt", "--all", "--check"]))?;
    run(cargo_for_tests().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
    run(cargo_for_tests().args(["test", "--workspace"]).env("CI", "true"))?;
    bench::main(&["--smoke".into()])?; // runs the benchmark suite at tiny sizes: no timing asserted
    if let Some(free) = disk::free_bytes(&target_dir()) {
        eprintln!("xtask: {:.1} GiB still free for {}", free as f64 / (1u64 << 30) as f64, target_dir().display());
    }
    eprintln!("xtask: all checks passed");
    Ok(ExitCode::SUCCESS)
}
