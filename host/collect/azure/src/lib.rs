//! Azure collection: Azure Resource Manager and Microsoft Graph through
//! azure_core's HTTP pipeline (bearer tokens from azure_identity, our own
//! serde-free JSON documents), the Blob service data plane with
//! azure_storage_blob. Read-only: GET, plus the `config/appsettings/list`
//! POST that reads app settings. Design: `docs/design/collectors.md`; what
//! is collected: `docs/kinds/azure.md`; how: `docs/collect-azure.md`.

mod api_versions;
mod arm;
mod authorization;
mod blob;
mod compute;
mod credential;
#[cfg(test)]
mod discovery_tests;
mod error;
mod graph;
mod http;
mod network;
mod permissions;
mod simple;
mod sql;
mod storage;
mod subscriptions;
mod web;

use std::sync::{Arc, LazyLock};

use azure_core::credentials::TokenCredential;
use azure_core::http::Transport;
use serde_json::Value;
use splitline_collect::{ApiCall, CollectError, Collection, Collector, Operation, ProviderProgress, Request, Sink};

pub use api_versions::TABLE as API_VERSIONS;
pub use blob::{TEST_BLOB_ENDPOINT_VAR, TEST_BLOB_KEY_VAR};
pub use credential::TEST_ENDPOINT_VAR;
pub use subscriptions::{Ancestor, Target};

use arm::Cx;

/// Which subscriptions, in which tenant.
#[derive(Clone, Debug, Default)]
pub struct AzureOptions {
    /// Exactly these subscriptions (`management_groups` is then not used).
    /// Empty: those under `management_groups`, or every subscription the
    /// identity can see.
    pub subscriptions: Vec<String>,
    /// Management group ids: every subscription under each (its whole
    /// subtree). Empty: no restriction.
    pub management_groups: Vec<String>,
    /// The tenant to authenticate in (overrides `AZURE_TENANT_ID`; picks the
    /// Azure CLI's tenant).
    pub tenant: Option<String>,
    /// Leave the tenant's directory (Microsoft Graph kinds) out: when
    /// subscriptions of one tenant are collected one at a time, only the
    /// first of them carries it.
    pub skip_directory: bool,
    /// Collect exactly these subscriptions as [`discover_subscriptions`]
    /// found them, with no discovery call (a scan that discovered first and
    /// collects one subscription at a time). Overrides `subscriptions` and
    /// `management_groups`.
    pub discovered: Vec<Target>,
}

pub struct Azure;

/// Every kind this collector produces.
pub const KINDS: &[&str] = &[
    storage::ACCOUNT,
    blob::KIND,
    compute::VM,
    compute::DISK,
    network::NSG,
    network::FLOW_LOG,
    sql::SERVER,
    web::SITE,
    simple::PRICING,
    simple::DIAGNOSTIC_SETTING,
    simple::VAULT,
    subscriptions::SUBSCRIPTION,
    authorization::ASSIGNMENT,
    graph::USER,
    graph::SECURITY_DEFAULTS,
    graph::CONDITIONAL_ACCESS,
    graph::DIRECTORY_ROLE,
];

static REGISTRY: LazyLock<Vec<Operation>> = LazyLock::new(|| {
    [
        subscriptions::OPS,
        storage::OPS,
        blob::OPS,
        compute::OPS,
        network::OPS,
        sql::OPS,
        web::OPS,
        simple::OPS,
        authorization::OPS,
        graph::OPS,
    ]
    .concat()
});

/// The operations registry (every call the collector may make).
pub fn registry() -> &'static [Operation] {
    REGISTRY.as_slice()
}

/// The per-subscription services, each one progress unit.
#[derive(Clone, Copy, Debug)]
enum Service {
    Storage,
    Compute,
    Network,
    Sql,
    Web,
    Simple,
    Authorization,
}

impl Service {
    const ALL: [Service; 7] = [
        Service::Storage,
        Service::Compute,
        Service::Network,
        Service::Sql,
        Service::Web,
        Service::Simple,
        Service::Authorization,
    ];

    fn kinds(self) -> &'static [&'static str] {
        match self {
            Service::Storage => storage::KINDS,
            Service::Compute => compute::KINDS,
            Service::Network => network::KINDS,
            Service::Sql => sql::KINDS,
            Service::Web => web::KINDS,
            Service::Simple => simple::KINDS,
            Service::Authorization => authorization::KINDS,
        }
    }

    async fn run(self, cx: &Cx, sub: &str) {
        match self {
            Service::Storage => storage::collect(cx, sub).await,
            Service::Compute => compute::collect(cx, sub).await,
            Service::Network => network::collect(cx, sub).await,
            Service::Sql => sql::collect(cx, sub).await,
            Service::Web => web::collect(cx, sub).await,
            Service::Simple => simple::collect(cx, sub).await,
            Service::Authorization => authorization::collect(cx, sub).await,
        }
    }
}

