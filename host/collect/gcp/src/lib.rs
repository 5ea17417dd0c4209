//! Google Cloud collection, read-only: the documented REST (JSON) APIs over
//! one HTTP client with Application Default Credentials from the official
//! `google-cloud-auth` crate; Cloud Storage through its JSON API.
//! Design and decisions: `docs/collect-gcp.md`; the kinds and their shapes:
//! `docs/kinds/gcp.md`.
//!
//! One module per service holds its kinds, its registry entries
//! ([`Operation`]s, every call goes through [`client::Api`] which records it
//! under its entry) and the conversion to the documented config.

mod client;
mod compute;
mod cx;
mod functions;
mod iam;
mod kms;
mod logging;
mod permissions;
mod resourcemanager;
mod run;
mod scc;
mod serverless;
mod sql;
mod storage;
#[cfg(test)]
mod tests;

use std::sync::{Arc, OnceLock};

use splitline_collect::{CollectError, Collection, Collector, Operation, ProviderProgress, Request, Sink};

pub use client::{STORAGE_EMULATOR_VAR, TEST_ENDPOINT_VAR};

use crate::client::{Api, Endpoints};
use crate::cx::{Cx, Project};

/// Which projects.
#[derive(Clone, Debug, Default)]
pub struct GcpOptions {
    /// Empty: every active project the identity can list (`projects.search`).
    pub projects: Vec<String>,
}

pub struct Gcp;

/// The OAuth scope requested. Access is limited by the IAM role (`splitline
/// permissions gcp`), not by the scope: several APIs (Cloud SQL Admin,
/// Security Command Center Management) accept no read-only scope.
const SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";

/// Every kind this collector produces.
pub const KINDS: &[&str] = &[
    storage::BUCKET,
    compute::INSTANCE,
    compute::FIREWALL,
    compute::DISK,
    compute::SUBNETWORK,
    compute::PROJECT,
    sql::INSTANCE,
    functions::FUNCTION,
    run::SERVICE,
    iam::KEY,
    resourcemanager::PROJECT,
    resourcemanager::IAM_POLICY,
    kms::KEY,
    logging::SINK,
    scc::SETTINGS,
];

/// The registry: the concatenation of every service module's operations.
pub fn operations() -> &'static [Operation] {
    static ALL: OnceLock<Vec<Operation>> = OnceLock::new();
    ALL.get_or_init(|| {
        [
            resourcemanager::OPS,
            compute::OPS,
            sql::OPS,
            functions::OPS,
            run::OPS,
            iam::OPS,
            kms::OPS,
            logging::OPS,
            scc::OPS,
            storage::OPS,
        ]
        .concat()
    })
}

#[derive(Clone, Copy, Debug)]
enum Service {
    ResourceManager,
    Compute,
    Sql,
    Functions,
    Run,
    Iam,
    Kms,
    Logging,
    Scc,
    Storage,
}

impl Service {
    const ALL: [Service; 10] = [
        Service::ResourceManager,
        Service::Compute,
        Service::Sql,
        Service::Functions,
        Service::Run,
        Service::Iam,
        Service::Kms,
        Service::Logging,
        Service::Scc,
        Service::Storage,
    ];

    fn kinds(self) -> &'static [&'static str] {
        match self {
            Service::ResourceManager => resourcemanager::KINDS,
            Service::Compute => compute::KINDS,
            Service::Sql => sql::KINDS,
            Service::Functions => functions::KINDS,
            Service::Run => run::KINDS,
            Service::Iam => iam::KINDS,
            Service::Kms => kms::KINDS,
            Service::Logging => logging::KINDS,
            Service::Scc => scc::KINDS,
            Service::Storage => storage::KINDS,
        }
    }

    async fn run(self, cx: Cx) {
        match self {
            Service::ResourceManager => resourcemanager::collect(cx).await,
            Service::Compute => compute::collect(cx).await,
            Service::Sql => sql::collect(cx).await,
            Service::Functions => functions::collect(cx).await,
            Service::Run => run::collect(cx).await,
            Service::Iam => iam::collect(cx).await,
            Service::Kms => kms::collect(cx).await,
            Service::Logging => logging::collect(cx).await,
            Service::Scc => scc::collect(cx).await,
            Service::Storage => storage::collect(cx).await,
        }
    }
}

impl Collector for Gcp {
    const PROVIDER: &'static str = "gcp";
    type Options = GcpOptions;

    fn operations() -> &'static [Operation] {
        operations()
    }

    /// `GOOGLE_APPLICATION_CREDENTIALS` is set, or gcloud's application
    /// default credentials file exists (`gcloud auth application-default
    /// login`). The metadata server is not probed: that would be a network call.
    fn credentials_configured() -> bool {
        if std::env::var_os("GOOGLE_APPLICATION_CREDENTIALS").is_some_and(|v| !v.is_empty()) {
            return true;
        }
        let file = if cfg!(windows) {
            std::env::var_os("APPDATA")
                .map(|d| std::path::PathBuf::from(d).join("gcloud/application_default_credentials.json"))
        } else {
            std::env::var_os("HOME")
                .map(|d| std::path::PathBuf::from(d).join(".config/gcloud/application_default_credentials.json"))
        };
        file.is_some_and(|f| f.is_file())
    }

    async fn collect(
        opts: &GcpOptions,
        req: &Request,
        progress: &ProviderProgress,
    ) -> Result<Collection, CollectError> {
        collect(opts, req, progress).await
    }

    fn permissions(kinds: Option<&[String]>) -> String {
        permissions::render(operations(), kinds)
    }
}

