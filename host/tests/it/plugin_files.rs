//! Files passed with --plugin that are not usable plugins: one sentence
//! naming the file; the built-in plugins still run.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::support::{baseline_ids, finding_ids, fixture_plugin, json, run, splitline, temp_file};

/// Scans the demo with one refused plugin file: one sentence naming the
/// file, the built-in plugins' findings complete. Returns how long it took.
fn assert_refused(path: &std::path::Path, sentence: &str) -> Duration {
    let started = Instant::now();
    let r = run(splitline().args(["scan", "--demo", "--format", "json", "--plugin"]).arg(path));
    let elapsed = started.elapsed();
    assert_eq!(r.code, 2, "stderr: {}", r.stderr);
    let line = format!("error: plugin file {} {sentence}", path.display());
    let errors: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "exactly one error line: {}", r.stderr);
    assert!(errors[0].starts_with(&line), "expected `{line}…`, got: {}", errors[0]);
    assert!(errors[0].ends_with('.'), "one sentence: {}", errors[0]);
    let report = json(&r);
    let providers: BTreeSet<&str> =
        report["findings"].as_array().unwrap().iter().map(|f| f["provider"].as_str().unwrap()).collect();
    assert_eq!(providers.len(), 3, "built-in plugins still report");
    assert_eq!(finding_ids(&report), baseline_ids(), "the built-in plugins' findings are complete");
    assert_eq!(report["errors"].as_array().unwrap().len(), 1);
    assert_eq!(report["errors"][0]["kind"], "load");
    assert!(report["errors"][0]["message"].as_str().unwrap().contains(sentence), "{}", report["errors"][0]);
    assert!(elapsed < Duration::from_secs(10), "refusing {} took {elapsed:?}", path.display());
    elapsed
}

#[test]
fn garbage_file() {
    let (_d, p) = temp_file("garbage.wasm", b"this is not webassembly at all");
    assert_refused(&p, "is not a WebAssembly file");
}

#[test]
fn core_module_is_not_a_component() {
    // The smallest valid core module: magic + version 1.
    let (_d, p) = temp_file("core.wasm", b"\0asm\x01\0\0\0");
    assert_refused(&p, "is a core WebAssembly module, not a component");
}

#[test]
fn truncated_component() {
    let bytes = std::fs::read(fixture_plugin("splitline-test-hostile-panic")).unwrap();
    let (_d, p) = temp_file("truncated.wasm", &bytes[..bytes.len() / 2]);
    assert_refused(&p, "could not be compiled");
}

#[test]
fn component_for_another_contract_version() {
    let p = fixture_plugin("splitline-test-wrong-contract");
    assert_refused(&p, "targets contract splitline:plugin@0.2.0, but this host serves splitline:plugin@0.1.0");
}

#[test]
fn check_id_declared_twice() {
    let p = fixture_plugin("splitline-test-hostile-dupe-self");
    assert_refused(&p, "declares check id HOSTILE-DUPE-001 twice.");
}

#[test]
fn check_id_of_a_builtin_plugin() {
    let p = fixture_plugin("splitline-test-hostile-dupe-other");
    assert_refused(
        &p,
        "declares check id AWS-S3-001, which plugin aws-paas already declares; it was skipped (check ids must be unique).",
    );
    // The built-in check still answers for itself, and only it.
    let r = run(splitline().args(["checks", "show", "AWS-S3-001", "--plugin"]).arg(&p));
    assert!(r.stdout.contains("plugin:         aws-paas"), "{}", r.stdout);
}

#[test]
fn absurdly_large_metadata() {
    let p = fixture_plugin("splitline-test-hostile-metadata");
    let elapsed = assert_refused(&p, "declares check HOSTILE-METADATA-001 with a title longer than 200 characters.");
    assert!(elapsed < Duration::from_secs(5), "a 1 MiB title is refused quickly: {elapsed:?}");
    let r = run(splitline().args(["plugins", "list", "--plugin"]).arg(&p));
    assert!(r.stdout.len() + r.stderr.len() < 4096, "the title is never echoed:\n{}{}", r.stdout, r.stderr);
}

#[test]
fn component_of_another_world() {
    let p = fixture_plugin("splitline-test-hostile-other-world");
    assert_refused(
        &p,
        "does not export the splitline:plugin interface, so it is not a splitline plugin (it exports: run, example:greeter/greet).",
    );
}

#[test]
fn component_importing_a_host_function() {
    let p = fixture_plugin("splitline-test-hostile-exfil");
    assert_refused(
        &p,
        "imports `acme:evil/exfil`, which splitline does not provide: plugins may import nothing but WASI, and WASI grants them nothing.",
    );
}

#[test]
fn missing_file() {
    let p = std::env::temp_dir().join("splitline-no-such-plugin.wasm");
    assert_refused(&p, "cannot be read");
}

#[test]
fn plugins_directory_loads_every_component_in_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture_plugin("splitline-test-hostile-snoop"), dir.path().join("snoop.wasm")).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a plugin, not a .wasm: ignored").unwrap();
    let r = run(splitline().args(["plugins", "list", "--plugins-dir"]).arg(dir.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("hostile-snoop") && r.stdout.contains("snoop.wasm"), "{}", r.stdout);
    assert!(r.stdout.contains("aws-paas"), "built-ins load too: {}", r.stdout);
}
