//! Gcp collection: the REST (JSON) APIs with google-cloud-auth tokens;
//! Cloud Storage through the JSON API.
//! (Being written; the lead's CLI wiring compiles against this interface.)

use splitline_collect::{CollectError, Collection, Collector, Operation, ProviderProgress, Request};

/// Which projects.
#[derive(Clone, Debug, Default)]
pub struct GcpOptions {
    /// Empty: every project the identity can list.
    pub projects: Vec<String>,
}

pub struct Gcp;

impl Collector for Gcp {
    const PROVIDER: &'static str = "gcp";
    type Options = GcpOptions;

    fn operations() -> &'static [Operation] {
        &[]
    }

    fn credentials_configured() -> bool {
        false
    }

    async fn collect(_: &GcpOptions, _: &Request, _: &ProviderProgress) -> Result<Collection, CollectError> {
        Err(CollectError::Fatal { provider: "gcp", message: "the Gcp collector is not built yet".into() })
    }

    fn permissions(_: Option<&[String]>) -> String {
        String::new()
    }
}
