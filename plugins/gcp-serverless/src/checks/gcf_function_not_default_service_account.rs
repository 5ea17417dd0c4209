//! Cloud Functions run as a dedicated service account.

use splitline_plugin_sdk::kinds::gcp::{CloudFunction, is_default_compute_sa};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCF-005",
        long_id: "gcp-gcf-function-not-default-service-account",
        title: "Cloud Function runs as a dedicated service account, not a default one",
        severity: Severity::Medium,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[CloudFunction::KIND_NAME],
        risk: "Without a runtime service account the function runs as the Compute Engine default service account (App Engine's for 1st gen), which often holds Editor on the project: a vulnerability in the function then gives write access to most of the project.",
        remediation: Remediation {
            text: "Create a service account with only the roles the function needs and deploy with --service-account.",
            cli: Some("gcloud functions deploy FUNCTION --region=REGION --service-account=fn-name@PROJECT.iam.gserviceaccount.com"),
            terraform: Some("resource \"google_cloudfunctions2_function\" \"this\" {\n  # ...\n  service_config {\n    service_account_email = google_service_account.fn.email\n  }\n}"),
        },
        references: &["https://cloud.google.com/functions/docs/securing/function-identity"],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, f) in e.each::<CloudFunction>() {
        match f.service_config.as_ref().and_then(|s| s.service_account_email.clone()) {
            None => {
                e.fail(r, format!("Cloud Function {} sets no runtime service account, so it runs as the default one.", r.name)).evidence("serviceConfig.serviceAccountEmail", "absent");
            }
            Some(sa) if is_default_compute_sa(&sa) || sa.ends_with("@appspot.gserviceaccount.com") => {
                e.fail(r, format!("Cloud Function {} runs as the default service account {sa}.", r.name)).evidence("serviceConfig.serviceAccountEmail", &sa);
            }
            Some(sa) => {
                e.pass(r, format!("Cloud Function {} runs as the dedicated service account {sa}.", r.name)).evidence("serviceConfig.serviceAccountEmail", &sa);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.cloudfunctions.function";

    fn f(sa: Option<&str>) -> serde_json::Value {
        match sa {
            Some(sa) => json!({"name": "x", "serviceConfig": {"serviceAccountEmail": sa}}),
            None => json!({"name": "x", "serviceConfig": {}}),
        }
    }

    #[test]
    fn default_accounts_fail() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "f/compute", f(Some("482193047215-compute@developer.gserviceaccount.com")))
            .resource(KIND, "f/appspot", f(Some("acme-prod-4821@appspot.gserviceaccount.com")))
            .resource(KIND, "f/unset", f(None))
            .resource(KIND, "f/dedicated", f(Some("fn-hook@acme-prod-4821.iam.gserviceaccount.com")))
            .run(&super::CHECK);
        out.assert_status("f/compute", Status::Fail);
        out.assert_status("f/appspot", Status::Fail);
        let f = out.assert_status("f/unset", Status::Fail);
        assert_eq!(f.message, "Cloud Function unset sets no runtime service account, so it runs as the default one.");
        out.assert_status("f/dedicated", Status::Pass);
    }
}
