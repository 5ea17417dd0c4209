//! End-to-end: organisation-wide discovery through the command line, against
//! the recorded Azure management group and Google Cloud organisation
//! responses (`host/tests/fixtures/{azure,gcp}/recordings/{management-groups,
//! organizations}/`). Only discovery is recorded there: every per-account
//! call answers 404 (no recording) and becomes a gap, so the runs end
//! incomplete (exit 2); what is asserted is which accounts were collected,
//! what was skipped and why, the error sentences and the read-only calls.

#![cfg(any(feature = "azure", feature = "gcp"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use splitline_collect::Collector;
use splitline_collect_testkit::FixtureServer;

use crate::support::{root, run, splitline};

/// A temporary HOME, removed on drop.
struct Home(PathBuf);

impl Home {
    fn new(tag: &str, server: &FixtureServer) -> Home {
        let dir = std::env::temp_dir().join(format!("splitline-discovery-{tag}-{}", server.port()));
        std::fs::create_dir_all(&dir).unwrap();
        Home(dir)
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn accounts(inventory: &Path) -> Vec<String> {
    let inv: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(inventory).unwrap()).unwrap();
    inv["accounts"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string()).collect()
}

/// Every call in `--api-log` is in `registry`.
fn calls_in_registry(log: &Path, registry: &[splitline_collect::Operation]) -> BTreeSet<String> {
    let registry: BTreeSet<(&str, &str)> = registry.iter().map(|o| (o.service, o.name)).collect();
    let mut ops = BTreeSet::new();
    for line in std::fs::read_to_string(log).unwrap().lines().filter(|l| !l.trim().is_empty()) {
        let call: serde_json::Value = serde_json::from_str(line).unwrap();
        let key = (call["service"].as_str().unwrap(), call["operation"].as_str().unwrap());
        assert!(registry.contains(&key), "call {key:?} is not in the operations registry");
        ops.insert(key.1.to_string());
    }
    ops
}

#[cfg(feature = "azure")]
mod azure {
    use super::*;

    const TENANT: &str = "11111111-1111-4111-8111-111111111111";

    fn server() -> FixtureServer {
        FixtureServer::start(root().join("host/tests/fixtures/azure/recordings/management-groups"))
    }

    fn cmd(server: &FixtureServer, home: &Home) -> Command {
        let mut cmd = splitline();
        cmd.env("AZURE_TENANT_ID", TENANT)
            .env("AZURE_CLIENT_ID", "99999999-9999-4999-8999-999999999999")
            .env("AZURE_CLIENT_SECRET", "fixture-client-secret")
            .env("SPLITLINE_AZURE_TEST_ENDPOINT", server.url())
            .env("HOME", &home.0);
        cmd
    }

    #[test]
    fn a_management_group_collects_exactly_its_enabled_subscriptions() {
        let server = server();
        let home = Home::new("azure", &server);
        let (inventory, log) = (home.0.join("inventory.json"), home.0.join("api-log.jsonl"));
        let r = run(cmd(&server, &home)
            .args(["collect", "azure", "--azure-management-group", "mg-platform", "-o"])
            .arg(&inventory)
            .arg("--api-log")
            .arg(&log));
        assert_eq!(r.code, 2, "incomplete: per-subscription calls are not recorded\n{}", r.stderr);
        assert_eq!(
            accounts(&inventory),
            ["33333333-3333-4333-8333-333333333331", "33333333-3333-4333-8333-333333333332"]
        );
        assert!(
            r.stderr.contains("33333333-3333-4333-8333-333333333333") && r.stderr.contains("Disabled"),
            "the Disabled subscription is reported as skipped:\n{}",
            r.stderr
        );
        let ops = calls_in_registry(&log, splitline_collect_azure::Azure::operations());
        assert!(ops.contains("GET managementGroups descendants") && ops.contains("GET subscriptions"), "{ops:?}");
        for q in server.requests() {
            assert!(q.method == "GET" || q.path.starts_with("/login."), "{} {} is not a read", q.method, q.path);
            for other in ["33333333-3333-4333-8333-333333333333", "44444444-4444-4444-8444-444444444444"] {
                assert!(!q.path.contains(other), "{other} is not collected: {}", q.path);
            }
        }
    }

