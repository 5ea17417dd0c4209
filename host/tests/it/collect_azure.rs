//! End-to-end: `splitline scan --provider azure` against Azurite (containers,
//! public access levels, stored access policies and Blob service logging seeded by
//! `host/tests/fixtures/azure/seed-azurite.mjs`) and recorded Azure Resource
//! Manager and Microsoft Graph responses (`host/tests/fixtures/azure/recordings/`,
//! replayed by the testkit's fixture server through the documented
//! `SPLITLINE_AZURE_TEST_ENDPOINT` hook). Credentials: a client secret with fake
//! values whose token request is answered by the fixture server.
//!
//! The expected (check, resource, status) triples are in
//! `host/tests/fixtures/azure/expected-findings.json`; to regenerate them after
//! a deliberate change, run with `SPLITLINE_UPDATE_EXPECTED=1` and review the diff.

#![cfg(feature = "azure")]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use splitline_collect_testkit::{EmulatorProcess, FixtureServer, free_port, tool};

use crate::support::{FindingTriple, assert_expected_findings, finding_triples, json, root, run, splitline};

const SUB: &str = "22222222-2222-4222-8222-222222222222";
const TENANT: &str = "11111111-1111-4111-8111-111111111111";
/// Azurite's published development key, given to both test accounts.
const AZURITE_KEY: &str = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const CLIENT_SECRET: &str = "fixture-client-secret-never-logged";

/// Values planted in the recordings that must never reach a report or an
/// inventory: app setting secrets, a VM extension's public settings, the
/// token and the client secret.
const SECRETS: &[&str] = &[
    "c3BsaXRsaW5lLXRlc3Qtc2VjcmV0LWFjY291bnQta2V5LTAwMQ==",
    "sk_live_51HsplitlineTESTsecretVALUE9x8y7z",
    "hunter2-in-settings",
    "fake-access-token-for-tests",
    CLIENT_SECRET,
];

fn fixtures() -> PathBuf {
    root().join("host/tests/fixtures/azure")
}

/// Azurite (seeded), the fixture server and an empty HOME; everything stops
/// and is removed on drop.
pub(crate) struct Estate {
    pub(crate) azurite: EmulatorProcess,
    pub(crate) server: FixtureServer,
    pub(crate) home: PathBuf,
}

