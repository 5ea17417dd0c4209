//! Cloud Storage buckets enforce public access prevention.

use splitline_plugin_sdk::kinds::gcp::StorageBucket;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCS-003",
        long_id: "gcp-gcs-bucket-public-access-prevention",
        title: "Cloud Storage bucket enforces public access prevention",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[StorageBucket::KIND_NAME],
        risk: "Without public access prevention, one IAM binding or ACL naming allUsers or allAuthenticatedUsers, added by mistake, by a script or by a compromised identity, makes the bucket's data public at once; enforcing it rejects such grants and makes existing ones ineffective.",
        remediation: Remediation {
            text: "Enforce public access prevention on the bucket, after checking that nothing relies on public URLs. Enforce it for every bucket with the storage.publicAccessPrevention organization policy constraint; buckets then still report 'inherited', so keep the bucket-level setting where this check must pass.",
            cli: Some("gcloud storage buckets update gs://BUCKET --public-access-prevention"),
            terraform: Some("resource \"google_storage_bucket\" \"this\" {\n  # ...\n  public_access_prevention = \"enforced\"\n}"),
        },
        references: &[
            "https://cloud.google.com/storage/docs/public-access-prevention",
            "https://cloud.google.com/storage/docs/using-public-access-prevention",
        ],
        compliance: &[
            compliance("nist-csf-2.0", "PR.AA-05"),
            compliance("iso27001-2022", "A.8.3"),
            compliance("soc2", "CC6.1"),
        ],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, b) in e.each::<StorageBucket>() {
        match b.iam_configuration.as_ref().and_then(|c| c.public_access_prevention.as_deref()) {
            Some("enforced") => {
                e.pass(r, format!("Cloud Storage bucket {} enforces public access prevention.", b.name))
                    .evidence("iamConfiguration.publicAccessPrevention", "enforced");
            }
            Some(value @ ("inherited" | "unspecified")) => {
                e.fail(r, format!("Cloud Storage bucket {} does not enforce public access prevention itself, so only an organization policy could block public grants.", b.name))
                    .evidence("iamConfiguration.publicAccessPrevention", value);
            }
            None => {
                e.fail(r, format!("Cloud Storage bucket {} does not enforce public access prevention itself, so only an organization policy could block public grants.", b.name))
                    .evidence("iamConfiguration.publicAccessPrevention", "absent (treated as inherited)");
            }
            Some(other) => {
                e.error(r, format!("Cloud Storage bucket {} reports an unrecognised public access prevention setting {other:?}.", b.name))
                    .evidence("iamConfiguration.publicAccessPrevention", other);
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

    fn bucket(name: &str, prevention: Option<&str>) -> serde_json::Value {
        match prevention {
            Some(p) => json!({"name": name, "iamConfiguration": {"publicAccessPrevention": p}}),
            None => json!({"name": name, "iamConfiguration": {"uniformBucketLevelAccess": {"enabled": true}}}),
        }
    }

    #[test]
    fn enforced_passes_inherited_and_absent_fail() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "b/enforced", bucket("enforced", Some("enforced")))
            .resource(KIND, "b/inherited", bucket("inherited", Some("inherited")))
            .resource(KIND, "b/legacy", bucket("legacy", Some("unspecified")))
            .resource(KIND, "b/absent", bucket("absent", None))
            .run(&super::CHECK);
        out.assert_status("b/enforced", Status::Pass);
        let f = out.assert_status("b/inherited", Status::Fail);
        assert_eq!(f.evidence[0].value, "inherited");
        out.assert_status("b/legacy", Status::Fail);
        let f = out.assert_status("b/absent", Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (treated as inherited)");
    }

    #[test]
    fn unknown_or_malformed_values_are_errors_not_passes() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "b/shouting", bucket("shouting", Some("ENFORCED_MAYBE")))
            .resource(KIND, "b/odd", json!({"name": "odd", "iamConfiguration": {"publicAccessPrevention": true}}))
            .run(&super::CHECK);
        out.assert_status("b/shouting", Status::Error);
        out.assert_status("b/odd", Status::Error);
    }
}
