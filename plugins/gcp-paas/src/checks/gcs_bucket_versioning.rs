//! Cloud Storage buckets keep noncurrent object versions.

use splitline_plugin_sdk::kinds::gcp::StorageBucket;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCS-004",
        long_id: "gcp-gcs-bucket-versioning",
        title: "Cloud Storage bucket has object versioning enabled",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[StorageBucket::KIND_NAME],
        risk: "Without object versioning, an overwritten or deleted object can be recovered only while the bucket's soft-delete window lasts (7 days by default, none if soft delete is off): damage from a faulty job, a compromised credential or ransomware noticed later leaves no earlier version to restore. Rated low because soft delete covers the common short-term cases.",
        remediation: Remediation {
            text: "Enable object versioning and add a lifecycle rule that deletes noncurrent versions after a retention period, to bound storage cost.",
            cli: Some("gcloud storage buckets update gs://BUCKET --versioning"),
            terraform: Some("resource \"google_storage_bucket\" \"this\" {\n  # ...\n  versioning {\n    enabled = true\n  }\n  lifecycle_rule {\n    condition {\n      days_since_noncurrent_time = 90\n    }\n    action {\n      type = \"Delete\"\n    }\n  }\n}"),
        },
        references: &[
            "https://cloud.google.com/storage/docs/object-versioning",
            "https://cloud.google.com/storage/docs/soft-delete",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-11"), compliance("iso27001-2022", "A.8.13")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, b) in e.each::<StorageBucket>() {
        match b.versioning.as_ref() {
            Some(v) if v.enabled => {
                e.pass(r, format!("Cloud Storage bucket {} keeps noncurrent object versions.", b.name))
                    .evidence("versioning.enabled", true);
            }
            Some(_) => {
                e.fail(r, format!("Cloud Storage bucket {} has object versioning disabled.", b.name))
                    .evidence("versioning.enabled", false);
            }
            None => {
                e.fail(r, format!("Cloud Storage bucket {} has never enabled object versioning.", b.name))
                    .evidence("versioning", "absent (default: disabled)");
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
    fn enabled_passes_suspended_and_absent_fail() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "b/versioned", json!({"name": "versioned", "versioning": {"enabled": true}}))
            .resource(KIND, "b/suspended", json!({"name": "suspended", "versioning": {"enabled": false}}))
            .resource(KIND, "b/never", json!({"name": "never"}))
            .run(&super::CHECK);
        out.assert_status("b/versioned", Status::Pass);
        let f = out.assert_status("b/suspended", Status::Fail);
        assert_eq!(f.message, "Cloud Storage bucket suspended has object versioning disabled.");
        let f = out.assert_status("b/never", Status::Fail);
        assert_eq!(f.evidence[0].property, "versioning");
    }

    #[test]
    fn malformed_configuration_is_an_error_not_a_pass() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "b/odd", json!({"name": "odd", "versioning": "on"}))
            .run(&super::CHECK);
        out.assert_status("b/odd", Status::Error);
    }
}
