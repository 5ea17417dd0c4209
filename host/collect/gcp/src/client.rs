//! One HTTP client for every Google Cloud REST (JSON) API: Application
//! Default Credentials headers, the shared concurrency limiter, bounded
//! retries honouring `Retry-After`, paging, and the mapping of Google's
//! error bodies to coverage-gap codes. Every call is recorded on the sink
//! under its registry entry.

use std::sync::Arc;
use std::time::Duration;

use google_cloud_auth::credentials::{CacheableResource, Credentials};
use serde_json::{Map, Value};
use splitline_collect::{GapCode, Operation, PaceKey, Pacer, Request, Sink, is_throttle, retry};

/// Test hook: every `https://HOST/PATH` request goes to `{value}/HOST/PATH`.
pub const TEST_ENDPOINT_VAR: &str = "SPLITLINE_GCP_TEST_ENDPOINT";
/// The variable Google's client libraries and tools read to reach a Cloud
/// Storage emulator (`http://127.0.0.1:9023` or `127.0.0.1:9023`).
pub const STORAGE_EMULATOR_VAR: &str = "STORAGE_EMULATOR_HOST";

/// Pages followed at most for one list call (a runaway `nextPageToken`
/// loop must end).
const MAX_PAGES: usize = 1000;

/// A failed call, already classified.
#[derive(Clone, Debug)]
pub struct CallError {
    pub code: GapCode,
    /// HTTP status, when the API answered.
    pub status: Option<u16>,
    /// `error.status` of Google's error body (`PERMISSION_DENIED`, `FAILED_PRECONDITION`).
    pub api_status: Option<String>,
    /// One sentence for the gap: operation, project, the provider's message and what to do.
    pub reason: String,
}

/// Where requests go: the real Google hosts, or the test hooks.
#[derive(Clone, Debug, Default)]
pub struct Endpoints {
    /// `SPLITLINE_GCP_TEST_ENDPOINT`: a base URL that prefixes `HOST/PATH`.
    pub test_endpoint: Option<String>,
    /// `STORAGE_EMULATOR_HOST`: base URL of a Cloud Storage emulator.
    pub storage_emulator: Option<String>,
}

impl Endpoints {
    pub fn from_env() -> Endpoints {
        let test_endpoint = std::env::var(TEST_ENDPOINT_VAR).ok().filter(|v| !v.trim().is_empty());
        let storage_emulator = std::env::var(STORAGE_EMULATOR_VAR).ok().filter(|v| !v.trim().is_empty()).map(|v| {
            let v = v.trim().trim_end_matches('/').to_string();
            if v.starts_with("http://") || v.starts_with("https://") { v } else { format!("http://{v}") }
        });
        if let Some(e) = &test_endpoint {
            tracing::warn!(
                endpoint = %e,
                "{TEST_ENDPOINT_VAR} is set: Google Cloud API requests go to this test endpoint, not to Google"
            );
        }
        if let Some(e) = &storage_emulator {
            tracing::warn!(endpoint = %e, "{STORAGE_EMULATOR_VAR} is set: Cloud Storage requests go to this emulator");
        }
        Endpoints { test_endpoint: test_endpoint.map(|v| v.trim().trim_end_matches('/').to_string()), storage_emulator }
    }

    /// The URL to send a request for `https://HOST/PATH` to.
    pub fn resolve(&self, url: &str) -> String {
        if let Some(rest) = url.strip_prefix("https://storage.googleapis.com")
            && let Some(emu) = &self.storage_emulator
        {
            return format!("{emu}{rest}");
        }
        match (&self.test_endpoint, url.strip_prefix("https://")) {
            (Some(base), Some(rest)) => format!("{base}/{rest}"),
            _ => url.to_string(),
        }
    }
}

/// The shared client. Cheap to clone.
#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    credentials: Option<Credentials>,
    endpoints: Arc<Endpoints>,
    limiter: Arc<tokio::sync::Semaphore>,
    /// Pacing per (project, service), shared by every project.
    pacer: Arc<Pacer>,
    max_attempts: u32,
    call_timeout: Duration,
    /// Base delay of the exponential back-off (tests shorten nothing: the
    /// recordings send `Retry-After`).
    base_delay: Duration,
    max_delay: Duration,
    pub sink: Sink,
}

#[derive(Clone, Copy)]
enum Method {
    Get,
    Post,
}

