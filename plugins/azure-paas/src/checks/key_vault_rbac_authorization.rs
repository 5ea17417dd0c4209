//! Key vaults use Azure RBAC for data plane access.

use splitline_plugin_sdk::kinds::azure::KeyVault;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-KEYVAULT-002",
        long_id: "azure-key-vault-rbac-authorization",
        title: "Key vault uses Azure RBAC instead of access policies",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[KeyVault::KIND_NAME],
        risk: "With the access policy model, anyone with Contributor on the vault can grant themselves access to every secret and key, access is not visible in central role assignment reviews or PIM, and permissions cannot be scoped to a single secret.",
        remediation: Remediation {
            text: "Recreate the access policies as role assignments (Key Vault Secrets User, Crypto User, …), then switch the vault's permission model to Azure role-based access control.",
            cli: Some("az keyvault update --name VAULT --resource-group RESOURCE_GROUP --enable-rbac-authorization true"),
            terraform: Some("resource \"azurerm_key_vault\" \"this\" {\n  # ...\n  enable_rbac_authorization = true\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/key-vault/general/rbac-migration"],
        compliance: &[compliance("cis-azure-2.1.0", "8.6"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, v) in e.each::<KeyVault>() {
        if v.properties.enable_rbac_authorization == Some(true) {
            e.pass(r, format!("Key vault {} authorizes data access with Azure RBAC.", v.name)).evidence("properties.enableRbacAuthorization", true);
        } else {
            e.fail(r, format!("Key vault {} uses access policies instead of Azure RBAC.", v.name)).evidence(
                "properties.enableRbacAuthorization",
                v.properties.enable_rbac_authorization.map_or_else(|| "absent (access policies)".to_string(), |b| b.to_string()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;

    use crate::test_support::{VAULT, fixture_of, rid};

    #[test]
    fn rbac_passes() {
        let t = "Microsoft.KeyVault/vaults";
        let out = fixture_of(VAULT, t, &[("kv-rbac", json!({"properties": {"enableRbacAuthorization": true}})), ("kv-ap", json!({"properties": {"accessPolicies": []}}))]).run(&super::CHECK);
        out.assert_status(&rid(t, "kv-rbac"), Status::Pass);
        let f = out.assert_status(&rid(t, "kv-ap"), Status::Fail);
        assert_eq!(f.message, "Key vault kv-ap uses access policies instead of Azure RBAC.");
    }
}
