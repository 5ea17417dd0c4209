//! Azure collection: Azure Resource Manager and Microsoft Graph through
//! azure_core's pipeline, the Blob service with azure_storage_blob.
//! (Being written; the lead's CLI wiring compiles against this interface.)

use splitline_collect::{CollectError, Collection, Collector, Operation, ProviderProgress, Request};

/// Which subscriptions, in which tenant.
#[derive(Clone, Debug, Default)]
pub struct AzureOptions {
    /// Empty: every subscription the identity can see.
    pub subscriptions: Vec<String>,
    pub tenant: Option<String>,
}

pub struct Azure;

impl Collector for Azure {
    const PROVIDER: &'static str = "azure";
    type Options = AzureOptions;

    fn operations() -> &'static [Operation] {
        &[]
    }

    fn credentials_configured() -> bool {
        false
    }

    async fn collect(_: &AzureOptions, _: &Request, _: &ProviderProgress) -> Result<Collection, CollectError> {
        Err(CollectError::Fatal { provider: "azure", message: "the Azure collector is not built yet".into() })
    }

    fn permissions(_: Option<&[String]>) -> String {
        String::new()
    }
}
