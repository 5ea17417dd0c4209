//! Credentials as Azure users expect them, tried in this order (the first
//! that yields a token is kept for the rest of the run):
//!
//! 1. environment: a service principal with `AZURE_TENANT_ID`,
//!    `AZURE_CLIENT_ID` and `AZURE_CLIENT_SECRET`, or
//!    `AZURE_CLIENT_CERTIFICATE_PATH` (PKCS#12, optional
//!    `AZURE_CLIENT_CERTIFICATE_PASSWORD`);
//! 2. workload identity: `AZURE_FEDERATED_TOKEN_FILE` with `AZURE_TENANT_ID`
//!    and `AZURE_CLIENT_ID` (AKS, GitHub Actions federation);
//! 3. managed identity: App Service / Functions / Arc (`IDENTITY_ENDPOINT`,
//!    `MSI_ENDPOINT`), or a VM's instance metadata service when
//!    `SPLITLINE_AZURE_MANAGED_IDENTITY=1` (opt-in, so that a run off Azure
//!    never probes 169.254.169.254); `AZURE_CLIENT_ID` picks a user-assigned
//!    identity;
//! 4. the Azure CLI's login (`az account get-access-token`).
//!
//! Test hook: `SPLITLINE_AZURE_TEST_ENDPOINT=http://127.0.0.1:PORT` sends
//! every request (token requests included) to a local server, as
//! `http://127.0.0.1:PORT/HOST/PATH`. It is for the recorded-response tests
//! only; a warning is logged when it is set.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use azure_core::credentials::{AccessToken, Secret, SecretBytes, TokenCredential, TokenRequestOptions};
use azure_core::error::ErrorKind;
use azure_core::http::{AsyncRawResponse, HttpClient, Request, Transport, Url, new_http_client};
use azure_identity::{
    AzureCliCredential, AzureCliCredentialOptions, ClientCertificateCredential, ClientCertificateCredentialOptions,
    ClientSecretCredential, ClientSecretCredentialOptions, ManagedIdentityCredential, ManagedIdentityCredentialOptions,
    UserAssignedId, WorkloadIdentityCredential, WorkloadIdentityCredentialOptions,
};

use crate::http::client_options;

/// The test hook that redirects every request to a local server.
pub const TEST_ENDPOINT_VAR: &str = "SPLITLINE_AZURE_TEST_ENDPOINT";

/// Whether credentials appear configured, without any network call.
pub fn configured() -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "IDENTITY_ENDPOINT", "MSI_ENDPOINT"]
        .iter()
        .any(|k| set(k))
    {
        return true;
    }
    cli_profile().is_some_and(|p| p.is_file())
}

/// `~/.azure/azureProfile.json` (or under `AZURE_CONFIG_DIR`): the Azure
/// CLI has logged in at least once.
fn cli_profile() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("AZURE_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("azureProfile.json"));
    }
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|h| PathBuf::from(h).join(".azure/azureProfile.json"))
}

/// The test transport, when the test hook is set.
pub fn test_transport() -> Result<Option<Transport>, String> {
    let Some(base) = std::env::var(TEST_ENDPOINT_VAR).ok().filter(|v| !v.is_empty()) else { return Ok(None) };
    let url = Url::parse(&base).map_err(|e| format!("{TEST_ENDPOINT_VAR}={base} is not a URL: {e}"))?;
    if !matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")) {
        return Err(format!("{TEST_ENDPOINT_VAR} must point to this machine (127.0.0.1), not {base}"));
    }
    tracing::warn!(
        "{TEST_ENDPOINT_VAR} is set: every Azure request goes to {base} instead of Azure (a test hook, not for real use)"
    );
    Ok(Some(redirect_to(&base)))
}

/// A transport that sends every request to `base` (a local test server).
pub fn redirect_to(base: &str) -> Transport {
    Transport::new(Arc::new(Redirect { base: base.trim_end_matches('/').to_string(), inner: new_http_client(None) }))
}

/// Rewrites `https://HOST/PATH?Q` to `BASE/HOST/PATH?Q` (tests only).
struct Redirect {
    base: String,
    inner: Arc<dyn HttpClient>,
}

impl fmt::Debug for Redirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redirect").field("base", &self.base).finish()
    }
}

pub fn redirected(base: &str, url: &Url) -> Result<Url, azure_core::Error> {
    let mut target = format!("{base}/{}{}", url.host_str().unwrap_or_default(), url.path());
    if let Some(q) = url.query() {
        target.push('?');
        target.push_str(q);
    }
    Url::parse(&target).map_err(|e| azure_core::Error::with_message(ErrorKind::DataConversion, format!("{e}")))
}

#[async_trait]
impl HttpClient for Redirect {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<AsyncRawResponse> {
        let mut r = request.clone();
        *r.url_mut() = redirected(&self.base, request.url())?;
        self.inner.execute_request(&r).await
    }
}

/// The credential chain.
pub struct Chain {
    links: Vec<(&'static str, Arc<dyn TokenCredential>)>,
    chosen: AtomicUsize,
}

impl fmt::Debug for Chain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Chain").field("links", &self.links.iter().map(|(n, _)| *n).collect::<Vec<_>>()).finish()
    }
}

const UNCHOSEN: usize = usize::MAX;

