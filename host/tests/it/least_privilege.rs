//! Least privilege, per provider: the operations registry is read-only, and
//! `splitline permissions <provider>` grants exactly the registry's
//! permissions — all of them with `--all-kinds`, and with the loaded
//! plugins' kinds exactly those the registry names for those kinds (plus
//! discovery). That every call of the end-to-end scans is in the registry is
//! asserted by `collect_{aws,azure,gcp}.rs` (from `--api-log`) and, on the
//! wire, by `faults.rs` (every request the proxy forwards is a read).

#![cfg(any(feature = "aws", feature = "azure", feature = "gcp"))]

use std::collections::BTreeSet;

use splitline_collect::{Collector, Operation, permissions_for, read_only_violations};

use crate::support::{json, run, splitline};

/// The kinds the built-in plugins' checks read (what `permissions` without
/// `--all-kinds` covers).
fn declared_kinds() -> Vec<String> {
    let r = run(splitline().args(["checks", "list", "--format", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let checks = json(&r);
    let kinds: BTreeSet<String> = checks
        .as_array()
        .expect("a list of checks")
        .iter()
        .flat_map(|c| c["resource_kinds"].as_array().expect("resource_kinds").iter())
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    kinds.into_iter().collect()
}

fn printed(provider: &str, all_kinds: bool) -> String {
    let mut cmd = splitline();
    cmd.args(["permissions", provider]);
    if all_kinds {
        cmd.arg("--all-kinds");
    }
    let r = run(&mut cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

fn registry_permissions(ops: &[Operation], kinds: Option<&[String]>) -> BTreeSet<String> {
    permissions_for(ops, kinds).into_iter().map(str::to_string).collect()
}

/// Asserts both documents (all kinds, the plugins' kinds) grant exactly
/// what the registry says.
fn assert_exact(provider: &str, ops: &[Operation], parse: impl Fn(&str) -> BTreeSet<String>) {
    assert!(read_only_violations(provider, ops).is_empty(), "{:?}", read_only_violations(provider, ops));
    let all = parse(&printed(provider, true));
    let registry = registry_permissions(ops, None);
    assert_eq!(all, registry, "`permissions {provider} --all-kinds` is not exactly the registry");
    let kinds: Vec<String> = declared_kinds().into_iter().filter(|k| k.starts_with(&format!("{provider}."))).collect();
    assert!(!kinds.is_empty(), "the built-in plugins read {provider} kinds");
    let default = parse(&printed(provider, false));
    assert_eq!(default, registry_permissions(ops, Some(&kinds)), "`permissions {provider}` for the plugins' kinds");
    assert!(default.is_subset(&all));
}

#[cfg(feature = "aws")]
#[test]
fn aws_policy_is_exactly_the_read_only_registry() {
    assert_exact("aws", splitline_collect_aws::Aws::operations(), |text| {
        let doc: serde_json::Value = serde_json::from_str(text).expect("the policy is JSON");
        let statements = doc["Statement"].as_array().unwrap();
        assert_eq!(statements.len(), 1, "{doc}");
        assert_eq!(statements[0]["Effect"], "Allow");
        statements[0]["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect()
    });
}

#[cfg(feature = "azure")]
#[test]
fn azure_role_is_exactly_the_read_only_registry() {
    assert_exact("azure", splitline_collect_azure::Azure::operations(), |text| {
        let doc: serde_json::Value = serde_json::from_str(text).expect("the role is JSON");
        let role = &doc["roleDefinition"];
        for empty in ["NotActions", "DataActions", "NotDataActions"] {
            assert_eq!(role[empty], serde_json::json!([]), "{empty}");
        }
        let strings = |v: &serde_json::Value| -> Vec<String> {
            v.as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect()
        };
        let mut all: BTreeSet<String> = strings(&role["Actions"]).into_iter().collect();
        all.extend(strings(&doc["microsoftGraph"]["applicationPermissions"]));
        all
    });
}

#[cfg(feature = "gcp")]
#[test]
fn gcp_role_is_exactly_the_read_only_registry() {
    assert_exact("gcp", splitline_collect_gcp::Gcp::operations(), |text| {
        text.lines().filter_map(|l| l.strip_prefix("- ")).map(str::to_string).collect()
    });
}

/// `permissions aws --organization`: the management account gets exactly
/// organization mode's registry, with `sts:AssumeRole` — its only action that
/// is not a read — on the member role only; the member role gets exactly the
/// read-only policy of `permissions aws`.
#[cfg(feature = "aws")]
#[test]
fn aws_organization_policies_are_exactly_the_registries() {
    let ops = splitline_collect_aws::organizations::OPS;
    assert_eq!(read_only_violations("aws", ops), ["sts:AssumeRole"]);
    for all_kinds in [true, false] {
        let mut cmd = splitline();
        cmd.args(["permissions", "aws", "--organization", "--member-role", "audit/Scanner"]);
        if all_kinds {
            cmd.arg("--all-kinds");
        }
        let r = run(&mut cmd);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("the policies are JSON");
        let st = doc["ManagementAccountPolicy"]["Statement"].as_array().unwrap();
        let actions = |s: &serde_json::Value| -> BTreeSet<String> {
            s["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect()
        };
        let mut granted = actions(&st[0]);
        assert_eq!(st[0]["Resource"], "*");
        assert_eq!(actions(&st[1]), BTreeSet::from(["sts:AssumeRole".to_string()]));
        assert_eq!(st[1]["Resource"], "arn:aws:iam::*:role/audit/Scanner");
        granted.extend(actions(&st[1]));
        assert_eq!(granted, registry_permissions(ops, None));
        let member: serde_json::Value = serde_json::from_str(&printed("aws", all_kinds)).unwrap();
        assert_eq!(doc["MemberRolePolicy"], member);
    }
}