fn fatal(message: String) -> CollectError {
    CollectError::Fatal { provider: "azure", message }
}

/// What [`discover_subscriptions`] found.
#[derive(Debug)]
pub struct Discovery {
    /// Every subscription found, in order; those with `skipped` set are not
    /// collected by [`Azure::collect`].
    pub targets: Vec<Target>,
    /// The API calls discovery made (for `--api-log`).
    pub calls: Vec<ApiCall>,
}

impl Discovery {
    /// The subscriptions to collect (those not skipped).
    pub fn to_collect(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(|t| t.skipped.is_none())
    }
}

/// The subscriptions [`Azure::collect`] would collect with `opts`, and those
/// it would skip with why, without collecting anything. To collect them one
/// at a time, call `collect` with `subscriptions: vec![target.id]` (and no
/// management groups). Credentials come from the environment, as for `collect`.
pub async fn discover_subscriptions(opts: &AzureOptions, req: &Request) -> Result<Discovery, CollectError> {
    let (credential, transport) = credentials_from_env(opts)?;
    discover_with(opts, req, credential, transport).await
}

async fn discover_with(
    opts: &AzureOptions,
    req: &Request,
    credential: Credential,
    transport: Option<Transport>,
) -> Result<Discovery, CollectError> {
    let sink = Sink::new("azure", &ProviderProgress::hidden());
    let cx = context(credential, transport, req, sink.clone())?;
    let targets = subscriptions::discover(&cx, &opts.subscriptions, &opts.management_groups).await?;
    drop(cx);
    Ok(Discovery { targets, calls: sink.finish().calls })
}

pub(crate) type Credential = Arc<dyn TokenCredential>;

/// The credential chain and the test transport, from the environment.
fn credentials_from_env(opts: &AzureOptions) -> Result<(Credential, Option<Transport>), CollectError> {
    let transport = credential::test_transport().map_err(fatal)?;
    let chain = credential::Chain::from_env(opts.tenant.as_deref(), transport.as_ref())
        .map_err(|hint| CollectError::NoCredentials { provider: "azure", hint })?;
    tracing::debug!(credentials = ?chain.names(), "Azure credential chain");
    Ok((Arc::new(chain), transport))
}

fn context(
    credential: Credential,
    transport: Option<Transport>,
    req: &Request,
    sink: Sink,
) -> Result<Cx, CollectError> {
    let blob = blob::BlobAccess::from_env(credential.clone(), transport.clone()).map_err(fatal)?;
    let api = http::Api::new(credential, transport.as_ref(), req, sink);
    Ok(Cx { api, req: req.clone(), blob })
}

impl Collector for Azure {
    const PROVIDER: &'static str = "azure";
    type Options = AzureOptions;

    fn operations() -> &'static [Operation] {
        registry()
    }

    fn credentials_configured() -> bool {
        credential::configured()
    }

    async fn collect(
        opts: &AzureOptions,
        req: &Request,
        progress: &ProviderProgress,
    ) -> Result<Collection, CollectError> {
        let (credential, transport) = credentials_from_env(opts)?;
        collect_with(opts, req, progress, credential, transport).await
    }

    fn permissions(kinds: Option<&[String]>) -> String {
        permissions::render(kinds)
    }
}

