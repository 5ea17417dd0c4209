//! Project discovery under organizations and folders against the recordings
//! of `host/tests/fixtures/gcp/recordings/organizations` (an organization
//! with a folder holding a sub-folder, projects at each level, one of them
//! DELETE_REQUESTED, one listing over two pages; a folder whose sub-folder
//! denies listing; a 403 organization and a 404 folder).

use std::collections::BTreeSet;

use serde_json::json;
use splitline_collect::{GapCode, ProviderProgress, Request};
use splitline_collect_testkit::{FixtureServer, workspace_root};

use crate::client::Endpoints;
use crate::{GcpOptions, collect_with, discover_with};

fn recordings() -> FixtureServer {
    FixtureServer::start(workspace_root().join("host/tests/fixtures/gcp/recordings/organizations"))
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

fn endpoints(server: &FixtureServer) -> Endpoints {
    Endpoints { test_endpoint: Some(server.url()), storage_emulator: None }
}

/// No kind: discovery only, nothing per project.
fn request() -> Request {
    let mut req = Request::new(Vec::<String>::new(), 4);
    req.call_timeout = std::time::Duration::from_secs(20);
    req
}

fn org(id: &str) -> GcpOptions {
    GcpOptions { organizations: vec![id.into()], ..GcpOptions::default() }
}

fn folder(id: &str) -> GcpOptions {
    GcpOptions { folders: vec![id.into()], ..GcpOptions::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_active_project_of_the_organization_is_found_with_its_folder_path() {
    let server = recordings();
    let found =
        discover_with(&org("100000000001"), &request(), endpoints(&server), credentials(&server)).await.unwrap();
    let ids: Vec<(&str, bool)> = found.targets.iter().map(|t| (t.id.as_str(), t.skipped.is_none())).collect();
    assert_eq!(
        ids,
        [
            ("acme-org-admin", true),
            ("acme-eng-ci", true),
            ("acme-eng-old", false),
            ("acme-pay-dev", true),
            ("acme-pay-prod", true)
        ],
        "breadth first, both pages of Payments"
    );
    let old = &found.targets[2];
    assert_eq!(old.state.as_deref(), Some("DELETE_REQUESTED"));
    assert!(old.skipped.as_deref().unwrap().contains("pending deletion"), "{:?}", old.skipped);
    let path = |i: usize| found.targets[i].path.iter().map(|a| (a.id.as_str(), a.name.as_deref())).collect::<Vec<_>>();
    assert_eq!(path(0), [("organizations/100000000001", None)]);
    assert_eq!(
        path(4),
        [
            ("organizations/100000000001", None),
            ("folders/200000000001", Some("Engineering")),
            ("folders/200000000002", Some("Payments"))
        ]
    );
    assert_eq!(found.targets[4].document.as_ref().unwrap()["labels"]["env"], "prod");
    assert!(found.gaps.is_empty(), "{:#?}", found.gaps);
    let ops: BTreeSet<&str> = found.calls.iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(ops, BTreeSet::from(["folders.list", "projects.list"]));
    assert_eq!(found.calls.len(), 7, "3 folders.list, 4 projects.list (Payments over two pages)");

    // Collecting: the four ACTIVE projects, every call in the registry and recorded.
    let server = recordings();
    let c = collect_with(
        &org("organizations/100000000001"),
        &request(),
        &ProviderProgress::hidden(),
        endpoints(&server),
        credentials(&server),
    )
    .await
    .unwrap();
    let accounts: Vec<&str> = c.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(accounts, ["acme-eng-ci", "acme-org-admin", "acme-pay-dev", "acme-pay-prod"]);
    assert!(c.gaps.is_empty(), "{:#?}", c.gaps);
    for call in &c.calls {
        assert!(crate::operations().iter().any(|o| o.service == call.service && o.name == call.operation), "{call:?}");
    }
    for q in server.requests() {
        assert!(q.matched, "no recording for {} {}?{}", q.method, q.path, q.query);
        assert_eq!(q.method, if q.path.starts_with("/oauth2.") { "POST" } else { "GET" });
    }
    assert!(server.requests().iter().any(|q| q.query.contains("pageToken=pay-page-2")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_that_cannot_be_listed_below_the_named_one_is_a_gap() {
    let server = recordings();
    let c = collect_with(
        &folder("200000000004"),
        &request(),
        &ProviderProgress::hidden(),
        endpoints(&server),
        credentials(&server),
    )
    .await
    .unwrap();
    let accounts: Vec<&str> = c.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(accounts, ["acme-shared-net"]);
    assert_eq!(c.gaps.len(), 1, "{:#?}", c.gaps);
    let gap = &c.gaps[0];
    assert_eq!(
        (gap.account.as_str(), gap.kind.as_str(), gap.code),
        ("folders/200000000005", "gcp.resourcemanager.project", GapCode::AccessDenied)
    );
    assert!(gap.reason.contains("projects under folders/200000000005 could not be listed"), "{}", gap.reason);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_organization_or_unknown_folder_is_a_sentence_naming_it() {
    let server = recordings();
    let run = |opts: GcpOptions| {
        let (endpoints, credentials) = (endpoints(&server), credentials(&server));
        async move {
            collect_with(&opts, &request(), &ProviderProgress::hidden(), endpoints, credentials)
                .await
                .unwrap_err()
                .to_string()
        }
    };
    let e = run(org("100000000009")).await;
    assert!(e.contains("cannot list the projects and folders of organization 100000000009"), "{e}");
    assert!(e.contains("resourcemanager.projects.list and resourcemanager.folders.list"), "{e}");
    assert!(e.contains("PERMISSION_DENIED"), "{e}");
    let e = run(folder("folders/200000000099")).await;
    assert!(e.contains("folder 200000000099 was not found"), "{e}");
    assert!(e.contains("NOT_FOUND"), "{e}");
    let e = run(org("acme.example")).await;
    assert!(e.contains("is not an organization id"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn named_projects_win_over_organizations() {
    let server = recordings();
    let opts = GcpOptions { projects: vec!["acme-pay-prod".into()], ..org("100000000009") };
    let c = collect_with(&opts, &request(), &ProviderProgress::hidden(), endpoints(&server), credentials(&server))
        .await
        .unwrap();
    let accounts: Vec<&str> = c.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(accounts, ["acme-pay-prod"]);
    // Not read (no recording for projects.get): no gap either, the project kind is not requested.
    assert!(c.gaps.is_empty(), "{:#?}", c.gaps);
    assert!(!server.requests().iter().any(|q| q.query.contains("organizations")), "no organization listing");
}
