//! Cloud Storage buckets grant no IAM role to allUsers or allAuthenticatedUsers.

use splitline_plugin_sdk::kinds::gcp::{PUBLIC_MEMBERS, StorageBucket};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCS-001",
        long_id: "gcp-gcs-bucket-not-public",
        title: "Cloud Storage bucket is not public through its IAM policy",
        severity: Severity::Critical,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[StorageBucket::KIND_NAME],
        risk: "A role granted to allUsers is available to anyone on the internet without signing in, and one granted to allAuthenticatedUsers to anyone with any Google account: with a reading role every object can be listed and downloaded, with a writing role anyone can plant, overwrite or delete data.",
        remediation: Remediation {
            text: "Remove the allUsers and allAuthenticatedUsers members from the bucket's IAM policy and grant access to specific principals instead, then enforce public access prevention. Serve public content through Cloud CDN or signed URLs.",
            cli: Some("gcloud storage buckets remove-iam-policy-binding gs://BUCKET --member=allUsers --role=roles/storage.objectViewer"),
            terraform: Some("resource \"google_storage_bucket\" \"this\" {\n  # ...\n  public_access_prevention = \"enforced\"\n}"),
        },
        references: &[
            "https://cloud.google.com/storage/docs/access-control/iam",
            "https://cloud.google.com/storage/docs/public-access-prevention",
        ],
        compliance: &[
            compliance("cis-gcp-3.0.0", "5.1"),
            compliance("nist-csf-2.0", "PR.AA-05"),
            compliance("soc2", "CC6.1"),
        ],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, b) in e.each::<StorageBucket>() {
        let Some(policy) = b.iam_policy.as_ref() else {
            e.error(r, format!("Cloud Storage bucket {} has no collected IAM policy, so its public access cannot be assessed.", b.name))
                .evidence("iamPolicy", "absent");
            continue;
        };
        let grants: Vec<String> = policy
            .bindings
            .iter()
            .flat_map(|binding| {
                binding
                    .members
                    .iter()
                    .filter(|m| PUBLIC_MEMBERS.contains(&m.as_str()))
                    .map(|m| format!("{} to {m}", binding.role))
            })
            .collect();
        let prevention = b.iam_configuration.as_ref().and_then(|c| c.public_access_prevention.as_deref());
        if grants.is_empty() {
            e.pass(r, format!("Cloud Storage bucket {} grants no IAM role to allUsers or allAuthenticatedUsers.", b.name));
        } else if prevention == Some("enforced") {
            e.pass(r, format!("Cloud Storage bucket {} has public IAM bindings, but public access prevention makes them ineffective.", b.name))
                .evidence("iamPolicy.bindings", grants.join(", "))
                .evidence("iamConfiguration.publicAccessPrevention", "enforced");
        } else {
            e.fail(r, format!("Cloud Storage bucket {} is public: its IAM policy grants {}.", b.name, grants.join(", ")))
                .evidence("iamPolicy.bindings", grants.join(", "))
                .evidence("iamConfiguration.publicAccessPrevention", prevention.unwrap_or("absent"));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.storage.bucket";

    fn bucket(name: &str, extra: serde_json::Value) -> serde_json::Value {
        let mut b = json!({"id": name, "name": name});
        b.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        b
    }

    fn policy(bindings: serde_json::Value) -> serde_json::Value {
        json!({"iamPolicy": {"bindings": bindings}})
    }

    #[test]
    fn public_members_fail_private_members_pass() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "b/public", bucket("public", policy(json!([{"role": "roles/storage.objectViewer", "members": ["allUsers"]}]))))
            .resource(
                KIND,
                "b/anyone-signed-in",
                bucket("anyone-signed-in", policy(json!([{"role": "roles/storage.objectCreator", "members": ["user:a@example.com", "allAuthenticatedUsers"]}]))),
            )
            .resource(
                KIND,
                "b/private",
                bucket("private", policy(json!([{"role": "roles/storage.legacyBucketOwner", "members": ["projectOwner:acme-prod"]}, {"role": "roles/storage.objectViewer", "members": ["domain:example.com", "group:data@example.com"]}]))),
            )
            .run(&super::CHECK);
        let f = out.assert_status("b/public", Status::Fail);
        assert_eq!(f.message, "Cloud Storage bucket public is public: its IAM policy grants roles/storage.objectViewer to allUsers.");
        let f = out.assert_status("b/anyone-signed-in", Status::Fail);
        assert!(f.message.contains("roles/storage.objectCreator to allAuthenticatedUsers"), "{}", f.message);
        out.assert_status("b/private", Status::Pass);
    }

    #[test]
    fn enforced_public_access_prevention_neutralises_public_bindings() {
        let mut config = policy(json!([{"role": "roles/storage.objectViewer", "members": ["allUsers"]}]));
        config["iamConfiguration"] = json!({"publicAccessPrevention": "enforced"});
        let mut inherited = config.clone();
        inherited["iamConfiguration"] = json!({"publicAccessPrevention": "inherited"});
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "b/prevented", bucket("prevented", config))
            .resource(KIND, "b/inherited", bucket("inherited", inherited))
            .run(&super::CHECK);
        let f = out.assert_status("b/prevented", Status::Pass);
        assert!(f.message.contains("ineffective"), "{}", f.message);
        out.assert_status("b/inherited", Status::Fail);
    }

    #[test]
    fn missing_or_malformed_policy_is_an_error_not_a_pass() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "b/unread", bucket("unread", json!({})))
            .resource(KIND, "b/odd", bucket("odd", json!({"iamPolicy": {"bindings": {"role": "roles/storage.admin"}}})))
            .run(&super::CHECK);
        out.assert_status("b/unread", Status::Error);
        out.assert_status("b/odd", Status::Error);
    }
}