impl Drop for Estate {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

pub(crate) fn estate() -> Estate {
    let port = free_port();
    let mut cmd = Command::new(tool("azurite-blob"));
    cmd.args(["--blobHost", "127.0.0.1", "--blobPort", &port.to_string()])
        .args(["--skipApiVersionCheck", "--disableTelemetry", "--inMemoryPersistence", "--silent"])
        .env("AZURITE_ACCOUNTS", format!("stgood:{AZURITE_KEY};stbad:{AZURITE_KEY}"));
    let azurite = EmulatorProcess::start("azurite-blob", cmd, port, Duration::from_secs(60));
    let out = Command::new("node")
        .arg(fixtures().join("seed-azurite.mjs"))
        .arg(azurite.url())
        .output()
        .expect("run node seed-azurite.mjs (Node.js 18 or later)");
    assert!(
        out.status.success(),
        "seed-azurite.mjs failed:\n{}\nazurite:\n{}",
        String::from_utf8_lossy(&out.stderr),
        azurite.output()
    );
    let server = FixtureServer::start(fixtures().join("recordings"));
    let home = std::env::temp_dir().join(format!("splitline-azure-home-{port}"));
    std::fs::create_dir_all(&home).unwrap();
    Estate { azurite, server, home }
}

/// `splitline` with the test hooks and the fixture credentials only.
pub(crate) fn azure_cmd(e: &Estate) -> Command {
    let mut cmd = splitline();
    for var in ["AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_FEDERATED_TOKEN_FILE", "IDENTITY_ENDPOINT", "MSI_ENDPOINT"] {
        cmd.env_remove(var);
    }
    cmd.env("AZURE_TENANT_ID", TENANT)
        .env("AZURE_CLIENT_ID", "99999999-9999-4999-8999-999999999999")
        .env("AZURE_CLIENT_SECRET", CLIENT_SECRET)
        .env("SPLITLINE_AZURE_TEST_ENDPOINT", e.server.url())
        .env("SPLITLINE_AZURE_TEST_BLOB_ENDPOINT", e.azurite.url())
        .env("HOME", &e.home);
    cmd
}

pub(crate) fn operations_registry() -> BTreeSet<(String, String)> {
    use splitline_collect::Collector;
    splitline_collect_azure::Azure::operations().iter().map(|o| (o.service.to_string(), o.name.to_string())).collect()
}

#[test]
fn scan_of_the_recorded_estate_finds_exactly_the_planted_problems() {
    let e = estate();
    let api_log = e.home.join("api-log.jsonl");
    let started = Instant::now();
    let r = run(azure_cmd(&e)
        .args(["scan", "--provider", "azure", "--format", "json", "--fail-on", "never", "--api-log"])
        .arg(&api_log));
    let elapsed = started.elapsed();
    // 2: the scan is incomplete (the planted 403 gap); the report is written all the same.
    assert_eq!(r.code, 2, "exit {}\n{}\nazurite:\n{}", r.code, r.stderr, e.azurite.output());
    let report = json(&r);

    // Exactly the expected findings: failed, passed and error (the 403 gap), both directions.
    let found = finding_triples(&report, "azure");
    assert_expected_findings(&fixtures().join("expected-findings.json"), &found);
    for status in ["fail", "pass", "error"] {
        assert!(found.iter().any(|(_, _, s)| s == status), "no {status} finding at all");
    }

    // The Key Vault listing refused with 403 is an access-denied gap, and the
    // only gap: the 429 was retried, the second page followed, every other call answered.
    let gaps = report["coverage_gaps"].as_array().expect("coverage_gaps in the report");
    assert_eq!(gaps.len(), 1, "{gaps:#?}");
    assert_eq!(gaps[0]["account"], SUB);
    assert_eq!(gaps[0]["kind"], "azure.keyvault.vault");
    assert_eq!(gaps[0]["code"], "access-denied");
    assert!(gaps[0]["reason"].as_str().unwrap().contains("AuthorizationFailed"), "{}", gaps[0]);
    let vault_findings: Vec<&FindingTriple> =
        found.iter().filter(|(c, _, _)| c.starts_with("AZURE-KEYVAULT-")).collect();
    assert_eq!(vault_findings.len(), 3, "{vault_findings:#?}");
    let vault_checks: BTreeSet<&str> = vault_findings
        .iter()
        .map(|(c, r, s)| {
            assert_eq!(s, "error", "{c}");
            assert_eq!(r, &format!("{SUB}/global/azure.keyvault.vault"), "{c}");
            c.as_str()
        })
        .collect();
    assert_eq!(vault_checks.len(), 3, "{vault_checks:?}");

    // No planted secret anywhere.
    for s in SECRETS {
        assert!(!r.stdout.contains(s), "secret {s:?} in the report");
        assert!(!r.stderr.contains(s), "secret {s:?} on stderr");
    }
    assert!(r.stderr.contains("SPLITLINE_AZURE_TEST_ENDPOINT is set"), "the test hook is announced:\n{}", r.stderr);

    // Every call the collector logged is in the registry.
    let log = std::fs::read_to_string(&api_log).expect("--api-log file");
    let registry = operations_registry();
    let mut calls = 0;
    let mut blob_calls = 0;
    for line in log.lines().filter(|l| !l.trim().is_empty()) {
        let call: serde_json::Value = serde_json::from_str(line).unwrap();
        let key = (call["service"].as_str().unwrap().to_string(), call["operation"].as_str().unwrap().to_string());
        assert!(registry.contains(&key), "call {key:?} is not in the operations registry");
        calls += 1;
        if matches!(key.1.as_str(), "List Containers" | "Get Container ACL" | "Get Blob Service Properties") {
            blob_calls += 1;
        }
    }

    // Every request the fixture server saw was recorded, read-only and
    // authorized: GETs, the app-settings list POST and the token endpoint.
    let seen = e.server.requests();
    let token_path = format!("/login.microsoftonline.com/{TENANT}/oauth2/v2.0/token");
    for q in &seen {
        assert!(q.matched, "no recording for {} {}?{}", q.method, q.path, q.query);
        let read_only = q.method == "GET"
            || (q.method == "POST" && (q.path.ends_with("/config/appsettings/list") || q.path == token_path));
        assert!(read_only, "{} {} is not a read-only request", q.method, q.path);
        assert!(q.authorized || q.path == token_path, "{} {} had no Authorization", q.method, q.path);
    }
    let disks = seen.iter().filter(|q| q.path.ends_with("/providers/Microsoft.Compute/disks")).count();
    assert_eq!(disks, 2, "the 429 is retried once");
    assert!(seen.iter().any(|q| q.query.contains("skiptoken=page2")), "storage accounts paged");
    assert!(seen.iter().any(|q| q.query.contains("skiptoken=p2")), "Graph users paged");
    let api_requests = seen.iter().filter(|q| q.path != token_path).count();
    assert_eq!(api_requests + blob_calls, calls, "one logged call per request");
    eprintln!(
        "azure scan of the test estate: {calls} logged API calls ({api_requests} ARM/Graph requests incl. the retry, \
         {blob_calls} to Azurite) in {elapsed:?}"
    );
}

#[test]
fn the_inventory_holds_no_planted_secret_and_the_role_is_read_only() {
    let e = estate();
    let file = e.home.join("inventory.json");
    // At the most verbose log level, still no secret on stderr.
    let r = run(azure_cmd(&e).env("RUST_LOG", "trace").args(["collect", "azure", "--all-kinds", "-o"]).arg(&file));
    assert_eq!(r.code, 2, "incomplete (the planted 403), inventory written:\n{}", r.stderr);
    let text = std::fs::read_to_string(&file).unwrap();
    for s in SECRETS {
        assert!(!text.contains(s), "secret {s:?} in the inventory");
        assert!(!r.stderr.contains(s), "secret {s:?} on stderr");
    }
    let inv: serde_json::Value = serde_json::from_str(&text).unwrap();
    let resources = inv["resources"].as_array().unwrap();
    let find = |kind: &str, name: &str| {
        resources
            .iter()
            .find(|r| r["kind"] == kind && r["name"] == name)
            .unwrap_or_else(|| panic!("no {kind} named {name}"))
            .clone()
    };
    // Every documented kind is collected, except Key Vaults (the 403).
    let kinds: BTreeSet<&str> = resources.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    for k in splitline_collect_azure::KINDS.iter().filter(|k| **k != "azure.keyvault.vault") {
        assert!(kinds.contains(k), "no {k} collected");
    }
    // App settings: secrets redacted under their names, Key Vault references in clear.
    let f = find("azure.web.site", "func-bad");
    let settings = &f["config"]["appSettings"];
    assert!(settings["PAYMENT_API_KEY"].as_str().unwrap().starts_with("[redacted] "), "{settings}");
    assert!(settings["AzureWebJobsStorage"].as_str().unwrap().starts_with("[redacted] "), "{settings}");
    assert_eq!(settings["FUNCTIONS_WORKER_RUNTIME"], "node");
    assert_eq!(f["region"], "westeurope");
    assert_eq!(f["config"]["properties"]["siteConfig"]["ftpsState"], "AllAllowed", "config/web replaces siteConfig");
    assert_eq!(f["config"]["functions"][0]["properties"]["config"]["bindings"][0]["authLevel"], "anonymous");
    assert!(f["config"]["functions"][0]["properties"].get("files").is_none());
    let g = find("azure.web.site", "app-good");
    assert_eq!(
        g["config"]["appSettings"]["DB_PASSWORD"],
        "@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/db)"
    );
    // Both pages of storage accounts, merged with their blob service.
    let good = find("azure.storage.account", "stgood");
    assert_eq!(good["config"]["blobServiceProperties"]["properties"]["deleteRetentionPolicy"]["days"], 14);
    // ... and with the Blob service's logging setting from the data plane (seeded in Azurite).
    assert_eq!(
        good["config"]["blobServiceLogging"],
        serde_json::json!({"version": "1.0", "read": true, "write": true, "delete": true,
                           "retentionPolicy": {"enabled": true, "days": 90}})
    );
    let bad = find("azure.storage.account", "stbad");
    assert_eq!(bad["config"]["blobServiceLogging"]["read"], false, "{}", bad["config"]["blobServiceLogging"]);
    assert_eq!(bad["config"]["blobServiceLogging"]["retentionPolicy"]["enabled"], false);
    // Containers from the data plane, with access levels and stored access policies.
    let c = find("azure.storage.blob-container", "stbad/public-container");
    assert_eq!(
        c["id"],
        format!(
            "/subscriptions/{SUB}/resourceGroups/rg-prod/providers/Microsoft.Storage/storageAccounts/stbad/blobServices/default/containers/public-container"
        )
    );
    assert_eq!(c["config"]["properties"]["publicAccess"], "container");
    assert_eq!(c["config"]["signedIdentifiers"][0]["id"], "everything-forever");
    assert_eq!(c["config"]["signedIdentifiers"][0]["accessPolicy"]["permission"], "rwdl");
    assert!(c["config"]["properties"]["lastModified"].as_str().unwrap().ends_with(" GMT"));
    let p = find("azure.storage.blob-container", "stgood/private-data");
    assert!(p["config"]["properties"].get("publicAccess").is_none(), "{p}");
    assert_eq!(
        find("azure.storage.blob-container", "stbad/public-blob")["config"]["properties"]["publicAccess"],
        "blob"
    );
    // VM: extensions without settings, the NIC merged.
    let vm = find("azure.compute.virtual-machine", "vm-web");
    assert!(vm["config"]["extensions"][0]["properties"].get("settings").is_none());
    assert_eq!(vm["config"]["networkInterfaces"][0]["name"], "vm-web-nic");
    // Graph objects once, under the subscription, with tenant-scoped ids.
    let ada = find("azure.entra.user", "ada@contoso.onmicrosoft.com");
    assert_eq!(ada["id"], format!("/tenants/{TENANT}/users/bbbbbbbb-0000-4000-8000-000000000001"));
    assert_eq!(ada["config"]["userRegistrationDetails"]["isMfaRegistered"], true);
    assert!(ada["config"].get("@odata.context").is_none());
    let role = find("azure.entra.directory-role", "Global Administrator");
    assert_eq!(role["config"]["members"][0]["@odata.type"], "#microsoft.graph.user");
    let owner = find("azure.authorization.role-assignment", "Owner → bbbbbbbb-0000-4000-8000-000000000001");
    assert_eq!(owner["config"]["roleDefinition"]["properties"]["roleName"], "Owner");

    let p = run(azure_cmd(&e).args(["permissions", "azure", "--all-kinds"]));
    assert_eq!(p.code, 0, "{}", p.stderr);
    let doc: serde_json::Value = serde_json::from_str(&p.stdout).expect("permissions output is JSON");
    let role = &doc["roleDefinition"];
    assert_eq!(role["Name"], "splitline reader");
    assert_eq!(role["IsCustom"], true);
    assert_eq!(role["AssignableScopes"][0], "/subscriptions/{subscriptionId}");
    let actions: Vec<&str> = role["Actions"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(actions.len() >= 25, "{actions:?}");
    let mut sorted = actions.clone();
    sorted.sort_unstable();
    assert_eq!(actions, sorted, "sorted");
    for a in &actions {
        assert!(
            a.ends_with("/read") || a.ends_with("/list/action") || a.ends_with("/getAcl/action"),
            "{a} is not a read-only action"
        );
    }
    let graph: Vec<&str> = doc["microsoftGraph"]["applicationPermissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(graph, ["AuditLog.Read.All", "Policy.Read.All", "RoleManagement.Read.Directory", "User.Read.All"]);
    for op in <splitline_collect_azure::Azure as splitline_collect::Collector>::operations() {
        assert!(actions.contains(&op.permission) || graph.contains(&op.permission), "{} missing", op.permission);
    }
}
