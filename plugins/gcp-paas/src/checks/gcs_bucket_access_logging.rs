//! Cloud Storage buckets write usage (access) logs to a log bucket.

use splitline_plugin_sdk::kinds::gcp::StorageBucket;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCS-005",
        long_id: "gcp-gcs-bucket-access-logging",
        title: "Cloud Storage bucket has usage logging configured",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[StorageBucket::KIND_NAME],
        risk: "Without usage logs there is no per-request record of who read or changed objects in the bucket, so a data exfiltration cannot be detected or scoped. Rated low because Cloud Audit Logs Data Access logs, configured at the project and not visible to this check, can provide the same record.",
        remediation: Remediation {
            text: "Configure usage logs to a dedicated log bucket with restricted access, or enable Cloud Audit Logs Data Access logs (DATA_READ, DATA_WRITE) for Cloud Storage, which Google recommends for most cases.",
            cli: Some("gcloud storage buckets update gs://BUCKET --log-bucket=gs://LOG_BUCKET --log-object-prefix=BUCKET"),
            terraform: Some("resource \"google_storage_bucket\" \"this\" {\n  # ...\n  logging {\n    log_bucket        = google_storage_bucket.logs.name\n    log_object_prefix = \"BUCKET\"\n  }\n}"),
        },
        references: &[
            "https://cloud.google.com/storage/docs/access-logs",
            "https://cloud.google.com/storage/docs/audit-logging",
        ],
        compliance: &[compliance("nist-csf-2.0", "DE.CM-09"), compliance("iso27001-2022", "A.8.15")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, b) in e.each::<StorageBucket>() {
        match b.logging.as_ref() {
            Some(l) if !l.log_bucket.is_empty() => {
                e.pass(r, format!("Cloud Storage bucket {} writes usage logs to bucket {}.", b.name, l.log_bucket))
                    .evidence("logging.logBucket", &l.log_bucket);
            }
            _ => {
                e.fail(r, format!("Cloud Storage bucket {} has no usage logging configured.", b.name))
                    .evidence("logging.logBucket", "absent");
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
    fn log_bucket_passes_missing_or_empty_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "b/logged", json!({"name": "logged", "logging": {"logBucket": "acme-logs", "logObjectPrefix": "logged"}}))
            .resource(KIND, "b/silent", json!({"name": "silent"}))
            .resource(KIND, "b/prefix-only", json!({"name": "prefix-only", "logging": {"logObjectPrefix": "x"}}))
            .run(&super::CHECK);
        let f = out.assert_status("b/logged", Status::Pass);
        assert_eq!(f.message, "Cloud Storage bucket logged writes usage logs to bucket acme-logs.");
        out.assert_status("b/silent", Status::Fail);
        out.assert_status("b/prefix-only", Status::Fail);
    }

    #[test]
    fn malformed_configuration_is_an_error_not_a_pass() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "b/odd", json!({"name": "odd", "logging": {"logBucket": ["acme-logs"]}}))
            .run(&super::CHECK);
        out.assert_status("b/odd", Status::Error);
    }
}
