//! Key vaults are not open to every network.

use splitline_plugin_sdk::kinds::azure::KeyVault;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-KEYVAULT-003",
        long_id: "azure-key-vault-network-restricted",
        title: "Key vault has public network access disabled or its firewall set to deny by default",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[KeyVault::KIND_NAME],
        risk: "A vault reachable from all networks accepts requests from anywhere on the internet: a stolen token or client secret of any principal with access is usable from the attacker's own infrastructure, with nothing but identity standing between it and the secrets.",
        remediation: Remediation {
            text: "Disable public network access and use private endpoints, or set the vault firewall's default action to Deny with only the needed virtual networks and IP ranges (and trusted Microsoft services) allowed.",
            cli: Some("az keyvault update --name VAULT --resource-group RESOURCE_GROUP --public-network-access Disabled"),
            terraform: Some("resource \"azurerm_key_vault\" \"this\" {\n  # ...\n  public_network_access_enabled = false\n  network_acls {\n    default_action = \"Deny\"\n    bypass         = \"AzureServices\"\n  }\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/key-vault/general/network-security"],
        compliance: &[compliance("nist-csf-2.0", "PR.IR-01"), compliance("iso27001-2022", "A.8.20")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, v) in e.each::<KeyVault>() {
        let p = &v.properties;
        if p.public_network_access.as_deref().is_some_and(|x| x.eq_ignore_ascii_case("Disabled")) {
            e.pass(r, format!("Key vault {} has public network access disabled.", v.name)).evidence("properties.publicNetworkAccess", "Disabled");
            continue;
        }
        match p.network_acls.as_ref().and_then(|a| a.default_action.as_deref()) {
            Some(a) if a.eq_ignore_ascii_case("Deny") => {
                e.pass(r, format!("Key vault {} accepts only the networks its firewall allows.", v.name)).evidence("properties.networkAcls.defaultAction", a);
            }
            other => {
                e.fail(r, format!("Key vault {} accepts requests from all networks.", v.name))
                    .evidence("properties.networkAcls.defaultAction", other.unwrap_or("absent (all networks allowed)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{VAULT, fixture_of, rid};

    #[test]
    fn disabled_or_deny_passes() {
        let t = "Microsoft.KeyVault/vaults";
        let out = fixture_of(VAULT, t, &[
            ("kv-private", json!({"properties": {"publicNetworkAccess": "Disabled"}})),
            ("kv-fw", json!({"properties": {"publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices"}}})),
            ("kv-open", json!({"properties": {"publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Allow"}}})),
            ("kv-bare", json!({"properties": {}})),
        ])
        .run(&super::CHECK);
        out.assert_status(&rid(t, "kv-private"), Status::Pass);
        out.assert_status(&rid(t, "kv-fw"), Status::Pass);
        out.assert_status(&rid(t, "kv-open"), Status::Fail);
        let f = out.assert_status(&rid(t, "kv-bare"), Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (all networks allowed)");
    }
}
