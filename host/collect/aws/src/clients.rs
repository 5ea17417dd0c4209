//! SDK configuration (credentials, retries, timeouts, endpoint override) and
//! the per-region clients, each with the call [`Recorder`].

use std::collections::HashMap;
use std::sync::Mutex;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::timeout::TimeoutConfig;
use aws_credential_types::provider::{ProvideCredentials, future as credentials_future};
use aws_types::SdkConfig;
use aws_types::region::Region;
use aws_types::sdk_config::SharedCredentialsProvider;
use splitline_collect::Request;

use crate::AwsOptions;
use crate::call::Recorder;

/// Where the calls go when no region is configured.
const DEFAULT_REGION: &str = "us-east-1";

/// The longest wait between two attempts: the SDK's 20 s, but never more
/// than the call timeout shared out over twice the attempts, so that all the
/// waits of one call fit in half its timeout. Without it, adaptive mode's
/// client-side rate limiter waits the full 20 s after each throttled attempt
/// (measured: 20 s, 18 s, 18 s), and a throttled call that should end as a
/// `throttled` gap runs into the 60 s operation timeout instead.
pub fn max_backoff(call_timeout: std::time::Duration, max_attempts: u32) -> std::time::Duration {
    (call_timeout / (2 * max_attempts.max(1)))
        .clamp(std::time::Duration::from_millis(100), std::time::Duration::from_secs(20))
}

#[cfg(test)]
tokio::task_local! {
    /// Unit tests against moto: [`Clients::load`] in this scope sends to this
    /// endpoint with moto's test credentials, whatever the environment says.
    pub static TEST_ENDPOINT: String;
}

pub struct Clients {
    sdk: SdkConfig,
    /// An endpoint URL override is configured (`AWS_ENDPOINT_URL…`): S3 uses
    /// path-style addressing.
    custom_endpoint: bool,
    /// The S3 Control endpoint override, used as is (without the account-id
    /// host prefix that the SDK's rules add, which a local endpoint cannot resolve).
    s3control_endpoint: Option<String>,
    s3_by_region: Mutex<HashMap<String, aws_sdk_s3::Client>>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Clients {
    pub async fn load(opts: &AwsOptions, req: &Request) -> Clients {
        let retry = RetryConfig::adaptive()
            .with_max_attempts(req.max_attempts.max(1))
            .with_max_backoff(max_backoff(req.call_timeout, req.max_attempts));
        let timeout = TimeoutConfig::builder().operation_timeout(req.call_timeout).build();
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).retry_config(retry).timeout_config(timeout);
        if let Some(p) = &opts.profile {
            loader = loader.profile_name(p);
        }
        #[cfg(test)]
        if let Ok(url) = TEST_ENDPOINT.try_with(String::clone) {
            loader = loader
                .endpoint_url(url)
                .region(Region::new(DEFAULT_REGION))
                .credentials_provider(aws_sdk_sts::config::Credentials::new("testing", "testing", None, None, "test"));
        }
        let mut sdk = loader.load().await;
        if sdk.region().is_none() {
            sdk = sdk.into_builder().region(Region::new(DEFAULT_REGION)).build();
        }
        if let Some(arn) = &opts.role_arn {
            let mut b = AssumeRoleProvider::builder(arn.clone()).session_name("splitline").configure(&sdk);
            if let Some(id) = &opts.external_id {
                b = b.external_id(id.clone());
            }
            let provider = b.build().await;
            sdk = sdk.into_builder().credentials_provider(SharedCredentialsProvider::new(provider)).build();
        }
        // Organization mode: the member's role, assumed with the credentials
        // above. The SDK's identity cache (shared by every client built from
        // `sdk`) holds the session and asks the provider again shortly before
        // it expires; each time is recorded as an `sts AssumeRole` call.
        if let Some(m) = &opts.member
            && let Some(arn) = &m.role_arn
        {
            let mut b = AssumeRoleProvider::builder(arn.clone()).session_name("splitline").configure(&sdk);
            if let Some(id) = &m.external_id {
                b = b.external_id(id.clone());
            }
            if let Some(secs) = m.session_seconds {
                b = b.session_length(std::time::Duration::from_secs(u64::from(secs)));
            }
            let provider = RecordedAssumeRole(b.build().await);
            sdk = sdk.into_builder().credentials_provider(SharedCredentialsProvider::new(provider)).build();
        }
        let ignore = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let global = if ignore { None } else { sdk.endpoint_url().map(str::to_string) };
        let s3_endpoint = if ignore { None } else { env("AWS_ENDPOINT_URL_S3") }.or_else(|| global.clone());
        let s3control_endpoint =
            if ignore { None } else { env("AWS_ENDPOINT_URL_S3_CONTROL") }.or_else(|| global.clone());
        Clients {
            sdk,
            custom_endpoint: s3_endpoint.is_some(),
            s3control_endpoint,
            s3_by_region: Mutex::new(HashMap::new()),
        }
    }

