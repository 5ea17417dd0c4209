//! Builds the first-party plugins (`plugins/*`) for `wasm32-wasip2` and
//! embeds them, so a `splitline` binary copied anywhere still has them.
//!
//! The nested cargo uses its own target directory (`target/wasm`) because
//! the outer build holds the lock on the main one.

use std::env;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest_dir.parent().unwrap().to_path_buf();
    for dir in ["plugins", "plugin-sdk/src", "plugin-sdk/Cargo.toml", "wit", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", root.join(dir).display());
    }

    let plugins = discover(&root.join("plugins"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    let target_dir = env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|d| if d.is_relative() { root.join(d) } else { d })
        .unwrap_or_else(|| root.join("target"))
        .join("wasm");

    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&root)
        .args(["build", "--profile", "plugin", "--target", "wasm32-wasip2", "--target-dir"])
        .arg(&target_dir);
    for (package, _) in &plugins {
        cmd.args(["-p", package]);
    }
    // Keep the outer build's settings from leaking into the wasm build.
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "CARGO_BUILD_TARGET",
        "CARGO_TARGET_DIR",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_MANIFEST_DIR",
        "CARGO_MANIFEST_PATH",
        "CARGO_PKG_NAME",
        "__CARGO_FIX_PLZ",
        "CARGO_LLVM_COV",
        "LLVM_PROFILE_FILE",
    ] {
        cmd.env_remove(var);
    }
    for (key, _) in env::vars() {
        if key.starts_with("CARGO_CFG_")
            || key.starts_with("CARGO_FEATURE_")
            || key.starts_with("DEP_")
            || key.starts_with("CARGO_PROFILE_")
        {
            cmd.env_remove(key);
        }
    }
    let status = cmd.status().expect("run cargo to build the first-party plugins");
    if !status.success() {
        panic!(
            "building the first-party plugins for wasm32-wasip2 failed (see the output above). \
             If the target is missing, run `rustup target add wasm32-wasip2`."
        );
    }

    let mut code =
        String::from("/// Built-in plugins: (name, component).\npub static PLUGINS: &[(&str, &[u8])] = &[\n");
    for (package, name) in &plugins {
        let file = target_dir.join("wasm32-wasip2/plugin").join(format!("{}.wasm", package.replace('-', "_")));
        assert!(file.is_file(), "expected plugin component at {}", file.display());
        writeln!(code, "    ({name:?}, include_bytes!({:?})),", file.display().to_string()).unwrap();
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("embedded_plugins.rs"), code).unwrap();
}

/// `(package name, plugin name)` of every crate under `plugins/`, sorted.
/// The plugin name is the directory name.
fn discover(dir: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read plugins/") {
        let path = entry.unwrap().path();
        let manifest = path.join("Cargo.toml");
        if !manifest.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&manifest).unwrap();
        let package = text
            .lines()
            .skip_while(|l| l.trim() != "[package]")
            .find_map(|l| {
                l.trim()
                    .strip_prefix("name")
                    .map(|r| r.trim().trim_start_matches('=').trim().trim_matches('"').to_string())
            })
            .unwrap_or_else(|| panic!("no package name in {}", manifest.display()));
        found.push((package, path.file_name().unwrap().to_string_lossy().into_owned()));
    }
    found.sort();
    found
}
