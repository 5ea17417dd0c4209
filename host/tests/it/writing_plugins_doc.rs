//! Runs every shell block of docs/writing-plugins.md, in order, in a fresh
//! directory: the guide's commands work as written, and a scaffolded plugin
//! builds, passes the conformance suite and loads without edits.

use std::process::Command;

use crate::support::root;

fn shell_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```sh") => current = Some(String::new()),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some(block), l) => {
                block.push_str(l);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_command_in_the_guide_works() {
    let guide = std::fs::read_to_string(root().join("docs/writing-plugins.md")).unwrap();
    let blocks = shell_blocks(&guide);
    assert!(blocks.len() >= 6, "the guide's shell blocks were found: {blocks:#?}");
    let script = blocks.join("\n");
    for command in [
        "splitline plugin new",
        "cargo test",
        "cargo build --release --target wasm32-wasip2",
        "splitline plugins check",
        "splitline scan",
        "splitline plugins add",
    ] {
        assert!(script.contains(command), "the guide shows `{command}`");
    }

    let dir = tempfile::tempdir().unwrap();
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_splitline")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let mut cmd = Command::new("sh");
    cmd.args(["-eu", "-c", &script]).current_dir(dir.path()).env("PATH", path);
    cmd.env("SPLITLINE_CACHE_DIR", root().join("target/test-cache")).env("NO_COLOR", "1");
    for var in
        ["CARGO_TARGET_DIR", "RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS", "CARGO_BUILD_TARGET", "RUSTC_WORKSPACE_WRAPPER"]
    {
        cmd.env_remove(var);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the guide's commands failed:\nstdout:\n{stdout}\nstderr:\n{stderr}");

    assert!(stdout.contains("1 plugin(s) checked: 1 passed, 0 failed."), "conformance passed:\n{stdout}");
    assert!(stdout.contains("Pinned acme-owner"), "{stdout}");
    let listed = stdout.lines().rev().take_while(|l| !l.starts_with("NAME")).collect::<Vec<_>>();
    assert!(listed.iter().any(|l| l.starts_with("acme-owner")), "the pinned plugin loads on its own: {stdout}");

    let plugin_dir = dir.path().join("acme-owner");
    let result: serde_json::Value =
        serde_json::from_slice(&std::fs::read(plugin_dir.join("result.json")).unwrap()).unwrap();
    let mine: Vec<_> = result["findings"].as_array().unwrap().iter().filter(|f| f["plugin"] == "acme-owner").collect();
    assert!(!mine.is_empty(), "the scaffolded plugin reported on the demo");
    assert!(
        mine.iter().all(|f| f["status"] == "fail" && f["message"].as_str().unwrap().contains("cost-centre")),
        "the setting from splitline.toml reached the plugin: {mine:#?}"
    );
    assert!(plugin_dir.join("splitline.lock").is_file());
}
