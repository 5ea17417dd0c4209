//! Every API call goes through [`Cx::call`]: it holds a permit of the
//! request's limiter, runs the SDK future inside a task-local slot that the
//! [`Recorder`] interceptor fills with what the SDK actually sent (service
//! and operation from the config bag's `Metadata`), classifies a failure
//! into a [`GapCode`], and records the calls in the sink.

use std::error::Error as StdError;
use std::future::Future;
use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpResponse, Metadata};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use splitline_collect::{GapCode, Request, Sink};

/// One operation the SDK executed: registry service, operation name, and
/// how many attempts were transmitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub service: &'static str,
    pub operation: String,
    pub attempts: u32,
    /// Attempts answered with a throttling error.
    pub throttles: u32,
}

/// What the interceptor fills for the call in progress.
pub type Slot = Arc<Mutex<Vec<Sent>>>;

tokio::task_local! {
    static SENT: Slot;
}

/// Runs `fut` with a fresh slot and returns what the SDK sent meanwhile.
pub async fn recording<T>(fut: impl Future<Output = T>) -> (T, Vec<Sent>) {
    let slot = Slot::default();
    let out = SENT.scope(slot.clone(), fut).await;
    let sent = std::mem::take(&mut *slot.lock().unwrap_or_else(|p| p.into_inner()));
    (out, sent)
}

/// The registry's service name for the SDK's service id (`Metadata::service`).
pub fn registry_service(sdk_service: &str) -> &'static str {
    match sdk_service.replace(' ', "").as_str() {
        "S3" => "s3",
        "S3Control" => "s3control",
        "EC2" => "ec2",
        "IAM" => "iam",
        "Lambda" => "lambda",
        "RDS" => "rds",
        "KMS" => "kms",
        "CloudTrail" => "cloudtrail",
        "GuardDuty" => "guardduty",
        "ConfigService" => "config",
        "SecurityHub" => "securityhub",
        "APIGateway" => "apigateway",
        "ElasticBeanstalk" => "elasticbeanstalk",
        "SSM" => "ssm",
        "STS" => "sts",
        "AccessAnalyzer" => "access-analyzer",
        "Organizations" => "organizations",
        _ => "unknown",
    }
}

/// Notes one operation sent outside an SDK client with the [`Recorder`]
/// (the assume-role credentials provider's own STS client) in the slot of
/// the call in progress, if any.
pub fn note_sent(service: &'static str, operation: &str) {
    let _ = SENT.try_with(|slot| {
        let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
        slot.push(Sent { service, operation: operation.to_string(), attempts: 1, throttles: 0 });
    });
}

/// The interceptor added to every client: notes each operation the SDK
/// transmits, by the names in the operation's own `Metadata`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Recorder;

fn note(cfg: &ConfigBag, transmitted: bool) {
    let Some(meta) = cfg.load::<Metadata>() else { return };
    let _ = SENT.try_with(|slot| {
        let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
        let service = registry_service(meta.service());
        match slot.iter_mut().rev().find(|s| s.service == service && s.operation == meta.name()) {
            Some(s) if transmitted => s.attempts += 1,
            Some(_) => {}
            None if transmitted => {
                slot.push(Sent { service, operation: meta.name().to_string(), attempts: 1, throttles: 0 })
            }
            None => {}
        }
    });
}

/// Counts a throttling answer against the operation in progress.
fn note_throttle(cfg: &ConfigBag) {
    let Some(meta) = cfg.load::<Metadata>() else { return };
    let _ = SENT.try_with(|slot| {
        let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
        let service = registry_service(meta.service());
        if let Some(s) = slot.iter_mut().rev().find(|s| s.service == service && s.operation == meta.name()) {
            s.throttles += 1;
        }
    });
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "splitline-call-recorder"
    }

    fn read_before_transmit(
        &self,
        _ctx: &BeforeTransmitInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        note(cfg, true);
        Ok(())
    }

    /// Each attempt's answer, its body read: a throttle slows the pace of
    /// the call's (account, region, service) down (see [`Cx::call`]).
    fn read_after_deserialization(
        &self,
        ctx: &AfterDeserializationInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let resp = ctx.response();
        let status = resp.status().as_u16();
        let by_header =
            resp.headers().get("x-amzn-errortype").is_some_and(|v| splitline_collect::is_throttle(400, v.as_bytes()));
        if by_header || splitline_collect::is_throttle(status, resp.body().bytes().unwrap_or_default()) {
            note_throttle(cfg);
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        _ctx: &FinalizerInterceptorContextRef<'_>,
        _rc: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        note(cfg, false);
        Ok(())
    }
}

/// A failed call, classified.
#[derive(Clone, Debug)]
pub struct Failure {
    pub code: GapCode,
    /// The provider answered that the thing does not exist (a field to leave
    /// out, not a gap), e.g. `NoSuchBucketPolicy`, `NoSuchEntity`.
    pub not_found: bool,
    /// The provider's error code (`AccessDenied`), when it gave one.
    pub error_code: Option<String>,
    pub message: String,
}

