//! The contract is language-neutral: example plugins written in Python
//! (componentize-py) and JavaScript (componentize-js) load, report on the
//! demo inventory and pass the conformance suite. `cargo xtask test` builds
//! them into target/polyglot/ before the tests run.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::support::{json, root, run, splitline};

fn component(name: &str) -> PathBuf {
    let path = root().join("target/polyglot").join(name);
    assert!(
        path.is_file(),
        "{} is missing: run `cargo xtask test`, which builds the Python and JavaScript example plugins",
        path.display()
    );
    path
}

#[test]
fn python_and_javascript_plugins_report_on_the_demo() {
    let py = component("py-iam-hygiene.wasm");
    let js = component("js-firewall.wasm");
    let r = run(splitline().args(["scan", "--demo", "--format", "json", "--plugin"]).arg(&py).arg("--plugin").arg(&js));
    assert_eq!(r.code, 1, "loaded without errors, failures found: {}", r.stderr);
    let report = json(&r);
    assert_eq!(report["errors"].as_array().unwrap().len(), 0, "{}", report["errors"]);
    for plugin in ["py-iam-hygiene", "js-firewall"] {
        let statuses: BTreeSet<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["plugin"] == plugin)
            .map(|f| f["status"].as_str().unwrap())
            .collect();
        assert!(statuses.contains("pass") && statuses.contains("fail"), "{plugin}: {statuses:?}");
    }
    // The Python plugin's console user without MFA.
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["check_id"] == "PYEX-IAM-001" && f["status"] == "fail" && f["resource_name"] == "j.smith")
    );
}

#[test]
fn python_and_javascript_plugins_pass_the_conformance_suite() {
    let r = run(splitline()
        .args(["plugins", "check"])
        .arg(component("py-iam-hygiene.wasm"))
        .arg(component("js-firewall.wasm")));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("2 plugin(s) checked: 2 passed, 0 failed."), "{}", r.stdout);
}

#[test]
fn python_plugin_reads_its_settings() {
    let (_d, config) = crate::support::temp_file(
        "splitline.toml",
        b"[plugins.py-iam-hygiene]\nsettings = { max-key-age-days = 10000 }\n",
    );
    let r = run(splitline()
        .args(["scan", "--demo", "--format", "json", "--no-builtin", "--plugin"])
        .arg(component("py-iam-hygiene.wasm"))
        .arg("--config")
        .arg(&config));
    let report = json(&r);
    let age: Vec<_> =
        report["findings"].as_array().unwrap().iter().filter(|f| f["check_id"] == "PYEX-IAM-002").collect();
    assert!(age.iter().any(|f| f["status"] == "pass"), "{age:#?}");
    assert!(age.iter().all(|f| f["status"] != "fail"), "no key is older than 10000 days: {age:#?}");
}
