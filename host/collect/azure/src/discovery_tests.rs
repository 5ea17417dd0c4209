//! Subscription discovery against the recordings of
//! `host/tests/fixtures/azure/recordings/management-groups` (management group
//! `mg-platform` with a child group, three subscriptions under it, one of
//! them Disabled, and one subscription outside it; both listings over two
//! pages), through the real credential flow (client secret against the
//! recorded token endpoint).

use std::collections::BTreeSet;

use azure_core::credentials::Secret;
use azure_identity::{ClientSecretCredential, ClientSecretCredentialOptions};
use splitline_collect::{CollectError, ProviderProgress, Request};
use splitline_collect_testkit::{FixtureServer, workspace_root};

use crate::{AzureOptions, collect_with, credential, discover_with, http, registry, subscriptions};

const TENANT: &str = "11111111-1111-4111-8111-111111111111";
const SHARED: &str = "33333333-3333-4333-8333-333333333331";
const PROD: &str = "33333333-3333-4333-8333-333333333332";
const LEGACY: &str = "33333333-3333-4333-8333-333333333333";
const SANDBOX: &str = "44444444-4444-4444-8444-444444444444";

fn recordings() -> FixtureServer {
    FixtureServer::start(workspace_root().join("host/tests/fixtures/azure/recordings/management-groups"))
}

fn credentials(server: &FixtureServer) -> (crate::Credential, Option<azure_core::http::Transport>) {
    let transport = credential::redirect_to(&server.url());
    let options = ClientSecretCredentialOptions { client_options: http::client_options(Some(&transport)) };
    let cred = ClientSecretCredential::new(
        TENANT,
        "99999999-9999-4999-8999-999999999999".into(),
        Secret::new("fixture-client-secret"),
        Some(options),
    )
    .unwrap();
    (cred, Some(transport))
}

/// Only the subscription kind: discovery and nothing per subscription.
fn request() -> Request {
    let mut req = Request::new([subscriptions::SUBSCRIPTION.to_string()], 4);
    req.call_timeout = std::time::Duration::from_secs(20);
    req
}

fn groups(ids: &[&str]) -> AzureOptions {
    AzureOptions { management_groups: ids.iter().map(|s| s.to_string()).collect(), ..AzureOptions::default() }
}

async fn collect(opts: &AzureOptions, server: &FixtureServer) -> Result<splitline_collect::Collection, CollectError> {
    let (cred, transport) = credentials(server);
    collect_with(opts, &request(), &ProviderProgress::hidden(), cred, transport).await
}