impl Api {
    pub fn new(
        http: reqwest::Client,
        credentials: Option<Credentials>,
        endpoints: Endpoints,
        req: &Request,
        sink: Sink,
    ) -> Api {
        Api {
            http,
            credentials,
            endpoints: Arc::new(endpoints),
            limiter: req.limiter().clone(),
            pacer: req.pacer().clone(),
            max_attempts: req.max_attempts.max(1),
            call_timeout: req.call_timeout,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            sink,
        }
    }

    /// `GET url` with `query`; records the call under `op`.
    pub async fn get(
        &self,
        op: &Operation,
        project: &str,
        url: &str,
        query: &[(&str, &str)],
    ) -> Result<Value, CallError> {
        self.call(op, project, Method::Get, url, query, None).await
    }

    /// `POST url` with a JSON body: only for `getIamPolicy` methods that
    /// Google defines as POST (read-only; permission `*.getIamPolicy`).
    pub async fn post_read(&self, op: &Operation, project: &str, url: &str, body: Value) -> Result<Value, CallError> {
        debug_assert!(op.permission.ends_with(".getIamPolicy"), "POST is only for getIamPolicy: {}", op.name);
        self.call(op, project, Method::Post, url, &[], Some(body)).await
    }

    /// Every item of a paged list: `field` of each page, following
    /// `nextPageToken` with `pageToken`.
    pub async fn list(
        &self,
        op: &Operation,
        project: &str,
        url: &str,
        query: &[(&str, &str)],
        field: &str,
    ) -> Result<Vec<Value>, CallError> {
        let mut out = Vec::new();
        self.pages(op, project, url, query, |page| {
            if let Some(Value::Array(items)) = page.get_mut(field).map(Value::take) {
                out.extend(items);
            }
        })
        .await?;
        Ok(out)
    }

