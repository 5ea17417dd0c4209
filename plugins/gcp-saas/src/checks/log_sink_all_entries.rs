//! Each project exports a copy of all its log entries through a sink.

use splitline_plugin_sdk::kinds::gcp::{LoggingSink, Project};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-LOG-002",
        long_id: "gcp-log-sink-all-entries",
        title: "Project has an enabled log sink without a filter (exports all log entries)",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[Project::KIND_NAME, LoggingSink::KIND_NAME],
        risk: "Logs kept only in the project's own log buckets expire after the default retention (30 days for _Default) and can be deleted by the project's administrators: after a late-detected or insider incident the evidence is gone.",
        remediation: Remediation {
            text: "Create a sink with an empty filter to a Cloud Storage bucket (with a locked retention policy), BigQuery or a central logging project. An organization-level aggregated sink also covers the project, but is not collected: accept this finding where one exists.",
            cli: Some("gcloud logging sinks create all-logs storage.googleapis.com/BUCKET"),
            terraform: Some("resource \"google_logging_project_sink\" \"all\" {\n  name                   = \"all-logs\"\n  destination            = \"storage.googleapis.com/${google_storage_bucket.logs.name}\"\n  unique_writer_identity = true\n}"),
        },
        references: &["https://cloud.google.com/logging/docs/export/configure_export_v2", "https://cloud.google.com/logging/docs/central-log-storage"],
        compliance: &[compliance("cis-gcp-3.0.0", "2.2"), compliance("nist-csf-2.0", "PR.PS-04")],
    },
    run,
};

fn run(e: &mut Eval) {
    let sinks: Vec<LoggingSink> = e.each::<LoggingSink>().into_iter().map(|(_, s)| s).collect();
    for (r, p) in e.each::<Project>() {
        let full: Vec<&LoggingSink> = sinks.iter().filter(|s| s.exports_everything()).collect();
        if let Some(s) = full.first() {
            e.pass(r, format!("Project {} exports all log entries through sink {} to {}.", p.project_id, s.name, s.destination)).evidence("sink", &s.name);
        } else {
            let names: Vec<&str> = sinks.iter().map(|s| s.name.as_str()).collect();
            e.fail(r, format!("Project {} has no enabled sink that exports all log entries.", p.project_id))
                .evidence("sinks", if names.is_empty() { "none".to_string() } else { format!("{} (all filtered, disabled or with exclusions)", names.join(", ")) });
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const PROJECT: &str = "gcp.resourcemanager.project";
    const SINK: &str = "gcp.logging.sink";

    fn project() -> serde_json::Value {
        json!({"name": "projects/482193047215", "projectId": "acme-prod-4821"})
    }

    fn default_sinks(f: Fixture) -> Fixture {
        f.resource(SINK, "s/_Required", json!({"name": "_Required", "destination": "logging.googleapis.com/projects/acme-prod-4821/locations/global/buckets/_Required", "filter": "LOG_ID(\"cloudaudit.googleapis.com/activity\")"}))
            .resource(SINK, "s/_Default", json!({"name": "_Default", "destination": "logging.googleapis.com/projects/acme-prod-4821/locations/global/buckets/_Default", "filter": "NOT LOG_ID(\"cloudaudit.googleapis.com/activity\")"}))
    }

    #[test]
    fn unfiltered_enabled_sink_passes() {
        let out = default_sinks(Fixture::new("gcp", "acme-prod"))
            .resource(PROJECT, "p", project())
            .resource(SINK, "s/all", json!({"name": "all-logs", "destination": "storage.googleapis.com/acme-logs", "filter": ""}))
            .run(&super::CHECK);
        let f = out.assert_status("p", Status::Pass);
        assert_eq!(f.message, "Project acme-prod-4821 exports all log entries through sink all-logs to storage.googleapis.com/acme-logs.");
    }

    #[test]
    fn only_filtered_disabled_or_excluding_sinks_fail() {
        let out = default_sinks(Fixture::new("gcp", "acme-prod"))
            .resource(PROJECT, "p", project())
            .resource(SINK, "s/off", json!({"name": "off", "destination": "storage.googleapis.com/x", "disabled": true}))
            .resource(SINK, "s/excl", json!({"name": "excl", "destination": "storage.googleapis.com/x", "exclusions": [{"name": "no-debug", "filter": "severity<INFO"}]}))
            .run(&super::CHECK);
        let f = out.assert_status("p", Status::Fail);
        assert!(f.evidence[0].value.starts_with("_Required, _Default, off, excl"), "{}", f.evidence[0].value);

        let out = Fixture::new("gcp", "acme-prod").resource(PROJECT, "p", project()).run(&super::CHECK);
        let f = out.assert_status("p", Status::Fail);
        assert_eq!(f.evidence[0].value, "none");
    }
}
