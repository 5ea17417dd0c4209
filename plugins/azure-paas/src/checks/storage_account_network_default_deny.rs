//! Storage accounts deny network access by default (firewall default action Deny).

use splitline_plugin_sdk::kinds::azure::StorageAccount;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-STORAGE-004",
        long_id: "azure-storage-account-network-default-deny",
        title: "Storage account denies network access by default",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[StorageAccount::KIND_NAME],
        risk: "With the firewall's default action Allow, the account's endpoints accept connections from any address on the internet: a leaked account key, connection string or SAS token works from anywhere, and nothing at the network layer limits exfiltration or password spraying against the data plane.",
        remediation: Remediation {
            text: "Add network rules for the virtual networks and IP ranges that need access (or use private endpoints), keep 'Allow trusted Microsoft services' as required, then set the default action to Deny. Where no public access is needed at all, set public network access to Disabled.",
            cli: Some("az storage account update --name ACCOUNT --resource-group RESOURCE_GROUP --default-action Deny"),
            terraform: Some("resource \"azurerm_storage_account_network_rules\" \"this\" {\n  storage_account_id = azurerm_storage_account.this.id\n  default_action     = \"Deny\"\n  bypass             = [\"AzureServices\"]\n  ip_rules           = [\"203.0.113.0/24\"]\n}"),
        },
        references: &[
            "https://learn.microsoft.com/en-us/azure/storage/common/storage-network-security",
            "https://learn.microsoft.com/en-us/azure/storage/common/storage-network-security-perimeter",
        ],
        compliance: &[
            compliance("cis-azure-2.1.0", "3.8"),
            compliance("nist-csf-2.0", "PR.IR-01"),
            compliance("iso27001-2022", "A.8.20"),
            compliance("soc2", "CC6.6"),
        ],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, a) in e.each::<StorageAccount>() {
        let public_network_access = a.properties.public_network_access.as_deref().unwrap_or_default();
        if public_network_access.eq_ignore_ascii_case("Disabled") {
            e.pass(r, format!("Storage account {} has public network access disabled.", a.name))
                .evidence("properties.publicNetworkAccess", public_network_access);
            continue;
        }
        if public_network_access.eq_ignore_ascii_case("SecuredByPerimeter") {
            e.manual(r, format!("Storage account {} leaves public network access to a network security perimeter, whose access rules need review.", a.name))
                .evidence("properties.publicNetworkAccess", public_network_access);
            continue;
        }
        match a.properties.network_acls.as_ref().map(|acls| acls.default_action.as_str()) {
            Some(action) if action.eq_ignore_ascii_case("Deny") => {
                e.pass(r, format!("Storage account {} denies network access unless a firewall rule allows it.", a.name))
                    .evidence("properties.networkAcls.defaultAction", action);
            }
            Some(action) if !action.is_empty() => {
                e.fail(r, format!("Storage account {} accepts connections from any network (default action {action}).", a.name))
                    .evidence("properties.networkAcls.defaultAction", action);
            }
            _ => {
                e.fail(r, format!("Storage account {} has no network default action, so it accepts connections from any network.", a.name))
                    .evidence("properties.networkAcls.defaultAction", "absent (API default: Allow)");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{PREFIX, fixture};

    #[test]
    fn deny_or_disabled_pass_allow_and_absent_fail() {
        let out = fixture(&[
            ("stdeny", json!({"publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices"}})),
            ("stoff", json!({"publicNetworkAccess": "Disabled", "networkAcls": {"defaultAction": "Allow"}})),
            ("stallow", json!({"networkAcls": {"defaultAction": "Allow", "bypass": "AzureServices"}})),
            ("stnoacls", json!({"publicNetworkAccess": "Enabled"})),
        ])
        .run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stdeny"), Status::Pass);
        let f = out.assert_status(&format!("{PREFIX}stoff"), Status::Pass);
        assert_eq!(f.evidence[0].property, "properties.publicNetworkAccess");
        let f = out.assert_status(&format!("{PREFIX}stallow"), Status::Fail);
        assert_eq!(f.message, "Storage account stallow accepts connections from any network (default action Allow).");
        let f = out.assert_status(&format!("{PREFIX}stnoacls"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (API default: Allow)");
    }

    #[test]
    fn network_security_perimeter_needs_a_human() {
        let out = fixture(&[("stnsp", json!({"publicNetworkAccess": "SecuredByPerimeter", "networkAcls": {"defaultAction": "Allow"}}))]).run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stnsp"), Status::Manual);
    }

    #[test]
    fn malformed_configuration_is_an_error_not_a_pass() {
        let out = fixture(&[("stodd", json!({"networkAcls": "Deny"}))]).run(&super::CHECK);
        out.assert_status(&format!("{PREFIX}stodd"), Status::Error);
    }
}
