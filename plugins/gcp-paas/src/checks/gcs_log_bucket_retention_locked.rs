//! Buckets that receive exported logs keep them under a locked retention policy.

use splitline_plugin_sdk::kinds::gcp::{LoggingSink, StorageBucket};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCS-006",
        long_id: "gcp-gcs-log-bucket-retention-locked",
        title: "Cloud Storage bucket used as a log sink destination has a locked retention policy (Bucket Lock)",
        severity: Severity::Medium,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[StorageBucket::KIND_NAME, LoggingSink::KIND_NAME],
        risk: "Exported logs are the evidence an attacker most wants to erase: without a locked retention policy, anyone with delete rights on the bucket (including a compromised administrator) can remove or shorten the record of what happened.",
        remediation: Remediation {
            text: "Set a retention policy on the sink's destination bucket that covers the required log retention, then lock it (locking is irreversible).",
            cli: Some("gcloud storage buckets update gs://BUCKET --retention-period=365d && gcloud storage buckets update gs://BUCKET --lock-retention-period"),
            terraform: Some("resource \"google_storage_bucket\" \"logs\" {\n  # ...\n  retention_policy {\n    retention_period = 31536000\n    is_locked        = true\n  }\n}"),
        },
        references: &["https://cloud.google.com/storage/docs/bucket-lock", "https://cloud.google.com/logging/docs/export/configure_export_v2"],
        compliance: &[compliance("cis-gcp-3.0.0", "2.3"), compliance("nist-csf-2.0", "PR.PS-04")],
    },
    run,
};

fn run(e: &mut Eval) {
    let sinks: Vec<LoggingSink> = e.each::<LoggingSink>().into_iter().map(|(_, s)| s).collect();
    for (r, b) in e.each::<StorageBucket>() {
        let feeding: Vec<&str> = sinks.iter().filter(|s| s.storage_bucket() == Some(b.name.as_str())).map(|s| s.name.as_str()).collect();
        if feeding.is_empty() {
            e.not_applicable(r, format!("Cloud Storage bucket {} is not the destination of a collected log sink.", b.name));
            continue;
        }
        let policy = b.retention_policy.clone().unwrap_or_default();
        match (policy.retention_period.as_deref(), policy.is_locked) {
            (Some(period), Some(true)) => {
                e.pass(r, format!("Cloud Storage bucket {} receives logs from sink {} and keeps them under a locked retention policy.", b.name, feeding.join(", ")))
                    .evidence("retentionPolicy.retentionPeriod", period)
                    .evidence("retentionPolicy.isLocked", true);
            }
            (Some(period), _) => {
                e.fail(r, format!("Cloud Storage bucket {} receives logs from sink {}, but its retention policy is not locked.", b.name, feeding.join(", ")))
                    .evidence("retentionPolicy.retentionPeriod", period)
                    .evidence("retentionPolicy.isLocked", false);
            }
            (None, _) => {
                e.fail(r, format!("Cloud Storage bucket {} receives logs from sink {} but has no retention policy.", b.name, feeding.join(", ")))
                    .evidence("retentionPolicy", "absent");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const BUCKET: &str = "gcp.storage.bucket";
    const SINK: &str = "gcp.logging.sink";

    #[test]
    fn only_sink_destinations_are_judged() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(SINK, "sink/a", json!({"name": "audit-export", "destination": "storage.googleapis.com/logs-locked"}))
            .resource(SINK, "sink/b", json!({"name": "all-export", "destination": "storage.googleapis.com/logs-unlocked"}))
            .resource(SINK, "sink/c", json!({"name": "bq", "destination": "bigquery.googleapis.com/projects/p/datasets/d"}))
            .resource(SINK, "sink/d", json!({"name": "raw", "destination": "storage.googleapis.com/logs-none"}))
            .resource(BUCKET, "b/locked", json!({"name": "logs-locked", "retentionPolicy": {"retentionPeriod": "31536000", "isLocked": true}}))
            .resource(BUCKET, "b/unlocked", json!({"name": "logs-unlocked", "retentionPolicy": {"retentionPeriod": "31536000"}}))
            .resource(BUCKET, "b/none", json!({"name": "logs-none"}))
            .resource(BUCKET, "b/data", json!({"name": "data"}))
            .run(&super::CHECK);
        out.assert_status("b/locked", Status::Pass);
        let f = out.assert_status("b/unlocked", Status::Fail);
        assert_eq!(f.message, "Cloud Storage bucket logs-unlocked receives logs from sink all-export, but its retention policy is not locked.");
        out.assert_status("b/none", Status::Fail);
        out.assert_status("b/data", Status::NotApplicable);
    }
}
