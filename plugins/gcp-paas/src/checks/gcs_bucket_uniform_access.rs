//! Cloud Storage buckets use uniform bucket-level access (IAM only, no ACLs).

use splitline_plugin_sdk::kinds::gcp::StorageBucket;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCS-002",
        long_id: "gcp-gcs-bucket-uniform-access",
        title: "Cloud Storage bucket has uniform bucket-level access enabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[StorageBucket::KIND_NAME],
        risk: "With fine-grained access control, object and bucket ACLs grant access in parallel to IAM: a single object can be made public or shared outside the organisation without any change to the bucket's IAM policy, so reviewing IAM no longer tells who can read the data.",
        remediation: Remediation {
            text: "Move any access granted through ACLs to IAM bindings, then enable uniform bucket-level access (reversible for 90 days). Enforce it for new buckets with the storage.uniformBucketLevelAccess organization policy constraint.",
            cli: Some("gcloud storage buckets update gs://BUCKET --uniform-bucket-level-access"),
            terraform: Some("resource \"google_storage_bucket\" \"this\" {\n  # ...\n  uniform_bucket_level_access = true\n}"),
        },
        references: &["https://cloud.google.com/storage/docs/uniform-bucket-level-access"],
        compliance: &[
            compliance("cis-gcp-3.0.0", "5.2"),
            compliance("nist-csf-2.0", "PR.AA-05"),
            compliance("iso27001-2022", "A.5.15"),
        ],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, b) in e.each::<StorageBucket>() {
        match b.iam_configuration.as_ref().and_then(|c| c.uniform_bucket_level_access.as_ref()) {
            Some(ubla) if ubla.enabled => {
                e.pass(r, format!("Cloud Storage bucket {} uses uniform bucket-level access.", b.name))
                    .evidence("iamConfiguration.uniformBucketLevelAccess.enabled", true);
            }
            Some(_) => {
                e.fail(r, format!("Cloud Storage bucket {} uses fine-grained access control, so ACLs can grant access its IAM policy does not show.", b.name))
                    .evidence("iamConfiguration.uniformBucketLevelAccess.enabled", false);
            }
            None => {
                e.fail(r, format!("Cloud Storage bucket {} does not enable uniform bucket-level access, so ACLs can grant access its IAM policy does not show.", b.name))
                    .evidence("iamConfiguration.uniformBucketLevelAccess", "absent (default: disabled)");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.storage.bucket";

    #[test]
    fn enabled_passes_disabled_and_absent_fail() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "b/uniform", json!({"name": "uniform", "iamConfiguration": {"uniformBucketLevelAccess": {"enabled": true, "lockedTime": "2026-03-01T00:00:00Z"}}}))
            .resource(KIND, "b/acls", json!({"name": "acls", "iamConfiguration": {"uniformBucketLevelAccess": {"enabled": false}}}))
            .resource(KIND, "b/old", json!({"name": "old"}))
            .run(&super::CHECK);
        out.assert_status("b/uniform", Status::Pass);
        let f = out.assert_status("b/acls", Status::Fail);
        assert_eq!(f.evidence[0].property, "iamConfiguration.uniformBucketLevelAccess.enabled");
        assert_eq!(f.evidence[0].value, "false");
        let f = out.assert_status("b/old", Status::Fail);
        assert!(f.message.starts_with("Cloud Storage bucket old "), "{}", f.message);
    }

    #[test]
    fn malformed_configuration_is_an_error_not_a_pass() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "b/odd", json!({"name": "odd", "iamConfiguration": {"uniformBucketLevelAccess": true}}))
            .run(&super::CHECK);
        out.assert_status("b/odd", Status::Error);
    }
}
