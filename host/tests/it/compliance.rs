//! Compliance packs (`host/assets/compliance/*.toml`) against the real
//! check catalog: every mapped check exists, the CIS packs agree with the
//! checks' own CIS refs both ways, every check is mapped by the topical
//! packs, and a demo scan carries the six frameworks.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use splitline::report::compliance::{Pack, builtin_packs};

use crate::support::{json, run, splitline};

const TOPICAL: [&str; 3] = ["soc2", "iso27001-2022", "nist-csf-2.0"];

/// `splitline checks list --format json`, once per test run.
fn catalog() -> &'static [serde_json::Value] {
    static CATALOG: OnceLock<Vec<serde_json::Value>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let r = run(splitline().args(["checks", "list", "--format", "json"]));
        assert_eq!(r.code, 0, "every built-in plugin loads: {}", r.stderr);
        json(&r).as_array().unwrap().clone()
    })
}

fn check_ids() -> BTreeSet<String> {
    catalog().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect()
}

fn packs() -> Vec<Pack> {
    builtin_packs().unwrap_or_else(|e| panic!("{e}"))
}

/// (check, control) pairs of the checks' own refs to `framework`.
fn refs(framework: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for c in catalog() {
        for r in c["compliance"].as_array().unwrap() {
            if r["framework"] == framework {
                out.insert((c["id"].as_str().unwrap().to_string(), r["control"].as_str().unwrap().to_string()));
            }
        }
    }
    out
}

/// (check, requirement) pairs a pack maps.
fn mapped(pack: &Pack) -> BTreeSet<(String, String)> {
    pack.requirements.iter().flat_map(|r| r.checks.iter().map(|c| (c.clone(), r.id.clone()))).collect()
}

#[test]
fn every_mapped_check_exists() {
    let ids = check_ids();
    let mut unknown = Vec::new();
    for p in packs() {
        for r in &p.requirements {
            for c in &r.checks {
                if !ids.contains(c) {
                    unknown.push(format!("{} requirement {}: {c}", p.id, r.id));
                }
            }
        }
    }
    assert!(unknown.is_empty(), "packs map checks the catalog does not have:\n{}", unknown.join("\n"));
}

#[test]
fn requirement_ids_are_unique_within_each_pack() {
    let all = packs();
    assert_eq!(all.len(), 6);
    for p in &all {
        let mut seen = BTreeSet::new();
        for r in &p.requirements {
            assert!(seen.insert(&r.id), "{}: requirement {} appears twice", p.id, r.id);
        }
    }
}

#[test]
fn cis_packs_agree_with_the_checks_cis_refs() {
    for p in packs().iter().filter(|p| p.id.starts_with("cis-")) {
        let from_checks = refs(&p.id);
        let from_pack = mapped(p);
        let missing: Vec<String> = from_checks
            .difference(&from_pack)
            .map(|(c, req)| format!("{c} refs {} {req}, but requirement {req} does not list it", p.id))
            .collect();
        let extra: Vec<String> = from_pack
            .difference(&from_checks)
            .map(|(c, req)| format!("{} requirement {req} lists {c}, whose metadata does not ref it", p.id))
            .collect();
        assert!(missing.is_empty() && extra.is_empty(), "{}", [missing, extra].concat().join("\n"));
        assert!(!from_pack.is_empty(), "{} maps no check", p.id);
    }
}

#[test]
fn the_checks_refs_to_topical_frameworks_are_in_their_packs() {
    for p in packs().iter().filter(|p| TOPICAL.contains(&p.id.as_str())) {
        let from_pack = mapped(p);
        let missing: Vec<String> = refs(&p.id)
            .difference(&from_pack)
            .map(|(c, req)| format!("{c} refs {} {req}, but requirement {req} does not list it", p.id))
            .collect();
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }
}

#[test]
fn every_check_is_mapped_by_a_topical_pack() {
    let packs = packs();
    let mut by: BTreeMap<String, Vec<&str>> = check_ids().into_iter().map(|id| (id, Vec::new())).collect();
    for p in packs.iter().filter(|p| TOPICAL.contains(&p.id.as_str())) {
        for (check, _) in mapped(p) {
            if let Some(v) = by.get_mut(&check) {
                v.push(&p.id);
            }
        }
    }
    let unmapped: Vec<&String> = by.iter().filter(|(_, v)| v.is_empty()).map(|(k, _)| k).collect();
    assert!(unmapped.is_empty(), "checks mapped by none of SOC 2, ISO 27001, NIST CSF: {unmapped:?}");
}

#[test]
fn the_demo_result_has_six_frameworks() {
    let report = json(&run(splitline().args(["scan", "--demo", "--format", "json"])));
    let frameworks = report["compliance"].as_array().expect("a compliance section");
    let ids: Vec<&str> = frameworks.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["cis-aws-3.0.0", "cis-azure-2.1.0", "cis-gcp-3.0.0", "soc2", "iso27001-2022", "nist-csf-2.0"]);
    for f in frameworks {
        let t = &f["totals"];
        let pct = t["coverage_pct"].as_f64().unwrap();
        assert!(pct > 0.0 && pct <= 100.0, "{}: coverage {pct}", f["id"]);
        let n = |k: &str| t[k].as_u64().unwrap();
        assert_eq!(n("requirements") as usize, f["requirements"].as_array().unwrap().len(), "{}", f["id"]);
        assert!(n("passing") + n("failing") + n("not_evaluated") <= n("covered"), "{}", f["id"]);
        for r in f["requirements"].as_array().unwrap() {
            let status = r["status"].as_str().unwrap();
            assert!(
                ["pass", "fail", "not-evaluated", "manual", "not-covered"].contains(&status),
                "{} {}: {status}",
                f["id"],
                r["id"]
            );
            assert_eq!(status == "fail", r["failed_findings"].as_u64().unwrap() > 0, "{} {}", f["id"], r["id"]);
        }
    }
}