    /// Calls `each` on every page of a paged list.
    pub async fn pages(
        &self,
        op: &Operation,
        project: &str,
        url: &str,
        query: &[(&str, &str)],
        mut each: impl FnMut(&mut Value),
    ) -> Result<(), CallError> {
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut q: Vec<(&str, &str)> = query.to_vec();
            if let Some(t) = &token {
                q.push(("pageToken", t));
            }
            let mut page = self.get(op, project, url, &q).await?;
            each(&mut page);
            match page.get("nextPageToken").and_then(Value::as_str) {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => return Ok(()),
            }
        }
        Err(CallError {
            code: GapCode::MalformedResponse,
            status: None,
            api_status: None,
            reason: format!("{} {} on {project}: more than {MAX_PAGES} pages; stopped", op.service, op.name),
        })
    }

    async fn call(
        &self,
        op: &Operation,
        project: &str,
        method: Method,
        url: &str,
        query: &[(&str, &str)],
        body: Option<Value>,
    ) -> Result<Value, CallError> {
        let result = match tokio::time::timeout(self.call_timeout, self.attempts(op, project, method, url, query, body))
            .await
        {
            Ok(r) => r,
            Err(_) => Err(CallError {
                code: GapCode::Timeout,
                status: None,
                api_status: None,
                reason: format!(
                    "{} {} on {project}: no answer within {:?} (retries included); try again later or raise the timeout",
                    op.service, op.name, self.call_timeout
                ),
            }),
        };
        self.sink.call(op.service, op.name, project, "global", result.as_ref().err().map(|e| e.code));
        result
    }

    async fn attempts(
        &self,
        op: &Operation,
        project: &str,
        method: Method,
        url: &str,
        query: &[(&str, &str)],
        body: Option<Value>,
    ) -> Result<Value, CallError> {
        let target = self.endpoints.resolve(url);
        // A wait that would end past the call timeout is not taken: the call
        // ends with the answer it has (`throttled`, `unavailable`), not `timeout`.
        let deadline = std::time::Instant::now() + self.call_timeout;
        let pace = PaceKey { account: project.to_string(), region: "global".into(), service: op.service.into() };
        let mut attempt = 1;
        loop {
            let headers = self.auth_headers(op, project).await?;
            let mut rb = match method {
                Method::Get => self.http.get(&target),
                Method::Post => self.http.post(&target),
            };
            rb = rb.headers(headers).timeout(self.call_timeout).header("accept", "application/json");
            if !query.is_empty() {
                rb = rb.query(query);
            }
            if let Some(b) = &body {
                rb = rb.header("content-type", "application/json").body(b.to_string());
            }
            self.pacer.wait(&pace).await;
            let outcome = {
                let _permit = self.limiter.acquire().await;
                match rb.send().await {
                    Ok(resp) => {
                        let status = resp.status().as_u16();
                        let retry_after = resp
                            .headers()
                            .get("retry-after")
                            .and_then(|v| v.to_str().ok())
                            .and_then(retry::parse_retry_after);
                        match resp.bytes().await {
                            Ok(bytes) => Ok((status, retry_after, bytes)),
                            Err(e) => Err(e),
                        }
                    }
                    Err(e) => Err(e),
                }
            };
            if let Ok((status, _, bytes)) = &outcome {
                self.pacer.record(&pace, is_throttle(*status, bytes));
            }
            match outcome {
                Ok((status, _, bytes)) if (200..300).contains(&status) => {
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        return Ok(Value::Object(Map::new()));
                    }
                    return serde_json::from_slice(&bytes).map_err(|e| CallError {
                        code: GapCode::MalformedResponse,
                        status: Some(status),
                        api_status: None,
                        reason: format!("{} {} on {project}: the answer is not JSON ({e})", op.service, op.name),
                    });
                }
                Ok((status, retry_after, bytes)) => {
                    let wait = retry::delay(attempt, retry_after, self.base_delay, self.max_delay);
                    if retry::is_retryable(status)
                        && attempt < self.max_attempts
                        && std::time::Instant::now() + wait < deadline
                    {
                        tracing::debug!(
                            service = op.service,
                            op = op.name,
                            project,
                            status,
                            ?wait,
                            attempt,
                            "retrying"
                        );
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(classify(op, project, status, &bytes, attempt));
                }
                Err(e) => {
                    let code = if e.is_timeout() { GapCode::Timeout } else { GapCode::Unavailable };
                    if attempt < self.max_attempts && (e.is_timeout() || e.is_connect() || e.is_request()) {
                        let wait = retry::delay(attempt, None, self.base_delay, self.max_delay);
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(CallError {
                        code,
                        status: None,
                        api_status: None,
                        reason: format!(
                            "{} {} on {project}: {} after {attempt} attempt(s); check the network and try again",
                            op.service,
                            op.name,
                            transport_message(&e)
                        ),
                    });
                }
            }
        }
    }

    async fn auth_headers(&self, op: &Operation, project: &str) -> Result<http::HeaderMap, CallError> {
        let Some(creds) = &self.credentials else { return Ok(http::HeaderMap::new()) };
        match creds.headers(http::Extensions::new()).await {
            Ok(CacheableResource::New { data, .. }) => Ok(data),
            Ok(CacheableResource::NotModified) => Ok(http::HeaderMap::new()),
            Err(e) => Err(CallError {
                code: GapCode::AccessDenied,
                status: None,
                api_status: None,
                // The error text of google-cloud-auth names the failing step, never the token.
                reason: format!(
                    "{} {} on {project}: could not obtain a Google access token ({e}); run `gcloud auth application-default login` or check GOOGLE_APPLICATION_CREDENTIALS",
                    op.service, op.name
                ),
            }),
        }
    }
}

/// A transport error without the URL's query (it never holds secrets, but
/// page tokens are noise).
fn transport_message(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    let host = e.url().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
    format!("{kind} ({host})")
}

/// Maps a Google error answer to a gap code and a reason. Google's JSON
/// error body: `{"error": {"code", "message", "status", "details": [{"@type":
/// "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SERVICE_DISABLED", …}]}}`;
/// the Cloud Storage JSON API's: `{"error": {"code", "message", "errors": [{"reason"}]}}`.
pub fn classify(op: &Operation, project: &str, status: u16, body: &[u8], attempts: u32) -> CallError {
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let err = &parsed["error"];
    let message = err["message"].as_str().map(str::to_string).unwrap_or_else(|| {
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        if text.is_empty() { "(no message)".into() } else { text.chars().take(300).collect() }
    });
    let api_status = err["status"].as_str().map(str::to_string);
    let mut reasons: Vec<&str> = Vec::new();
    if let Some(details) = err["details"].as_array() {
        reasons.extend(details.iter().filter_map(|d| d["reason"].as_str()));
    }
    if let Some(errors) = err["errors"].as_array() {
        reasons.extend(errors.iter().filter_map(|d| d["reason"].as_str()));
    }
    let disabled = reasons.iter().any(|r| matches!(*r, "SERVICE_DISABLED" | "accessNotConfigured" | "API_DISABLED"))
        || message.contains("has not been used in project")
        || message.contains("it is disabled");
    let code = match status {
        403 if disabled => GapCode::NotEnabled,
        400 if disabled => GapCode::NotEnabled,
        429 => GapCode::Throttled,
        s => GapCode::from_http_status(s),
    };
    let hint = match code {
        GapCode::NotEnabled => "enable the API in the project (or leave it: nothing of this kind can exist there)",
        GapCode::AccessDenied => "grant the permission (`splitline permissions gcp` prints a role with every one)",
        GapCode::Throttled => "the quota was still exceeded after the retries; try again later or lower --concurrency",
        GapCode::Unavailable => "the service did not answer; try again later",
        _ => "see the message",
    };
    let status_word = api_status.as_deref().map(|s| format!(" {s}")).unwrap_or_default();
    let tries = if attempts > 1 { format!(" after {attempts} attempts") } else { String::new() };
    CallError {
        code,
        status: Some(status),
        api_status,
        reason: format!(
            "{} {} on {project}: HTTP {status}{status_word}{tries}: {}; {hint}",
            op.service,
            op.name,
            message.trim_end_matches('.')
        ),
    }
}

