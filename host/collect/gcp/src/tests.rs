//! The collector against the recordings of `host/tests/fixtures/gcp/recordings`
//! (no emulator: Cloud Storage is not requested here; the host's end-to-end
//! test covers it), through the real credentials flow (`authorized_user`
//! refresh against the recorded token endpoint).

use std::collections::BTreeSet;

use serde_json::json;
use splitline_collect::{GapCode, ProviderProgress, Request};
use splitline_collect_testkit::{FixtureServer, workspace_root};

use crate::client::Endpoints;
use crate::{GcpOptions, KINDS, collect_with, storage};

fn recordings() -> FixtureServer {
    FixtureServer::start(workspace_root().join("host/tests/fixtures/gcp/recordings"))
}

fn credentials(server: &FixtureServer) -> google_cloud_auth::credentials::Credentials {
    crate::install_crypto_provider();
    let adc = json!({
        "type": "authorized_user",
        "client_id": "764086051850-fixture.apps.googleusercontent.com",
        "client_secret": "fixture-client-secret",
        "refresh_token": "fixture-refresh-token",
        "token_uri": format!("{}/oauth2.googleapis.com/token", server.url()),
    });
    google_cloud_auth::credentials::user_account::Builder::new(adc).build().unwrap()
}

fn request(kinds: &[&str]) -> Request {
    let mut req = Request::new(kinds.iter().map(|k| k.to_string()), 8);
    req.call_timeout = std::time::Duration::from_secs(20);
    req
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_recorded_estate_is_collected_with_paging_retries_and_a_gap() {
    let server = recordings();
    let kinds: Vec<&str> = KINDS.iter().copied().filter(|k| *k != storage::BUCKET).collect();
    let endpoints = Endpoints { test_endpoint: Some(server.url()), storage_emulator: None };
    let c = collect_with(
        &GcpOptions::default(),
        &request(&kinds),
        &ProviderProgress::hidden(),
        endpoints,
        credentials(&server),
    )
    .await
    .unwrap();

    let accounts: Vec<&str> = c.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(accounts, ["acme-prod-4821", "acme-sandbox-3310"], "both search pages");
    // One gap: Cloud KMS disabled in the sandbox project.
    assert_eq!(c.gaps.len(), 1, "{:#?}", c.gaps);
    let gap = &c.gaps[0];
    assert_eq!(
        (gap.account.as_str(), gap.kind.as_str(), gap.code),
        ("acme-sandbox-3310", "gcp.kms.crypto-key", GapCode::NotEnabled)
    );
    // Every kind but buckets, and the paged instances.
    let got: BTreeSet<&str> = c.resources.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(got, kinds.iter().copied().collect());
    let instances: BTreeSet<(&str, &str)> = c
        .resources
        .iter()
        .filter(|r| r.kind == "gcp.compute.instance")
        .map(|r| (r.name.as_str(), r.region.as_str()))
        .collect();
    assert_eq!(
        instances,
        BTreeSet::from([("acme-web-1", "europe-west1"), ("acme-app-1", "europe-west1")]),
        "both pages"
    );
    let find = |kind: &str, name: &str| {
        c.resources.iter().find(|r| r.kind == kind && r.name == name).unwrap_or_else(|| panic!("no {kind} {name}"))
    };
    // The 429 was retried and the policy merged.
    let run = find("gcp.run.service", "acme-orders-api");
    assert_eq!(run.config["iamPolicy"]["bindings"][0]["members"][0], "allUsers");
    assert_eq!(run.id, "//run.googleapis.com/projects/acme-prod-4821/locations/europe-west1/services/acme-orders-api");
    assert_eq!(run.region, "europe-west1");
    let hits = server.requests().iter().filter(|q| q.path.ends_with("acme-orders-api:getIamPolicy")).count();
    assert_eq!(hits, 2);
    // Ids, regions and names as docs/kinds/gcp.md says.
    let key = find("gcp.kms.crypto-key", "prod-ring/legacy-backup");
    assert_eq!(key.region, "europe-west1");
    assert_eq!(key.config["iamPolicy"]["bindings"][0]["members"][0], "allAuthenticatedUsers");
    let sa_key = find("gcp.iam.service-account-key", "etl-runner/3b9f1c7a");
    assert!(sa_key.id.starts_with("//iam.googleapis.com/projects/acme-prod-4821/serviceAccounts/etl-runner@"));
    let project = find("gcp.resourcemanager.project", "acme-sandbox-3310");
    assert_eq!(project.id, "//cloudresourcemanager.googleapis.com/projects/331055018842");
    assert_eq!(project.config["essentialContacts"], json!([]), "none is an empty list");
    let scc = find("gcp.securitycenter.settings", "acme-sandbox-3310 Security Command Center");
    assert_eq!(scc.config, json!({}), "not activated");
    let scc = find("gcp.securitycenter.settings", "acme-prod-4821 Security Command Center");
    assert_eq!(scc.config["securityCenterServices"].as_array().unwrap().len(), 3);
    let disk = find("gcp.compute.disk", "orders-shared");
    assert_eq!(disk.region, "europe-west1", "regional disk");
    let sql = find("gcp.sql.instance", "acme-orders-pg");
    assert_eq!(sql.id, "https://sqladmin.googleapis.com/sql/v1beta4/projects/acme-prod-4821/instances/acme-orders-pg");
    assert_eq!(sql.tags.get("app").map(String::as_str), Some("orders"));
    let policy = find("gcp.resourcemanager.project-iam-policy", "acme-prod-4821 IAM policy");
    assert_eq!(policy.config["auditConfigs"][0]["service"], "allServices");
    // Redaction: no planted secret anywhere.
    let text = serde_json::to_string(&c.resources).unwrap();
    for secret in ["sk_live_Fixture", "pt_9f8e7d6c", "ghp_Fixture0", "fixture-metadata-secret"] {
        assert!(!text.contains(secret), "{secret} leaked");
    }
    // Every call in the registry, and only the requested services were called.
    for call in &c.calls {
        assert!(crate::operations().iter().any(|o| o.service == call.service && o.name == call.operation), "{call:?}");
        assert_ne!(call.service, "storage");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_requested_kinds_are_collected() {
    let server = recordings();
    let endpoints = Endpoints { test_endpoint: Some(server.url()), storage_emulator: None };
    let opts = GcpOptions { projects: vec!["acme-prod-4821".into()], ..GcpOptions::default() };
    let c = collect_with(
        &opts,
        &request(&["gcp.logging.sink"]),
        &ProviderProgress::hidden(),
        endpoints,
        credentials(&server),
    )
    .await
    .unwrap();
    assert!(c.gaps.is_empty(), "{:#?}", c.gaps);
    assert_eq!(c.accounts.len(), 1);
    assert_eq!(c.accounts[0].name.as_deref(), Some("acme-prod"));
    assert!(c.resources.iter().all(|r| r.kind == "gcp.logging.sink"));
    assert_eq!(c.resources.len(), 3);
    let services: BTreeSet<&str> = c.calls.iter().map(|c| c.service.as_str()).collect();
    assert_eq!(services, BTreeSet::from(["cloudresourcemanager", "logging"]));
}