/// Error codes that mean "this configuration does not exist".
const NOT_FOUND: &[&str] = &[
    "NoSuchBucketPolicy",
    "NoSuchPublicAccessBlockConfiguration",
    "ServerSideEncryptionConfigurationNotFoundError",
    "NoSuchTagSet",
    "NoSuchTagSetError",
    "NoSuchEntity",
    "ResourceNotFoundException",
    "NotFoundException",
    "NoSuchLifecycleConfiguration",
];

/// Maps an AWS error code and HTTP status to a gap code.
pub fn gap_code(error_code: Option<&str>, status: Option<u16>) -> GapCode {
    match error_code.unwrap_or("") {
        "AccessDenied"
        | "AccessDeniedException"
        | "UnauthorizedOperation"
        | "UnauthorizedAccess"
        | "AuthorizationError"
        | "AuthFailure"
        | "InvalidClientTokenId"
        | "SignatureDoesNotMatch"
        | "UnrecognizedClientException"
        | "ExpiredToken"
        | "ExpiredTokenException" => GapCode::AccessDenied,
        "OptInRequired" | "SubscriptionRequiredException" | "InvalidAccessException" => GapCode::NotEnabled,
        "Throttling"
        | "ThrottlingException"
        | "ThrottledException"
        | "RequestLimitExceeded"
        | "TooManyRequestsException"
        | "SlowDown"
        | "RequestThrottled"
        | "RequestThrottledException"
        | "ProvisionedThroughputExceededException" => GapCode::Throttled,
        "RequestTimeout" | "RequestTimeoutException" => GapCode::Timeout,
        "ServiceUnavailable"
        | "ServiceUnavailableException"
        | "InternalError"
        | "InternalFailure"
        | "InternalServerError"
        | "InternalServerErrorException"
        | "InternalException" => GapCode::Unavailable,
        _ => status.map_or(GapCode::Error, GapCode::from_http_status),
    }
}

/// Classifies an SDK error. Never includes request parameters or credentials.
pub fn classify<E>(e: &SdkError<E, HttpResponse>) -> Failure
where
    E: ProvideErrorMetadata + StdError + 'static,
{
    match e {
        // A success status whose body the SDK could not deserialize (HTML
        // from a proxy, half a document) comes back as an "unhandled" service
        // error without a code: the answer is malformed, not an error the
        // provider meant.
        SdkError::ServiceError(se) if se.raw().status().is_success() && se.err().code().is_none() => Failure {
            code: GapCode::MalformedResponse,
            not_found: false,
            error_code: None,
            message: format!("unreadable answer (HTTP {}): {}", se.raw().status().as_u16(), chain(e)),
        },
        SdkError::ServiceError(se) => {
            let err = se.err();
            let code = err.code().map(str::to_string);
            let status = se.raw().status().as_u16();
            let message = match (err.code(), err.message()) {
                (Some(c), Some(m)) => format!("{c}: {m}"),
                (Some(c), None) => format!("{c} (HTTP {status})"),
                (None, Some(m)) => format!("HTTP {status}: {m}"),
                (None, None) => format!("HTTP {status}"),
            };
            let not_found = code.as_deref().is_some_and(|c| NOT_FOUND.contains(&c));
            Failure { code: gap_code(code.as_deref(), Some(status)), not_found, error_code: code, message }
        }
        SdkError::TimeoutError(_) => Failure {
            code: GapCode::Timeout,
            not_found: false,
            error_code: None,
            message: "no answer within the call timeout".into(),
        },
        SdkError::DispatchFailure(d) => {
            let code = if d.is_timeout() { GapCode::Timeout } else { GapCode::Unavailable };
            Failure {
                code,
                not_found: false,
                error_code: None,
                message: format!("request not delivered: {}", chain(e)),
            }
        }
        SdkError::ResponseError(r) => Failure {
            // An unreadable 5xx (an HTML error page, an emulator's traceback)
            // is still the service failing.
            code: if r.raw().status().is_server_error() { GapCode::Unavailable } else { GapCode::MalformedResponse },
            not_found: false,
            error_code: None,
            message: format!("unreadable answer (HTTP {}): {}", r.raw().status().as_u16(), chain(e)),
        },
        SdkError::ConstructionFailure(_) => Failure {
            code: GapCode::Error,
            not_found: false,
            error_code: None,
            message: format!("request not built: {}", chain(e)),
        },
        _ => Failure { code: GapCode::Error, not_found: false, error_code: None, message: chain(e) },
    }
}

/// An error and its sources, joined (the SDK's top-level messages are terse).
fn chain(e: &dyn StdError) -> String {
    let mut out = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        let s_text = s.to_string();
        if !out.contains(&s_text) {
            out.push_str(": ");
            out.push_str(&s_text);
        }
        src = s.source();
    }
    out
}

