//! AWS collection with the AWS SDK for Rust (read-only).
//! (Being written; the lead's CLI wiring compiles against this interface.)

use splitline_collect::{CollectError, Collection, Collector, Operation, ProviderProgress, Request};

/// Which credentials and regions.
#[derive(Clone, Debug, Default)]
pub struct AwsOptions {
    /// A named profile of the shared config/credentials files.
    pub profile: Option<String>,
    /// A role to assume with the found credentials, and its external id.
    pub role_arn: Option<String>,
    pub external_id: Option<String>,
    /// Empty: every region enabled for the account.
    pub regions: Vec<String>,
}

pub struct Aws;

impl Collector for Aws {
    const PROVIDER: &'static str = "aws";
    type Options = AwsOptions;

    fn operations() -> &'static [Operation] {
        &[]
    }

    fn credentials_configured() -> bool {
        false
    }

    async fn collect(_: &AwsOptions, _: &Request, _: &ProviderProgress) -> Result<Collection, CollectError> {
        Err(CollectError::Fatal { provider: "aws", message: "the AWS collector is not built yet".into() })
    }

    fn permissions(_: Option<&[String]>) -> String {
        String::new()
    }
}
