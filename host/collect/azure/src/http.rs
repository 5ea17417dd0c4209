//! Calls to Azure Resource Manager and Microsoft Graph through azure_core's
//! pipeline: bearer token per plane, bounded concurrency, retries honouring
//! `Retry-After`, paging through `nextLink` / `@odata.nextLink`, and one
//! `sink.call` per HTTP attempt under the operation's registry name.

use std::sync::Arc;
use std::time::{Duration, Instant};

use azure_core::credentials::TokenCredential;
use azure_core::http::policies::Policy;
use azure_core::http::policies::auth::BearerTokenAuthorizationPolicy;
use azure_core::http::{
    ClientOptions, Context, Method, Pipeline, PipelineSendOptions, RawResponse, Request as HttpRequest, RetryOptions,
    Transport, Url,
};
use serde_json::Value;
use splitline_collect::{GapCode, Operation, PaceKey, Pacer, Request, Sink, is_throttle, retry};

use crate::error::CallError;

pub const ARM: &str = "https://management.azure.com";
pub const GRAPH: &str = "https://graph.microsoft.com/v1.0";
const ARM_SCOPE: &str = "https://management.azure.com/.default";
const GRAPH_SCOPE: &str = "https://graph.microsoft.com/.default";

/// Which API a call goes to (decides the token scope).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plane {
    Arm,
    Graph,
}

/// The shared HTTP machinery of one collection.
pub struct Api {
    arm: Pipeline,
    graph: Pipeline,
    sink: Sink,
    limiter: Arc<tokio::sync::Semaphore>,
    /// Pacing per (subscription, service), shared by every subscription.
    pacer: Arc<Pacer>,
    call_timeout: Duration,
    max_attempts: u32,
    /// Back-off base and cap between attempts.
    backoff: (Duration, Duration),
}

/// Client options for every pipeline and credential: no SDK retry (ours
/// honours the attempt bound and records each attempt), and the test
/// transport when the test hook is set.
pub fn client_options(transport: Option<&Transport>) -> ClientOptions {
    ClientOptions { retry: RetryOptions::none(), transport: transport.cloned(), ..ClientOptions::default() }
}