    #[test]
    fn an_unreadable_group_and_a_conflicting_flag_are_errors() {
        let server = server();
        let home = Home::new("azure-errors", &server);
        let r = run(cmd(&server, &home).args(["collect", "azure", "--azure-management-group", "mg-secret"]));
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("cannot read management group `mg-secret`"), "{}", r.stderr);
        assert!(r.stderr.contains("Microsoft.Management/managementGroups/descendants/read"), "{}", r.stderr);
        let r = run(cmd(&server, &home).args(["collect", "azure", "--azure-management-group", "mg-missing"]));
        assert!(r.stderr.contains("management group `mg-missing` does not exist"), "{}", r.stderr);
        let r = run(cmd(&server, &home).args([
            "collect",
            "azure",
            "--subscription",
            "33333333-3333-4333-8333-333333333331",
            "--azure-management-group",
            "mg-platform",
        ]));
        assert_eq!(r.code, 2, "a usage error:\n{}", r.stderr);
        assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
    }
}

#[cfg(feature = "gcp")]
mod gcp {
    use super::*;

    fn server() -> FixtureServer {
        FixtureServer::start(root().join("host/tests/fixtures/gcp/recordings/organizations"))
    }

    fn cmd(server: &FixtureServer, home: &Home) -> Command {
        let credentials = home.0.join("adc.json");
        let adc = serde_json::json!({
            "type": "authorized_user",
            "client_id": "764086051850-fixture.apps.googleusercontent.com",
            "client_secret": "fixture-client-secret",
            "refresh_token": "fixture-refresh-token",
            "token_uri": format!("{}/oauth2.googleapis.com/token", server.url()),
        });
        std::fs::write(&credentials, adc.to_string()).unwrap();
        let mut cmd = splitline();
        cmd.env("GOOGLE_APPLICATION_CREDENTIALS", &credentials)
            .env("SPLITLINE_GCP_TEST_ENDPOINT", server.url())
            .env("HOME", &home.0);
        cmd
    }

    #[test]
    fn an_organization_collects_every_active_project_in_every_folder() {
        let server = server();
        let home = Home::new("gcp", &server);
        let (inventory, log) = (home.0.join("inventory.json"), home.0.join("api-log.jsonl"));
        let r = run(cmd(&server, &home)
            .args(["collect", "gcp", "--gcp-organization", "100000000001", "-o"])
            .arg(&inventory)
            .arg("--api-log")
            .arg(&log));
        assert_eq!(r.code, 2, "incomplete: per-project calls are not recorded\n{}", r.stderr);
        assert_eq!(accounts(&inventory), ["acme-eng-ci", "acme-org-admin", "acme-pay-dev", "acme-pay-prod"]);
        assert!(
            r.stderr.contains("acme-eng-old") && r.stderr.contains("DELETE_REQUESTED"),
            "the project pending deletion is reported as skipped:\n{}",
            r.stderr
        );
        let ops = calls_in_registry(&log, splitline_collect_gcp::Gcp::operations());
        assert!(ops.contains("projects.list") && ops.contains("folders.list"), "{ops:?}");
        for q in server.requests() {
            assert!(q.method == "GET" || q.path.starts_with("/oauth2.") || q.path.ends_with(":getIamPolicy"), "{q:?}");
            assert!(!q.path.contains("acme-eng-old"), "a skipped project is not collected: {}", q.path);
        }
    }

    #[test]
    fn an_unreadable_organization_and_a_conflicting_flag_are_errors() {
        let server = server();
        let home = Home::new("gcp-errors", &server);
        let r = run(cmd(&server, &home).args(["collect", "gcp", "--gcp-organization", "100000000009"]));
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("organization 100000000009"), "{}", r.stderr);
        assert!(r.stderr.contains("resourcemanager.projects.list"), "{}", r.stderr);
        let r = run(cmd(&server, &home).args(["collect", "gcp", "--gcp-folder", "200000000099"]));
        assert!(r.stderr.contains("folder 200000000099 was not found"), "{}", r.stderr);
        let r = run(cmd(&server, &home).args(["collect", "gcp", "--project", "p", "--gcp-folder", "1"]));
        assert_eq!(r.code, 2, "a usage error:\n{}", r.stderr);
        assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
    }
}