async fn collect_with(
    opts: &AzureOptions,
    req: &Request,
    progress: &ProviderProgress,
    credential: Credential,
    transport: Option<Transport>,
) -> Result<Collection, CollectError> {
    let sink = Sink::new("azure", progress);
    let cx = context(credential, transport, req, sink.clone())?;

    let targets = if opts.discovered.is_empty() {
        subscriptions::discover(&cx, &opts.subscriptions, &opts.management_groups).await?
    } else {
        opts.discovered.clone()
    };
    let mut skipped = Vec::new();
    let mut subs = Vec::new();
    for t in targets {
        match (&t.skipped, t.document) {
            (Some(reason), _) => {
                tracing::warn!(
                    "Azure subscription {} ({}) skipped: {reason}",
                    t.id,
                    t.name.as_deref().unwrap_or("no name")
                );
                skipped.push(format!("{} ({reason})", t.id));
            }
            (None, Some(doc)) => subs.push(doc),
            (None, None) => {}
        }
    }
    if subs.is_empty() && !skipped.is_empty() {
        return Err(fatal(format!("no subscription to collect: every one found is skipped: {}", skipped.join("; "))));
    }
    if subs.is_empty() {
        let scope = if opts.management_groups.is_empty() {
            String::new()
        } else {
            format!(" under management group(s) {}", opts.management_groups.join(", "))
        };
        return Err(fatal(format!(
            "the identity sees no enabled subscription{scope}: assign it a role on one (`splitline permissions \
                 azure` prints a read-only role) or name them with --subscription"
        )));
    }
    let services: Vec<Service> = Service::ALL.into_iter().filter(|s| req.wants_any(s.kinds())).collect();
    let wants_graph = !opts.skip_directory && req.wants_any(graph::KINDS);
    progress.add_units((subs.len() * services.len()) as u64 + u64::from(wants_graph));

    let mut work = Vec::new();
    for doc in &subs {
        let sub = subscriptions::subscription_id(doc);
        cx.sink().account(sub.clone(), doc.get("displayName").and_then(Value::as_str).map(str::to_string));
        subscriptions::emit(&cx, doc);
        for &svc in &services {
            let (cx, sub) = (&cx, sub.clone());
            work.push(async move {
                svc.run(cx, &sub).await;
                progress.unit_done();
            });
        }
    }
    let graph_work = async {
        if !wants_graph {
            return;
        }
        // Once per tenant, under the first collected subscription of it.
        // The credential is of one tenant: that of the first subscription.
        let first = &subs[0];
        let tenant = opts.tenant.clone().unwrap_or_else(|| arm::str_at(first, "tenantId").to_string());
        let account = subs
            .iter()
            .find(|s| arm::str_at(s, "tenantId") == tenant)
            .map(subscriptions::subscription_id)
            .unwrap_or_else(|| subscriptions::subscription_id(first));
        graph::collect(&cx, &tenant, &account).await;
        progress.unit_done();
    };
    futures::future::join(futures::future::join_all(work), graph_work).await;
    drop(cx);
    Ok(sink.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use splitline_collect::read_only_violations;

    #[test]
    fn the_registry_is_read_only_and_fully_rendered() {
        assert!(
            read_only_violations("azure", registry()).is_empty(),
            "{:?}",
            read_only_violations("azure", registry())
        );
        let rendered: Value = serde_json::from_str(&Azure::permissions(None)).unwrap();
        let actions = rendered["roleDefinition"]["Actions"].as_array().unwrap();
        let graph = rendered["microsoftGraph"]["applicationPermissions"].as_array().unwrap();
        for op in registry() {
            let in_role = actions.iter().chain(graph).any(|a| a == op.permission);
            assert!(in_role, "{} is not rendered", op.permission);
        }
        let mut sorted = actions.clone();
        sorted.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        assert_eq!(&sorted, actions);
        assert!(actions.iter().all(|a| {
            let a = a.as_str().unwrap();
            a.ends_with("/read") || a.ends_with("/list/action") || a.ends_with("/getAcl/action")
        }));
        assert_eq!(rendered["roleDefinition"]["AssignableScopes"][0], "/subscriptions/{subscriptionId}");
        assert_eq!(rendered["roleDefinition"]["DataActions"], serde_json::json!([]));
    }

    #[test]
    fn permissions_follow_the_requested_kinds() {
        let only = Azure::permissions(Some(&["azure.keyvault.vault".to_string()]));
        let v: Value = serde_json::from_str(&only).unwrap();
        assert_eq!(
            v["roleDefinition"]["Actions"],
            serde_json::json!([
                "Microsoft.KeyVault/vaults/read",
                "Microsoft.Management/managementGroups/descendants/read",
                "Microsoft.Resources/subscriptions/read"
            ])
        );
        assert_eq!(v["microsoftGraph"]["applicationPermissions"], serde_json::json!([]));
    }

    #[test]
    fn every_operation_serves_known_kinds_and_every_kind_has_an_operation() {
        for op in registry() {
            for k in op.kinds {
                assert!(KINDS.contains(k), "{} serves unknown kind {k}", op.name);
            }
        }
        for k in KINDS {
            assert!(registry().iter().any(|op| op.kinds.contains(k)), "no operation for {k}");
        }
        let mut names: Vec<_> = registry().iter().map(|o| (o.service, o.name)).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len(), "duplicate operation names");
    }

    #[test]
    fn api_versions_match_the_kinds_doc() {
        let doc =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../docs/kinds/azure.md")).unwrap();
        for (_, v) in API_VERSIONS {
            assert!(doc.contains(v), "api-version {v} is not in docs/kinds/azure.md");
        }
        for k in KINDS {
            assert!(doc.contains(&format!("`{k}`")), "{k} is not in docs/kinds/azure.md");
        }
        // And every kind the doc lists is collected.
        for line in doc.lines().filter(|l| l.starts_with("| [`azure.")) {
            let kind = line.trim_start_matches("| [`").split('`').next().unwrap();
            assert!(KINDS.contains(&kind), "{kind} is documented but not collected");
        }
    }
}