fn paths(server: &FixtureServer) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .filter(|q| !q.path.starts_with("/login."))
        .map(|q| format!("{}?{}", q.path.trim_start_matches("/management.azure.com"), q.query))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_management_group_yields_its_enabled_subscriptions_with_their_paths() {
    let server = recordings();
    let (cred, transport) = credentials(&server);
    let found = discover_with(&groups(&["mg-platform"]), &request(), cred, transport).await.unwrap();
    let ids: Vec<&str> = found.targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, [SHARED, PROD, LEGACY], "both pages, in listing order; sandbox is not under the group");
    let collected: Vec<&str> = found.to_collect().map(|t| t.id.as_str()).collect();
    assert_eq!(collected, [SHARED, PROD]);
    let legacy = &found.targets[2];
    assert_eq!(legacy.state.as_deref(), Some("Disabled"));
    assert!(legacy.skipped.as_deref().unwrap().contains("Disabled"), "{:?}", legacy.skipped);
    let path = |i: usize| found.targets[i].path.iter().map(|a| (a.id.as_str(), a.name.as_deref())).collect::<Vec<_>>();
    assert_eq!(path(0), [("mg-platform", None)]);
    assert_eq!(path(1), [("mg-platform", None), ("mg-platform-prod", Some("Platform production"))]);
    assert_eq!(found.targets[1].name.as_deref(), Some("platform-prod"));
    assert_eq!(found.targets[1].tenant.as_deref(), Some(TENANT));
    let ops: BTreeSet<&str> = found.calls.iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(ops, BTreeSet::from(["GET managementGroups descendants", "GET subscriptions"]));
    assert_eq!(found.calls.len(), 4, "two pages each: {:#?}", found.calls);

    // Collecting: exactly the enabled subscriptions under the group.
    let server = recordings();
    let c = collect(&groups(&["mg-platform"]), &server).await.unwrap();
    let accounts: Vec<(&str, Option<&str>)> = c.accounts.iter().map(|a| (a.id.as_str(), a.name.as_deref())).collect();
    assert_eq!(accounts, [(SHARED, Some("platform-shared")), (PROD, Some("platform-prod"))]);
    let subs: Vec<&str> = c.resources.iter().map(|r| r.account.as_str()).collect();
    assert_eq!(subs, [SHARED, PROD]);
    assert!(c.gaps.is_empty(), "{:#?}", c.gaps);
    for call in &c.calls {
        assert!(
            registry().iter().any(|o| o.service == call.service && o.name == call.operation),
            "{call:?} is not in the registry"
        );
    }
    for q in server.requests() {
        assert!(q.matched, "no recording for {} {}?{}", q.method, q.path, q.query);
        assert!(q.method == "GET" || q.path.starts_with("/login."), "{} {}", q.method, q.path);
    }
    let seen = paths(&server);
    assert_eq!(seen.iter().filter(|p| p.contains("/descendants")).count(), 2, "{seen:#?}");
    assert!(seen.iter().any(|p| p.contains("skiptoken=page2")), "{seen:#?}");
    assert!(seen.iter().any(|p| p.contains("skiptoken=subs2")), "{seen:#?}");
    assert!(!seen.iter().any(|p| p.contains(LEGACY) || p.contains(SANDBOX)), "{seen:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_group_every_visible_enabled_subscription_is_collected() {
    let server = recordings();
    let (cred, transport) = credentials(&server);
    let found = discover_with(&AzureOptions::default(), &request(), cred, transport).await.unwrap();
    let ids: Vec<(&str, bool)> = found.targets.iter().map(|t| (t.id.as_str(), t.skipped.is_none())).collect();
    assert_eq!(ids, [(SHARED, true), (SANDBOX, true), (PROD, true), (LEGACY, false)]);
    assert!(found.targets.iter().all(|t| t.path.is_empty()));
    let c = collect(&AzureOptions::default(), &server).await.unwrap();
    let accounts: Vec<&str> = c.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(accounts, [SHARED, PROD, SANDBOX]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_discovered_subscription_can_be_collected_on_its_own() {
    let server = recordings();
    let opts = AzureOptions { subscriptions: vec![PROD.into()], ..groups(&["mg-platform"]) };
    let c = collect(&opts, &server).await.unwrap();
    let accounts: Vec<&str> = c.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(accounts, [PROD]);
    assert_eq!(c.resources.len(), 1);
    let seen = paths(&server);
    assert_eq!(seen, [format!("/subscriptions/{PROD}?api-version=2022-12-01")], "named: no group listing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_or_unknown_group_is_a_sentence_naming_it() {
    let server = recordings();
    let e = collect(&groups(&["mg-secret"]), &server).await.unwrap_err().to_string();
    assert!(e.contains("cannot read management group `mg-secret`"), "{e}");
    assert!(e.contains("Microsoft.Management/managementGroups/descendants/read"), "{e}");
    assert!(e.contains("AuthorizationFailed"), "{e}");
    let e = collect(&groups(&["mg-missing"]), &server).await.unwrap_err().to_string();
    assert!(e.contains("management group `mg-missing` does not exist"), "{e}");
    assert!(e.contains("HTTP 404 NotFound"), "{e}");
    let e = collect(&groups(&["../subscriptions"]), &server).await.unwrap_err().to_string();
    assert!(e.contains("is not a management group id"), "{e}");
    // A failing group stops before anything is collected (and before the other groups).
    let e = collect(&groups(&["mg-platform", "mg-missing"]), &server).await.unwrap_err().to_string();
    assert!(e.contains("mg-missing"), "{e}");
}