    /// Clients of every service sending to `url` with test credentials and
    /// one attempt per call (unit tests against recorded responses).
    #[cfg(test)]
    pub fn for_endpoint(url: &str) -> Clients {
        let sdk = SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(DEFAULT_REGION))
            .credentials_provider(SharedCredentialsProvider::new(aws_sdk_ssm::config::Credentials::new(
                "AKIDTEST",
                "test-secret",
                None,
                None,
                "test",
            )))
            .endpoint_url(url)
            .retry_config(RetryConfig::standard().with_max_attempts(1))
            .build();
        Clients {
            sdk,
            custom_endpoint: true,
            s3control_endpoint: Some(url.to_string()),
            s3_by_region: Mutex::new(HashMap::new()),
        }
    }

    /// The configured region (or `us-east-1`): STS, DescribeRegions, S3 Control.
    pub fn home_region(&self) -> &str {
        self.sdk.region().map_or(DEFAULT_REGION, |r| r.as_ref())
    }

    pub fn s3(&self, region: &str) -> aws_sdk_s3::Client {
        let mut cache = self.s3_by_region.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .entry(region.to_string())
            .or_insert_with(|| {
                let conf = aws_sdk_s3::config::Builder::from(&self.sdk)
                    .region(Region::new(region.to_string()))
                    .force_path_style(self.custom_endpoint)
                    .interceptor(Recorder)
                    .build();
                aws_sdk_s3::Client::from_conf(conf)
            })
            .clone()
    }

    pub fn s3control(&self) -> aws_sdk_s3control::Client {
        let mut b = aws_sdk_s3control::config::Builder::from(&self.sdk)
            .region(Region::new(self.home_region().to_string()))
            .interceptor(Recorder);
        if let Some(url) = &self.s3control_endpoint {
            b = b.endpoint_resolver(FixedEndpoint(url.clone()));
        }
        aws_sdk_s3control::Client::from_conf(b.build())
    }
}

macro_rules! regional_clients {
    ($($name:ident => $krate:ident),* $(,)?) => {
        impl Clients {$(
            pub fn $name(&self, region: &str) -> $krate::Client {
                let conf = $krate::config::Builder::from(&self.sdk)
                    .region(Region::new(region.to_string()))
                    .interceptor(Recorder)
                    .build();
                $krate::Client::from_conf(conf)
            }
        )*}
    };
}

regional_clients!(
    sts => aws_sdk_sts,
    ec2 => aws_sdk_ec2,
    ssm => aws_sdk_ssm,
    iam => aws_sdk_iam,
    lambda => aws_sdk_lambda,
    rds => aws_sdk_rds,
    kms => aws_sdk_kms,
    cloudtrail => aws_sdk_cloudtrail,
    guardduty => aws_sdk_guardduty,
    config => aws_sdk_config,
    securityhub => aws_sdk_securityhub,
    apigateway => aws_sdk_apigateway,
    beanstalk => aws_sdk_elasticbeanstalk,
    accessanalyzer => aws_sdk_accessanalyzer,
    organizations => aws_sdk_organizations,
);

/// The SDK's assume-role provider, noting each AssumeRole it makes in the
/// slot of the call that needed the credentials (its STS client has no
/// [`Recorder`]: the SDK builds it).
#[derive(Debug)]
struct RecordedAssumeRole(AssumeRoleProvider);

impl ProvideCredentials for RecordedAssumeRole {
    fn provide_credentials<'a>(&'a self) -> credentials_future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        credentials_future::ProvideCredentials::new(async move {
            crate::call::note_sent("sts", "AssumeRole");
            self.0.provide_credentials().await
        })
    }
}

/// S3 Control with a custom endpoint: the URL as configured, no
/// `{AccountId}.` host prefix (`123456789012.127.0.0.1` does not resolve).
/// Signing stays SigV4 `s3` in the client's region (the model's defaults).
#[derive(Debug)]
struct FixedEndpoint(String);

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for FixedEndpoint {
    fn resolve_endpoint<'a>(
        &'a self,
        _params: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_sdk_s3control::config::endpoint::EndpointFuture<'a> {
        aws_sdk_s3control::config::endpoint::EndpointFuture::ready(Ok(
            aws_sdk_s3control::config::endpoint::Endpoint::builder().url(self.0.clone()).build(),
        ))
    }
}

#[cfg(test)]
mod backoff_tests {
    use std::time::Duration;

    #[test]
    fn all_waits_of_a_call_fit_in_half_its_timeout() {
        assert_eq!(super::max_backoff(Duration::from_secs(60), 4), Duration::from_millis(7500));
        assert_eq!(super::max_backoff(Duration::from_secs(3600), 4), Duration::from_secs(20));
        assert_eq!(super::max_backoff(Duration::from_secs(1), 4), Duration::from_millis(125));
        assert_eq!(super::max_backoff(Duration::from_millis(10), 0), Duration::from_millis(100));
    }
}
