//! Cloud Run services run as a dedicated service account.

use splitline_plugin_sdk::kinds::gcp::{RunService, is_default_compute_sa};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-RUN-005",
        long_id: "gcp-run-service-not-default-service-account",
        title: "Cloud Run service runs as a dedicated service account, not the Compute Engine default one",
        severity: Severity::Medium,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[RunService::KIND_NAME],
        risk: "Without template.serviceAccount the service runs as the Compute Engine default service account, which often holds Editor on the project: a vulnerability in the service then gives write access to most of the project.",
        remediation: Remediation {
            text: "Create a service account with only the roles the service needs and deploy with --service-account.",
            cli: Some("gcloud run services update SERVICE --region=REGION --service-account=svc-name@PROJECT.iam.gserviceaccount.com"),
            terraform: Some("resource \"google_cloud_run_v2_service\" \"this\" {\n  # ...\n  template {\n    service_account = google_service_account.svc.email\n  }\n}"),
        },
        references: &["https://cloud.google.com/run/docs/securing/service-identity"],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<RunService>() {
        match s.template.service_account.clone() {
            None => {
                e.fail(r, format!("Cloud Run service {} sets no service account, so it runs as the Compute Engine default service account.", r.name)).evidence("template.serviceAccount", "absent");
            }
            Some(sa) if is_default_compute_sa(&sa) => {
                e.fail(r, format!("Cloud Run service {} runs as the Compute Engine default service account {sa}.", r.name)).evidence("template.serviceAccount", &sa);
            }
            Some(sa) => {
                e.pass(r, format!("Cloud Run service {} runs as the dedicated service account {sa}.", r.name)).evidence("template.serviceAccount", &sa);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.run.service";

    #[test]
    fn default_or_unset_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "s/default", json!({"name": "a", "template": {"serviceAccount": "482193047215-compute@developer.gserviceaccount.com"}}))
            .resource(KIND, "s/unset", json!({"name": "b", "template": {}}))
            .resource(KIND, "s/dedicated", json!({"name": "c", "template": {"serviceAccount": "web@acme-prod-4821.iam.gserviceaccount.com"}}))
            .run(&super::CHECK);
        out.assert_status("s/default", Status::Fail);
        let f = out.assert_status("s/unset", Status::Fail);
        assert_eq!(f.evidence[0].value, "absent");
        out.assert_status("s/dedicated", Status::Pass);
    }
}