impl Api {
    pub fn new(credential: Arc<dyn TokenCredential>, transport: Option<&Transport>, req: &Request, sink: Sink) -> Api {
        let pipeline = |scope: &'static str| {
            let bearer: Arc<dyn Policy> = Arc::new(BearerTokenAuthorizationPolicy::new(credential.clone(), [scope]));
            Pipeline::new(
                option_env!("CARGO_PKG_NAME"),
                option_env!("CARGO_PKG_VERSION"),
                client_options(transport),
                Vec::new(),
                vec![bearer],
                None,
            )
        };
        Api {
            arm: pipeline(ARM_SCOPE),
            graph: pipeline(GRAPH_SCOPE),
            sink,
            limiter: req.limiter().clone(),
            pacer: req.pacer().clone(),
            call_timeout: req.call_timeout,
            max_attempts: req.max_attempts.max(1),
            backoff: (Duration::from_millis(500), Duration::from_secs(30)),
        }
    }

    pub fn sink(&self) -> &Sink {
        &self.sink
    }

    /// GET `url` and parse the JSON answer.
    pub async fn get(&self, plane: Plane, op: &Operation, account: &str, url: &str) -> Result<Value, CallError> {
        self.send(plane, Method::Get, op, account, url).await
    }

    /// POST with an empty body (the ARM `…/list` actions that read).
    pub async fn post(&self, plane: Plane, op: &Operation, account: &str, url: &str) -> Result<Value, CallError> {
        self.send(plane, Method::Post, op, account, url).await
    }

    /// GET a collection and every further page: the elements of `value`.
    pub async fn list(&self, plane: Plane, op: &Operation, account: &str, url: &str) -> Result<Vec<Value>, CallError> {
        let mut items = Vec::new();
        let mut next = Some(url.to_string());
        let mut pages = 0;
        while let Some(url) = next.take() {
            let page = self.get(plane, op, account, &url).await?;
            pages += 1;
            match page.get("value") {
                Some(Value::Array(v)) => items.extend(v.iter().cloned()),
                Some(Value::Null) | None => {}
                Some(_) => return Err(CallError::malformed(op, "`value` is not an array")),
            }
            let link = page.get("nextLink").or_else(|| page.get("@odata.nextLink")).and_then(Value::as_str);
            if let Some(link) = link.filter(|l| !l.is_empty()) {
                // Never send the token to a host other than the plane's own.
                if !same_host(link, url.as_str()) {
                    return Err(CallError::malformed(op, "the next page link points to another host"));
                }
                if pages >= 10_000 {
                    return Err(CallError::malformed(op, "more than 10000 pages"));
                }
                next = Some(link.to_string());
            }
        }
        Ok(items)
    }

    async fn send(
        &self,
        plane: Plane,
        method: Method,
        op: &Operation,
        account: &str,
        url: &str,
    ) -> Result<Value, CallError> {
        let parsed = Url::parse(url).map_err(|e| CallError::malformed(op, &format!("bad URL: {e}")))?;
        let pipeline = match plane {
            Plane::Arm => &self.arm,
            Plane::Graph => &self.graph,
        };
        let deadline = Instant::now() + self.call_timeout;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = HttpRequest::new(parsed.clone(), method);
            request.insert_header("accept", "application/json");
            if method == Method::Post {
                request.insert_header("content-length", "0");
            }
            let pace = PaceKey { account: account.to_string(), region: "global".into(), service: op.service.into() };
            self.pacer.wait(&pace).await;
            let outcome = {
                let _permit = self.limiter.acquire().await;
                let remaining = deadline.saturating_duration_since(Instant::now());
                let ctx = Context::new();
                let send = pipeline.send(
                    &ctx,
                    &mut request,
                    Some(PipelineSendOptions { skip_checks: true, ..PipelineSendOptions::default() }),
                );
                tokio::time::timeout(remaining, send).await
            };
            let (error, retry_after) = match outcome {
                Err(_) => {
                    (CallError::new(op, GapCode::Timeout, None, "no answer within the call timeout".into()), None)
                }
                Ok(Err(e)) => (CallError::from_core(op, &e), None),
                Ok(Ok(raw)) => {
                    let status = u16::from(raw.status());
                    self.pacer.record(&pace, is_throttle(status, raw.body().as_ref()));
                    if (200..300).contains(&status) {
                        self.sink.call(op.service, op.name, account, "global", None);
                        return parse_json(op, &raw);
                    }
                    let retry_after = raw
                        .headers()
                        .iter()
                        .find(|(k, _)| k.as_str().eq_ignore_ascii_case("retry-after"))
                        .and_then(|(_, v)| retry::parse_retry_after(v.as_str()));
                    (CallError::from_response(op, status, raw.body().as_ref()), retry_after)
                }
            };
            self.sink.call(op.service, op.name, account, "global", Some(error.code));
            let retryable = error.status.is_some_and(retry::is_retryable) || error.code == GapCode::Unavailable;
            if !retryable || attempt >= self.max_attempts || error.code == GapCode::Timeout {
                return Err(error.after_attempts(attempt));
            }
            let wait = retry::delay(attempt, retry_after, self.backoff.0, self.backoff.1);
            if Instant::now() + wait >= deadline {
                return Err(error.after_attempts(attempt));
            }
            tracing::debug!(
                service = op.service,
                operation = op.name,
                attempt,
                wait_ms = wait.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }
}

fn parse_json(op: &Operation, raw: &RawResponse) -> Result<Value, CallError> {
    let body = raw.body().as_ref();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|e| CallError::malformed(op, &format!("the answer is not JSON ({e})")))
}

fn same_host(a: &str, b: &str) -> bool {
    match (Url::parse(a), Url::parse(b)) {
        (Ok(a), Ok(b)) => a.scheme() == b.scheme() && a.host_str() == b.host_str() && a.port() == b.port(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_links_must_stay_on_the_host() {
        assert!(same_host("https://management.azure.com/a?x=1", "https://management.azure.com/b"));
        assert!(!same_host("https://evil.example/a", "https://management.azure.com/b"));
        assert!(!same_host("http://management.azure.com/a", "https://management.azure.com/b"));
    }
}
