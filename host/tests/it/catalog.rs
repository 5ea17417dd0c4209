//! The check catalog of every first-party plugin: ids unique across
//! plugins, metadata complete, and a snapshot that shows every addition.

use std::collections::BTreeMap;

use crate::support::{json, run, splitline};

fn catalog() -> Vec<serde_json::Value> {
    let r = run(splitline().args(["checks", "list", "--format", "json"]));
    assert_eq!(r.code, 0, "every built-in plugin loads: {}", r.stderr);
    json(&r).as_array().unwrap().clone()
}

#[test]
fn check_ids_are_unique_across_plugins() {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for c in catalog() {
        let id = c["id"].as_str().unwrap().to_string();
        let plugin = c["plugin"].as_str().unwrap().to_string();
        if let Some(other) = seen.insert(id.clone(), plugin.clone()) {
            panic!("check id {id} is declared by both {other} and {plugin}");
        }
    }
    let mut long_ids = std::collections::BTreeSet::new();
    for c in catalog() {
        assert!(long_ids.insert(c["long_id"].as_str().unwrap().to_string()), "duplicate long id {}", c["long_id"]);
    }
}

#[test]
fn every_check_has_remediation_and_references() {
    for c in catalog() {
        assert!(!c["remediation"]["text"].as_str().unwrap().is_empty(), "{}", c["id"]);
        assert!(!c["risk"].as_str().unwrap().is_empty(), "{}", c["id"]);
        assert!(!c["references"].as_array().unwrap().is_empty(), "{} has no reference", c["id"]);
        let id = c["id"].as_str().unwrap();
        let provider = c["provider"].as_str().unwrap().to_uppercase();
        assert!(id.starts_with(&format!("{provider}-")), "{id} starts with its provider");
    }
}

#[test]
fn catalog_snapshot() {
    let lines: Vec<String> = catalog()
        .iter()
        .map(|c| {
            let compliance: Vec<String> = c["compliance"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| format!("{} {}", x["framework"].as_str().unwrap(), x["control"].as_str().unwrap()))
                .collect();
            format!(
                "{} [{}] {}/{}/{} {} | {}",
                c["id"].as_str().unwrap(),
                c["plugin"].as_str().unwrap(),
                c["severity"].as_str().unwrap(),
                c["service_model"].as_str().unwrap(),
                c["control_domain"].as_str().unwrap(),
                c["title"].as_str().unwrap(),
                compliance.join(", ")
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn checks_list_filters_and_show_prints_remediation() {
    let r = run(splitline().args(["checks", "list", "--provider", "aws", "--severity", "critical"]));
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("AWS-S3-003"), "{}", r.stdout);
    assert!(!r.stdout.contains("AZURE-") && !r.stdout.contains("AWS-S3-001"), "{}", r.stdout);

    let r = run(splitline().args(["checks", "list", "--service-model", "iaas,paas", "--format", "json"]));
    let models: std::collections::BTreeSet<String> =
        json(&r).as_array().unwrap().iter().map(|c| c["service_model"].as_str().unwrap().to_string()).collect();
    assert!(models.iter().all(|m| m == "iaas" || m == "paas"), "{models:?}");

    let r = run(splitline().args(["checks", "show", "AWS-S3-001"]));
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Remediation") && r.stdout.contains("put-bucket-encryption"), "{}", r.stdout);

    let r = run(splitline().args(["checks", "show", "NOPE-1"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("NOPE-1") && r.stderr.contains("checks list"), "{}", r.stderr);
}

#[test]
fn plugins_list_shows_builtins() {
    let r = run(splitline().args(["plugins", "list"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for p in ["aws-paas", "azure-paas", "gcp-paas"] {
        assert!(r.stdout.contains(p), "{p} missing:\n{}", r.stdout);
    }
}
