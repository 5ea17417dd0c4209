//! The config file: unknown keys are errors naming key and file; plugin
//! sections switch plugins off.

use crate::support::{json, run, splitline, temp_file};

#[test]
fn unknown_key_is_named_with_file_and_line() {
    let (_d, p) = temp_file("splitline.toml", b"[scan]\nfail-on = \"high\"\ntimeout = 3\n");
    let r = run(splitline().args(["scan", "--demo", "--config"]).arg(&p));
    assert_eq!(r.code, 2);
    let expected =
        format!("error: config file {} is invalid at line 3, column 1: unknown field `timeout`", p.display());
    assert!(r.stderr.starts_with(&expected), "{}", r.stderr);
}

#[test]
fn config_in_working_directory_is_found() {
    let (dir, _p) = temp_file("splitline.toml", b"[scan]\nfail-on = \"never\"\nformat = \"json\"\n");
    let r = run(splitline().current_dir(dir.path()).args(["scan", "--demo"]));
    assert_eq!(r.code, 0, "fail-on never from ./splitline.toml: {}", r.stderr);
    json(&r);
}

#[test]
fn disabled_plugin_does_not_run() {
    let (_d, p) = temp_file("splitline.toml", b"[plugins.aws-paas]\nenabled = false\n");
    let r = run(splitline().args(["scan", "--demo", "--format", "json", "--config"]).arg(&p));
    let report = json(&r);
    assert!(report["findings"].as_array().unwrap().iter().all(|f| f["plugin"] != "aws-paas"));
    assert!(report["findings"].as_array().unwrap().iter().any(|f| f["provider"] == "azure"));
}