/// rustls needs one process-wide crypto provider; ring keeps aws-lc (and
/// its C build) out. Already installed (by us or the host): fine. (Its
/// deprecation note is about post-quantum key exchange, which Google's
/// endpoints do not require.)
fn install_crypto_provider() {
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn fatal(message: impl Into<String>) -> CollectError {
    CollectError::Fatal { provider: "gcp", message: message.into() }
}

async fn collect(opts: &GcpOptions, req: &Request, progress: &ProviderProgress) -> Result<Collection, CollectError> {
    install_crypto_provider();
    let endpoints = Endpoints::from_env();
    let credentials = google_cloud_auth::credentials::Builder::default().with_scopes([SCOPE]).build().map_err(|e| {
        CollectError::NoCredentials {
            provider: "gcp",
            hint: format!(
                "{e}. Run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service account key or workload identity federation file"
            ),
        }
    })?;
    collect_with(opts, req, progress, endpoints, credentials).await
}

async fn collect_with(
    opts: &GcpOptions,
    req: &Request,
    progress: &ProviderProgress,
    endpoints: Endpoints,
    credentials: google_cloud_auth::credentials::Credentials,
) -> Result<Collection, CollectError> {
    install_crypto_provider();
    // One token up front: without one nothing can be collected, and the
    // error says so once instead of once per call.
    if let Err(e) = credentials.headers(http::Extensions::new()).await {
        return Err(CollectError::NoCredentials {
            provider: "gcp",
            hint: format!(
                "could not obtain a Google access token ({e}). Application Default Credentials are looked up in GOOGLE_APPLICATION_CREDENTIALS, then gcloud's application_default_credentials.json, then the metadata server: run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS"
            ),
        });
    }
    let http = reqwest::Client::builder()
        .user_agent(concat!("splitline/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| fatal(format!("cannot build the HTTP client: {e}")))?;
    let sink = Sink::new("gcp", progress);
    let api = Api::new(http, Some(credentials), endpoints, req, sink.clone());

    let services: Vec<Service> = Service::ALL.into_iter().filter(|s| req.wants_any(s.kinds())).collect();
    let projects = discover(opts, &api, req).await?;
    let req = Arc::new(req.clone());
    progress.add_units((services.len() * projects.len()) as u64);
    let mut set = tokio::task::JoinSet::new();
    for project in projects {
        let name = project.resource.as_ref().and_then(|r| r["displayName"].as_str()).map(str::to_string);
        sink.account(project.id.clone(), name);
        let project = Arc::new(project);
        for &service in &services {
            let cx = Cx { api: api.clone(), req: req.clone(), project: project.clone() };
            let progress = progress.clone();
            set.spawn(async move {
                service.run(cx).await;
                progress.unit_done();
            });
        }
    }
    while let Some(r) = set.join_next().await {
        if let Err(e) = r {
            tracing::error!("a Google Cloud service task failed: {e}");
        }
    }
    drop(api);
    Ok(sink.finish())
}

/// The projects to collect: the ones named (each read with `projects.get`;
/// one that cannot be read is still collected, with a gap for its project
/// kind), or every active project `projects.search` returns.
async fn discover(opts: &GcpOptions, api: &Api, req: &Request) -> Result<Vec<Project>, CollectError> {
    if !opts.projects.is_empty() {
        let mut out = Vec::new();
        for id in &opts.projects {
            match resourcemanager::get(api, id).await {
                Ok(doc) => {
                    let pid = doc["projectId"].as_str().unwrap_or(id).to_string();
                    out.push(Project { id: pid, resource: Some(doc) });
                }
                Err(e) => {
                    if req.wants(resourcemanager::PROJECT) {
                        api.sink.gap(id, "global", resourcemanager::PROJECT, e.code, e.reason);
                    }
                    out.push(Project { id: id.clone(), resource: None });
                }
            }
        }
        return Ok(out);
    }
    let found = resourcemanager::search(api).await.map_err(|e| {
        fatal(format!(
            "cannot list the projects this identity can see: {}. Name projects explicitly to skip discovery",
            e.reason
        ))
    })?;
    let projects: Vec<Project> = found
        .into_iter()
        .filter_map(|doc| doc["projectId"].as_str().map(str::to_string).map(|id| Project { id, resource: Some(doc) }))
        .collect::<Vec<_>>();
    if projects.is_empty() {
        return Err(fatal(
            "no active project is visible to this identity (projects.search returned none); grant it access or name the projects",
        ));
    }
    Ok(projects)
}
