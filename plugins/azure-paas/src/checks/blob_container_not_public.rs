//! Blob containers are not anonymously readable.

use splitline_plugin_sdk::kinds::azure::{BlobContainer, StorageAccount};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AZURE-STORAGE-011",
        long_id: "azure-blob-container-not-public",
        title: "Blob container does not allow anonymous read access",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[BlobContainer::KIND_NAME, StorageAccount::KIND_NAME],
        risk: "A container with the Blob access level lets anyone on the internet read any blob whose name they know or guess; with the Container level they can also list every blob. Both are found by automated scanners of *.blob.core.windows.net and are a common source of data leaks.",
        remediation: Remediation {
            text: "Set the container's public access level to Private, and disallow anonymous access on the account ('Allow Blob anonymous access' = Disabled), which overrides every container. Share data with user delegation SAS tokens or serve public content through a CDN.",
            cli: Some("az storage container set-permission --account-name ACCOUNT --name CONTAINER --public-access off --auth-mode login"),
            terraform: Some("resource \"azurerm_storage_container\" \"this\" {\n  # ...\n  container_access_type = \"private\"\n}"),
        },
        references: &["https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-configure"],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05"), compliance("soc2", "CC6.1")],
    },
    run,
};

fn run(e: &mut Eval) {
    let inventory = e.inventory();
    for (r, c) in e.each::<BlobContainer>() {
        let account_name = r.id.split("/storageAccounts/").nth(1).and_then(|s| s.split('/').next()).unwrap_or("?");
        let label = format!("{account_name}/{}", c.name);
        let level = c.properties.public_access.clone().unwrap_or_default();
        let public = level.eq_ignore_ascii_case("container") || level.eq_ignore_ascii_case("blob");
        if !public {
            e.pass(r, format!("Blob container {label} is private."))
                .evidence("properties.publicAccess", if level.is_empty() { "absent (private)" } else { &level });
            continue;
        }
        let account = c
            .storage_account_id
            .as_deref()
            .and_then(|id| inventory.of_kind(StorageAccount::KIND_NAME).find(|a| a.id.eq_ignore_ascii_case(id)))
            .and_then(|a| a.typed::<StorageAccount>().ok());
        if account.as_ref().is_some_and(|a| a.properties.allow_blob_public_access == Some(false)) {
            e.pass(r, format!("Blob container {label} is set to {level} access, but its storage account disallows anonymous access, which overrides it."))
                .evidence("properties.publicAccess", &level)
                .evidence("storageAccount.properties.allowBlobPublicAccess", false);
            continue;
        }
        let what = if level.eq_ignore_ascii_case("container") { "can be listed and read by anyone" } else { "has blobs readable by anyone" };
        e.fail(r, format!("Blob container {label} {what} without a credential.")).evidence("properties.publicAccess", &level);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{CONTAINER, KIND, PREFIX, SUB};

    fn container(account: &str, name: &str, access: Option<&str>) -> (String, serde_json::Value) {
        let mut v = json!({"name": name, "storageAccountId": format!("{PREFIX}{account}"), "properties": {"lastModified": "Mon, 03 Nov 2025 10:41:19 GMT"}, "signedIdentifiers": []});
        if let Some(a) = access {
            v["properties"]["publicAccess"] = json!(a);
        }
        (format!("{PREFIX}{account}/blobServices/default/containers/{name}"), v)
    }

    #[test]
    fn public_levels_fail_unless_the_account_overrides_them() {
        let mut fx = Fixture::new("azure", SUB)
            .resource(KIND, &format!("{PREFIX}stopen"), json!({"name": "stopen", "properties": {"allowBlobPublicAccess": true}}))
            .resource(KIND, &format!("{PREFIX}stlocked"), json!({"name": "stlocked", "properties": {"allowBlobPublicAccess": false}}));
        for (id, v) in [
            container("stopen", "site", Some("container")),
            container("stopen", "images", Some("blob")),
            container("stopen", "data", None),
            container("stlocked", "legacy", Some("container")),
        ] {
            fx = fx.resource(CONTAINER, &id, v);
        }
        let out = fx.run(&super::CHECK);
        let f = out.assert_status(&format!("{PREFIX}stopen/blobServices/default/containers/site"), Status::Fail);
        assert_eq!(f.message, "Blob container stopen/site can be listed and read by anyone without a credential.");
        out.assert_status(&format!("{PREFIX}stopen/blobServices/default/containers/images"), Status::Fail);
        out.assert_status(&format!("{PREFIX}stopen/blobServices/default/containers/data"), Status::Pass);
        out.assert_status(&format!("{PREFIX}stlocked/blobServices/default/containers/legacy"), Status::Pass);
        assert!(out.findings.iter().all(|f| f.resource_id.contains("/containers/")), "only containers are judged");
    }

    #[test]
    fn malformed_container_is_an_error() {
        let out = Fixture::new("azure", SUB).resource(CONTAINER, "c", json!({"name": "c", "properties": {"publicAccess": 1}})).run(&super::CHECK);
        out.assert_status("c", Status::Error);
    }
}