/// The last segment of a `/`-separated resource name or URL.
pub fn last_segment(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// The region of a zone (`europe-west1-b` → `europe-west1`); a zone URL works too.
pub fn zone_region(zone: &str) -> String {
    let z = last_segment(zone);
    match z.rsplit_once('-') {
        Some((region, suffix)) if suffix.len() == 1 => region.to_string(),
        _ => z.to_string(),
    }
}

/// `labels` as a tag map.
pub fn labels(v: &Value) -> std::collections::BTreeMap<String, String> {
    v.as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string))).collect())
        .unwrap_or_default()
}

/// Percent-encodes one path segment (service account emails hold `@`).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: Operation = Operation { service: "cloudkms", name: "x.list", permission: "cloudkms.x.list", kinds: &[] };

    #[test]
    fn service_disabled_is_not_enabled_other_403_is_denied() {
        let body = br#"{"error": {"code": 403, "message": "Cloud Key Management Service (KMS) API has not been used in project 1 before or it is disabled.", "status": "PERMISSION_DENIED",
            "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SERVICE_DISABLED", "domain": "googleapis.com"}]}}"#;
        let e = classify(&OP, "p", 403, body, 1);
        assert_eq!(e.code, GapCode::NotEnabled, "{}", e.reason);
        assert!(e.reason.contains("cloudkms x.list on p: HTTP 403 PERMISSION_DENIED"), "{}", e.reason);
        let denied = br#"{"error": {"code": 403, "message": "Permission 'cloudkms.keyRings.list' denied", "status": "PERMISSION_DENIED"}}"#;
        assert_eq!(classify(&OP, "p", 403, denied, 1).code, GapCode::AccessDenied);
        let gcs = br#"{"error": {"code": 403, "message": "x", "errors": [{"reason": "accessNotConfigured"}]}}"#;
        assert_eq!(classify(&OP, "p", 403, gcs, 1).code, GapCode::NotEnabled);
        let e = classify(&OP, "p", 429, b"", 4);
        assert_eq!(e.code, GapCode::Throttled);
        assert!(e.reason.contains("after 4 attempts"), "{}", e.reason);
        assert_eq!(classify(&OP, "p", 503, b"oops", 1).code, GapCode::Unavailable);
    }

    #[test]
    fn endpoints_rewrite_hosts() {
        let e = Endpoints { test_endpoint: Some("http://127.0.0.1:9".into()), storage_emulator: None };
        assert_eq!(
            e.resolve("https://compute.googleapis.com/compute/v1/projects/p"),
            "http://127.0.0.1:9/compute.googleapis.com/compute/v1/projects/p"
        );
        let e = Endpoints { test_endpoint: None, storage_emulator: Some("http://127.0.0.1:8".into()) };
        assert_eq!(e.resolve("https://storage.googleapis.com/storage/v1/b"), "http://127.0.0.1:8/storage/v1/b");
        assert_eq!(e.resolve("https://run.googleapis.com/v2/x"), "https://run.googleapis.com/v2/x");
    }

    #[test]
    fn zones_map_to_regions() {
        assert_eq!(
            zone_region("https://www.googleapis.com/compute/v1/projects/p/zones/europe-west1-b"),
            "europe-west1"
        );
        assert_eq!(zone_region("us-central1-f"), "us-central1");
        assert_eq!(encode_segment("a b@c.iam"), "a%20b@c.iam");
    }
}
