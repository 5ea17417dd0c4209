//! Storage accounts refuse TLS versions older than 1.2.

use splitline_plugin_sdk::kinds::azure::StorageAccount;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-STORAGE-002",
        long_id: "azure-storage-account-minimum-tls-1-2",
        title: "Storage account requires TLS 1.2 or later",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[StorageAccount::KIND_NAME],
        risk: "TLS 1.0 and 1.1 are deprecated (RFC 8996): they lack modern cipher suites and expose clients that negotiate them to downgrade and known protocol attacks on data and credentials in transit, and they fail PCI DSS and most compliance baselines.",
        remediation: Remediation {
            text: "Set the account's minimum TLS version to TLS 1.2 (or later), after checking the account's logs for clients that still negotiate TLS 1.0 or 1.1.",
            cli: Some("az storage account update --name ACCOUNT --resource-group RESOURCE_GROUP --min-tls-version TLS1_2"),
            terraform: Some("resource \"azurerm_storage_account\" \"this\" {\n  # ...\n  min_tls_version = \"TLS1_2\"\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/storage/common/transport-layer-security-configure-minimum-version"],
        compliance: &[
            compliance("cis-azure-2.1.0", "3.15"),
            compliance("nist-csf-2.0", "PR.DS-02"),
            compliance("iso27001-2022", "A.8.24"),
        ],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, a) in e.each::<StorageAccount>() {
        let Some(version) = a.properties.minimum_tls_version.as_deref() else {
            e.fail(r, format!("Storage account {} sets no minimum TLS version, so it accepts TLS 1.0.", a.name))
                .evidence("properties.minimumTlsVersion", "absent (API default: TLS1_0)");
            continue;
        };
        match parse(version) {
            Some(v) if v >= (1, 2) => {
                e.pass(r, format!("Storage account {} requires {version} or later.", a.name))
                    .evidence("properties.minimumTlsVersion", version);
            }
            Some(_) => {
                e.fail(r, format!("Storage account {} accepts TLS versions older than 1.2 (minimum {version}).", a.name))
                    .evidence("properties.minimumTlsVersion", version);
            }
            None => {
                e.error(r, format!("Storage account {} reports an unrecognised minimum TLS version {version:?}.", a.name))
                    .evidence("properties.minimumTlsVersion", version);
            }
        }
    }
}

/// `TLS1_2` → `(1, 2)`; `None` for anything that is not of that form.
fn parse(version: &str) -> Option<(u32, u32)> {
    let (major, minor) = version.strip_prefix("TLS")?.split_once('_')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Outcome;

    use crate::test_support::{PREFIX, fixture};

    fn run(accounts: &[(&str, serde_json::Value)]) -> Outcome {
        fixture(accounts).run(&super::CHECK)
    }

    #[test]
    fn tls_1_2_and_later_pass_older_fail() {
        let out = run(&[
            ("sttls12", json!({"minimumTlsVersion": "TLS1_2"})),
            ("sttls13", json!({"minimumTlsVersion": "TLS1_3"})),
            ("sttls10", json!({"minimumTlsVersion": "TLS1_0"})),
            ("sttls11", json!({"minimumTlsVersion": "TLS1_1"})),
        ]);
        out.assert_status(&format!("{PREFIX}sttls12"), Status::Pass);
        out.assert_status(&format!("{PREFIX}sttls13"), Status::Pass);
        out.assert_status(&format!("{PREFIX}sttls10"), Status::Fail);
        let f = out.assert_status(&format!("{PREFIX}sttls11"), Status::Fail);
        assert_eq!(f.message, "Storage account sttls11 accepts TLS versions older than 1.2 (minimum TLS1_1).");
    }

    #[test]
    fn absent_version_fails_because_the_api_default_is_tls_1_0() {
        let out = run(&[("stunset", json!({}))]);
        let f = out.assert_status(&format!("{PREFIX}stunset"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (API default: TLS1_0)");
    }

    #[test]
    fn unknown_or_malformed_versions_are_errors_not_passes() {
        let out = run(&[("stssl", json!({"minimumTlsVersion": "SSL3"})), ("stnum", json!({"minimumTlsVersion": 12}))]);
        out.assert_status(&format!("{PREFIX}stssl"), Status::Error);
        out.assert_status(&format!("{PREFIX}stnum"), Status::Error);
    }

    #[test]
    fn parses_api_values() {
        assert_eq!(super::parse("TLS1_0"), Some((1, 0)));
        assert_eq!(super::parse("TLS1_3"), Some((1, 3)));
        assert_eq!(super::parse("TLS1.2"), None);
        assert_eq!(super::parse("tls1_2"), None);
    }
}
