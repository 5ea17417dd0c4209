//! Key vaults have soft delete and purge protection.

use splitline_plugin_sdk::kinds::azure::KeyVault;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-KEYVAULT-001",
        long_id: "azure-key-vault-recoverable",
        title: "Key vault has soft delete and purge protection enabled",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[KeyVault::KIND_NAME],
        risk: "Without purge protection, anyone with purge rights (or an attacker holding them) can permanently delete the vault or its keys during the soft-delete period: every storage account, disk and database encrypted with those keys becomes unreadable for good.",
        remediation: Remediation {
            text: "Enable purge protection (it cannot be turned off again) on vaults that hold keys, secrets or certificates that matter; soft delete is always on for current vaults.",
            cli: Some("az keyvault update --name VAULT --resource-group RESOURCE_GROUP --enable-purge-protection true"),
            terraform: Some("resource \"azurerm_key_vault\" \"this\" {\n  # ...\n  soft_delete_retention_days = 90\n  purge_protection_enabled   = true\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/key-vault/general/soft-delete-overview"],
        compliance: &[compliance("cis-azure-2.1.0", "8.5"), compliance("nist-csf-2.0", "PR.DS-11")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, v) in e.each::<KeyVault>() {
        let p = &v.properties;
        let soft = p.enable_soft_delete == Some(true);
        let purge = p.enable_purge_protection == Some(true);
        let f = match (soft, purge) {
            (true, true) => e.pass(r, format!("Key vault {} is recoverable: soft delete and purge protection are on.", v.name)),
            (true, false) => e.fail(r, format!("Key vault {} can be purged during its soft-delete period: purge protection is off.", v.name)),
            (false, _) => e.fail(r, format!("Key vault {} does not have soft delete enabled.", v.name)),
        };
        f.evidence("properties.enableSoftDelete", p.enable_soft_delete.map_or_else(|| "absent".to_string(), |b| b.to_string()))
            .evidence("properties.enablePurgeProtection", p.enable_purge_protection.map_or_else(|| "absent (off)".to_string(), |b| b.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{VAULT, fixture_of, rid};

    #[test]
    fn both_settings_are_needed() {
        let t = "Microsoft.KeyVault/vaults";
        let out = fixture_of(VAULT, t, &[
            ("kv-ok", json!({"properties": {"enableSoftDelete": true, "enablePurgeProtection": true}})),
            ("kv-purgeable", json!({"properties": {"enableSoftDelete": true}})),
            ("kv-old", json!({"properties": {"enableSoftDelete": false}})),
        ])
        .run(&super::CHECK);
        out.assert_status(&rid(t, "kv-ok"), Status::Pass);
        let f = out.assert_status(&rid(t, "kv-purgeable"), Status::Fail);
        assert_eq!(f.evidence[1].value, "absent (off)");
        out.assert_status(&rid(t, "kv-old"), Status::Fail);
    }
}