impl Chain {
    /// The credentials the environment allows, in order. `tenant` (the
    /// `--tenant` option) overrides `AZURE_TENANT_ID`.
    pub fn from_env(tenant: Option<&str>, transport: Option<&Transport>) -> Result<Chain, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let tenant_id = tenant.map(str::to_string).or_else(|| var("AZURE_TENANT_ID"));
        let client_id = var("AZURE_CLIENT_ID");
        let mut links: Vec<(&'static str, Arc<dyn TokenCredential>)> = Vec::new();
        let describe = |what: &str, e: azure_core::Error| format!("{what}: {e}");

        if let (Some(t), Some(c), Some(secret)) = (&tenant_id, &client_id, var("AZURE_CLIENT_SECRET")) {
            let options = ClientSecretCredentialOptions { client_options: client_options(transport) };
            let cred = ClientSecretCredential::new(t, c.clone(), Secret::new(secret), Some(options))
                .map_err(|e| describe("AZURE_CLIENT_SECRET credential", e))?;
            links.push(("environment (client secret)", cred));
        } else if let (Some(t), Some(c), Some(path)) = (&tenant_id, &client_id, var("AZURE_CLIENT_CERTIFICATE_PATH")) {
            let bytes = std::fs::read(&path).map_err(|e| format!("AZURE_CLIENT_CERTIFICATE_PATH={path}: {e}"))?;
            let options = ClientCertificateCredentialOptions {
                client_options: client_options(transport),
                password: var("AZURE_CLIENT_CERTIFICATE_PASSWORD").map(Secret::new),
            };
            let cred = ClientCertificateCredential::new(t.clone(), c.clone(), SecretBytes::from(bytes), Some(options))
                .map_err(|e| describe("AZURE_CLIENT_CERTIFICATE_PATH credential (a PKCS#12 file is expected)", e))?;
            links.push(("environment (client certificate)", cred));
        }
        if let (Some(t), Some(c), Some(file)) = (&tenant_id, &client_id, var("AZURE_FEDERATED_TOKEN_FILE")) {
            let mut options = WorkloadIdentityCredentialOptions {
                client_id: Some(c.clone()),
                tenant_id: Some(t.clone()),
                token_file_path: Some(PathBuf::from(file)),
                ..WorkloadIdentityCredentialOptions::default()
            };
            options.credential_options.client_options = client_options(transport);
            let cred = WorkloadIdentityCredential::new(Some(options)).map_err(|e| describe("workload identity", e))?;
            links.push(("workload identity", cred));
        }
        let app_service = var("IDENTITY_ENDPOINT").is_some() || var("MSI_ENDPOINT").is_some();
        let imds_opt_in = var("SPLITLINE_AZURE_MANAGED_IDENTITY").is_some_and(|v| v == "1" || v == "true");
        if app_service || imds_opt_in {
            let options = ManagedIdentityCredentialOptions {
                user_assigned_id: client_id.clone().map(UserAssignedId::ClientId),
                client_options: client_options(transport),
            };
            let cred = ManagedIdentityCredential::new(Some(options)).map_err(|e| describe("managed identity", e))?;
            links.push(("managed identity", cred));
        }
        if transport.is_none() {
            let options = AzureCliCredentialOptions { tenant_id: tenant.map(str::to_string), ..Default::default() };
            if let Ok(cred) = AzureCliCredential::new(Some(options)) {
                links.push(("Azure CLI", cred));
            }
        }
        if links.is_empty() {
            return Err("no usable credential: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or \
                        AZURE_CLIENT_CERTIFICATE_PATH), use workload or managed identity, or run `az login`"
                .into());
        }
        Ok(Chain { links, chosen: AtomicUsize::new(UNCHOSEN) })
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.links.iter().map(|(n, _)| *n).collect()
    }
}

#[async_trait]
impl TokenCredential for Chain {
    async fn get_token(
        &self,
        scopes: &[&str],
        options: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        let chosen = self.chosen.load(Ordering::Relaxed);
        if chosen != UNCHOSEN {
            return self.links[chosen].1.get_token(scopes, options).await;
        }
        let mut failures = Vec::new();
        for (i, (name, cred)) in self.links.iter().enumerate() {
            match cred.get_token(scopes, options.clone()).await {
                Ok(token) => {
                    self.chosen.store(i, Ordering::Relaxed);
                    tracing::debug!(credential = *name, "Azure credential chosen");
                    return Ok(token);
                }
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
        Err(azure_core::Error::with_message(
            ErrorKind::Credential,
            format!("no credential produced a token ({})", failures.join("; ")),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_transport_keeps_host_path_and_query() {
        let url = Url::parse("https://management.azure.com/subscriptions?api-version=2022-12-01").unwrap();
        let r = redirected("http://127.0.0.1:9", &url).unwrap();
        assert_eq!(r.as_str(), "http://127.0.0.1:9/management.azure.com/subscriptions?api-version=2022-12-01");
        let url = Url::parse("https://login.microsoftonline.com/t/oauth2/v2.0/token").unwrap();
        assert_eq!(
            redirected("http://127.0.0.1:9", &url).unwrap().path(),
            "/login.microsoftonline.com/t/oauth2/v2.0/token"
        );
    }
}
