//! Kinds that are one subscription-level list each: Defender plans,
//! subscription diagnostic settings, Key Vaults.

use splitline_collect::Operation;

use crate::api_versions;
use crate::arm::{Cx, list_url};
use crate::http::Plane;

pub const PRICING: &str = "azure.security.pricing";
pub const DIAGNOSTIC_SETTING: &str = "azure.insights.diagnostic-setting";
pub const VAULT: &str = "azure.keyvault.vault";
pub const KINDS: &[&str] = &[PRICING, DIAGNOSTIC_SETTING, VAULT];

pub const OPS: &[Operation] = &[
    Operation {
        service: "Microsoft.Security",
        name: "GET pricings",
        permission: "Microsoft.Security/pricings/read",
        kinds: &[PRICING],
    },
    Operation {
        service: "Microsoft.Insights",
        name: "GET diagnosticSettings",
        permission: "Microsoft.Insights/diagnosticSettings/read",
        kinds: &[DIAGNOSTIC_SETTING],
    },
    Operation {
        service: "Microsoft.KeyVault",
        name: "GET vaults",
        permission: "Microsoft.KeyVault/vaults/read",
        kinds: &[VAULT],
    },
];

/// (kind, provider path, api-version, operation)
const LISTS: &[(&str, &str, &str, usize)] = &[
    (PRICING, "Microsoft.Security/pricings", api_versions::SECURITY_PRICINGS, 0),
    (DIAGNOSTIC_SETTING, "Microsoft.Insights/diagnosticSettings", api_versions::DIAGNOSTIC_SETTINGS, 1),
    (VAULT, "Microsoft.KeyVault/vaults", api_versions::KEY_VAULT, 2),
];

pub async fn collect(cx: &Cx, sub: &str) {
    let work = LISTS.iter().filter(|(kind, ..)| cx.req.wants(kind)).map(|&(kind, path, version, op)| async move {
        match cx.api.list(Plane::Arm, &OPS[op], sub, &list_url(sub, path, version)).await {
            Ok(items) => items.into_iter().for_each(|d| cx.emit(kind, sub, d)),
            Err(e) => cx.gap(sub, "global", &[kind], &e),
        }
    });
    futures::future::join_all(work).await;
}