/// Where one unit of work records: sink, request, account and region.
#[derive(Clone)]
pub struct Cx {
    pub sink: Sink,
    pub req: Arc<Request>,
    pub account: String,
    /// Region the calls are sent to and gaps recorded in (`global` for IAM).
    pub region: String,
    /// The service area the calls belong to (`ec2`, `iam`): with the account
    /// and region, the key the request's pacer slows down on throttles.
    /// Empty: paced by the recorded service only.
    pub service: &'static str,
}

impl Cx {
    pub fn with_region(&self, region: &str) -> Cx {
        Cx { region: region.to_string(), ..self.clone() }
    }

    pub fn with_service(&self, service: &'static str) -> Cx {
        Cx { service, ..self.clone() }
    }

    /// Runs one SDK call under a limiter permit and records what was sent.
    pub async fn call<T, E>(
        &self,
        fut: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<T, Failure>
    where
        E: ProvideErrorMetadata + StdError + 'static,
    {
        self.req.pace(&self.account, &self.region, self.service).await;
        let permit = self.req.limiter().clone().acquire_owned().await.ok();
        // Boxed: the SDK futures are large, and every service future nests many calls.
        let (res, sent) = recording(Box::pin(fut)).await;
        drop(permit);
        for s in &sent {
            let service = if self.service.is_empty() { s.service } else { self.service };
            for attempt in 0..s.attempts.max(s.throttles) {
                self.req.paced(&self.account, &self.region, service, attempt < s.throttles);
            }
        }
        let res = res.map_err(|e| classify(&e));
        let outcome = match &res {
            Ok(_) => None,
            Err(f) if f.not_found => None,
            Err(f) => Some(f.code),
        };
        for s in sent {
            self.sink.call(s.service, &s.operation, &self.account, &self.region, outcome);
        }
        res
    }

    /// A call whose "does not exist" answer means the field is absent.
    pub async fn optional<T, E>(
        &self,
        fut: impl Future<Output = Result<T, SdkError<E, HttpResponse>>>,
    ) -> Result<Option<T>, Failure>
    where
        E: ProvideErrorMetadata + StdError + 'static,
    {
        match self.call(fut).await {
            Ok(v) => Ok(Some(v)),
            Err(f) if f.not_found => Ok(None),
            Err(f) => Err(f),
        }
    }

    /// Records a gap for each of `kinds` in this context's region.
    pub fn gap(&self, kinds: &[&str], what: &str, f: &Failure) {
        let reason = format!("{what} failed: {}", f.message);
        self.sink.gaps(&self.account, &self.region, kinds, f.code, &reason);
    }

    /// Records a gap in another region (S3 buckets carry their own).
    pub fn gap_in(&self, region: &str, kinds: &[&str], what: &str, f: &Failure) {
        let reason = format!("{what} failed: {}", f.message);
        self.sink.gaps(&self.account, region, kinds, f.code, &reason);
    }

    pub fn wants(&self, kind: &str) -> bool {
        self.req.wants(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_map_to_gap_codes() {
        assert_eq!(gap_code(Some("AccessDenied"), Some(403)), GapCode::AccessDenied);
        assert_eq!(gap_code(Some("UnauthorizedOperation"), Some(403)), GapCode::AccessDenied);
        assert_eq!(gap_code(Some("AccessDeniedException"), Some(400)), GapCode::AccessDenied);
        assert_eq!(gap_code(Some("OptInRequired"), Some(401)), GapCode::NotEnabled);
        assert_eq!(gap_code(Some("SubscriptionRequiredException"), Some(400)), GapCode::NotEnabled);
        assert_eq!(gap_code(Some("ThrottlingException"), Some(400)), GapCode::Throttled);
        assert_eq!(gap_code(Some("Throttling"), Some(400)), GapCode::Throttled);
        assert_eq!(gap_code(Some("InternalFailure"), Some(500)), GapCode::Unavailable);
        assert_eq!(gap_code(None, Some(503)), GapCode::Unavailable);
        assert_eq!(gap_code(None, Some(504)), GapCode::Timeout);
        assert_eq!(gap_code(Some("ValidationError"), Some(400)), GapCode::Error);
    }

    #[test]
    fn sdk_service_ids_map_to_registry_services() {
        assert_eq!(registry_service("S3Control"), "s3control");
        assert_eq!(registry_service("ConfigService"), "config");
        assert_eq!(registry_service("APIGateway"), "apigateway");
        assert_eq!(registry_service("API Gateway"), "apigateway");
        assert_eq!(registry_service("S3 Control"), "s3control");
        assert_eq!(registry_service("Elastic Beanstalk"), "elasticbeanstalk");
        assert_eq!(registry_service("Config Service"), "config");
    }
}
