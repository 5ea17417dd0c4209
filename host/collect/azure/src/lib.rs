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
use serde_json::Value;
use splitline_collect::{CollectError, Collection, Collector, GapCode, Operation, ProviderProgress, Request, Sink};

pub use api_versions::TABLE as API_VERSIONS;
pub use blob::{TEST_BLOB_ENDPOINT_VAR, TEST_BLOB_KEY_VAR};
pub use credential::TEST_ENDPOINT_VAR;

use arm::Cx;

/// Which subscriptions, in which tenant.
#[derive(Clone, Debug, Default)]
pub struct AzureOptions {
    /// Empty: every subscription the identity can see.
    pub subscriptions: Vec<String>,
    /// The tenant to authenticate in (overrides `AZURE_TENANT_ID`; picks the
    /// Azure CLI's tenant).
    pub tenant: Option<String>,
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
        let sink = Sink::new("azure", progress);
        let transport = credential::test_transport().map_err(fatal)?;
        let chain = credential::Chain::from_env(opts.tenant.as_deref(), transport.as_ref())
            .map_err(|hint| CollectError::NoCredentials { provider: "azure", hint })?;
        tracing::debug!(credentials = ?chain.names(), "Azure credential chain");
        let credential: Arc<dyn TokenCredential> = Arc::new(chain);
        let blob = blob::BlobAccess::from_env(credential.clone(), transport.clone()).map_err(fatal)?;
        let api = http::Api::new(credential, transport.as_ref(), req, sink.clone());
        let cx = Cx { api, req: req.clone(), blob };

        let subs = match subscriptions::discover(&cx, &opts.subscriptions).await {
            Ok(s) => s,
            Err(e) if e.code == GapCode::AccessDenied && e.status.is_none() => {
                return Err(CollectError::NoCredentials { provider: "azure", hint: e.to_string() });
            }
            Err(e) => return Err(fatal(format!("cannot list the subscriptions to collect: {e}"))),
        };
        if subs.is_empty() {
            return Err(fatal(
                "the identity sees no enabled subscription: assign it a role on one (`splitline permissions azure` \
                 prints a read-only role) or name them with --subscription"
                    .into(),
            ));
        }
        let services: Vec<Service> = Service::ALL.into_iter().filter(|s| req.wants_any(s.kinds())).collect();
        let wants_graph = req.wants_any(graph::KINDS);
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

    fn permissions(kinds: Option<&[String]>) -> String {
        permissions::render(kinds)
    }
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
            serde_json::json!(["Microsoft.KeyVault/vaults/read", "Microsoft.Resources/subscriptions/read"])
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
