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
mod discovery;
#[cfg(test)]
mod discovery_tests;
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

use splitline_collect::{
    ApiCall, CollectError, Collection, Collector, Gap, Operation, ProviderProgress, Request, Sink,
};

pub use client::{STORAGE_EMULATOR_VAR, TEST_ENDPOINT_VAR};
pub use discovery::{Ancestor, Target};

use crate::client::{Api, Endpoints};
use crate::cx::{Cx, Project};

/// Which projects.
#[derive(Clone, Debug, Default)]
pub struct GcpOptions {
    /// Exactly these projects (`organizations` and `folders` are then not
    /// used). Empty: those under `organizations` and `folders`, or every
    /// active project the identity can list (`projects.search`).
    pub projects: Vec<String>,
    /// Organization ids (`123` or `organizations/123`): every project under
    /// each, in every folder.
    pub organizations: Vec<String>,
    /// Folder ids (`456` or `folders/456`): every project under each, in
    /// every sub-folder.
    pub folders: Vec<String>,
    /// Collect exactly these projects as [`discover_projects`] found them,
    /// with no discovery call (a scan that discovered first and collects
    /// one project at a time). Overrides the three fields above.
    pub discovered: Vec<Target>,
}

/// What [`discover_projects`] found.
#[derive(Debug)]
pub struct Discovery {
    /// Every project found, in order; those with `skipped` set are not
    /// collected by [`Gcp::collect`].
    pub targets: Vec<Target>,
    /// Folders below a named organization or folder that could not be
    /// listed (account `folders/N`, kind `gcp.resourcemanager.project`).
    pub gaps: Vec<Gap>,
    /// The API calls discovery made (for `--api-log`).
    pub calls: Vec<ApiCall>,
}

impl Discovery {
    /// The projects to collect (those not skipped).
    pub fn to_collect(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(|t| t.skipped.is_none())
    }
}

/// The projects [`Gcp::collect`] would collect with `opts`, and those it
/// would skip with why, without collecting anything. To collect them one at
/// a time, call `collect` with `projects: vec![target.id]` (and no
/// organizations or folders). Credentials: Application Default Credentials.
pub async fn discover_projects(opts: &GcpOptions, req: &Request) -> Result<Discovery, CollectError> {
    install_crypto_provider();
    discover_with(opts, req, Endpoints::from_env(), adc()?).await
}

async fn discover_with(
    opts: &GcpOptions,
    req: &Request,
    endpoints: Endpoints,
    credentials: google_cloud_auth::credentials::Credentials,
) -> Result<Discovery, CollectError> {
    let sink = Sink::new("gcp", &ProviderProgress::hidden());
    let api = connect(req, endpoints, credentials, sink.clone()).await?;
    let targets = discover(opts, &api, req).await?;
    drop(api);
    let c = sink.finish();
    Ok(Discovery { targets, gaps: c.gaps, calls: c.calls })
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
    collect_with(opts, req, progress, endpoints, adc()?).await
}

/// Application Default Credentials.
fn adc() -> Result<google_cloud_auth::credentials::Credentials, CollectError> {
    google_cloud_auth::credentials::Builder::default().with_scopes([SCOPE]).build().map_err(|e| {
        CollectError::NoCredentials {
            provider: "gcp",
            hint: format!(
                "{e}. Run `gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS to a service account key or workload identity federation file"
            ),
        }
    })
}

/// The client, once a token could be obtained.
async fn connect(
    req: &Request,
    endpoints: Endpoints,
    credentials: google_cloud_auth::credentials::Credentials,
    sink: Sink,
) -> Result<Api, CollectError> {
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
    Ok(Api::new(http, Some(credentials), endpoints, req, sink))
}

async fn collect_with(
    opts: &GcpOptions,
    req: &Request,
    progress: &ProviderProgress,
    endpoints: Endpoints,
    credentials: google_cloud_auth::credentials::Credentials,
) -> Result<Collection, CollectError> {
    let sink = Sink::new("gcp", progress);
    let api = connect(req, endpoints, credentials, sink.clone()).await?;

    let services: Vec<Service> = Service::ALL.into_iter().filter(|s| req.wants_any(s.kinds())).collect();
    let projects = projects_to_collect(opts, &api, req).await?;
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

/// Every project found: see `discovery`'s module doc.
async fn discover(opts: &GcpOptions, api: &Api, req: &Request) -> Result<Vec<Target>, CollectError> {
    if !opts.discovered.is_empty() {
        return Ok(opts.discovered.clone());
    }
    if !opts.projects.is_empty() {
        return Ok(discovery::named(api, &opts.projects, req.wants(resourcemanager::PROJECT)).await);
    }
    let mut roots = Vec::new();
    for o in &opts.organizations {
        roots.push(discovery::parent_name("organizations", o)?);
    }
    for f in &opts.folders {
        roots.push(discovery::parent_name("folders", f)?);
    }
    if roots.is_empty() { discovery::searched(api).await } else { discovery::under(api, &roots).await }
}

/// The projects to collect; the skipped ones are logged.
async fn projects_to_collect(opts: &GcpOptions, api: &Api, req: &Request) -> Result<Vec<Project>, CollectError> {
    let targets = discover(opts, api, req).await?;
    let mut skipped = Vec::new();
    let mut projects = Vec::new();
    for t in targets {
        match &t.skipped {
            Some(reason) => {
                tracing::warn!("Google Cloud project {} skipped: {reason}", t.id);
                skipped.push(format!("{} ({reason})", t.id));
            }
            None => projects.push(Project { id: t.id, resource: t.document }),
        }
    }
    if projects.is_empty() {
        let scope: Vec<String> = opts
            .organizations
            .iter()
            .map(|o| format!("organization {o}"))
            .chain(opts.folders.iter().map(|f| format!("folder {f}")))
            .collect();
        let found = if skipped.is_empty() { String::new() } else { format!(" (skipped: {})", skipped.join("; ")) };
        return Err(fatal(if scope.is_empty() {
            format!(
                "no active project is visible to this identity (projects.search returned none){found}; grant it access or name the projects"
            )
        } else {
            format!("no active project under {}{found}", scope.join(", "))
        }));
    }
    Ok(projects)
}
