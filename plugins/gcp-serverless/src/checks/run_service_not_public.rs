//! Cloud Run services require an authenticated, authorized caller.

use splitline_plugin_sdk::kinds::gcp::RunService;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-RUN-001",
        long_id: "gcp-run-service-not-public",
        title: "Cloud Run service does not allow unauthenticated invocations (no allUsers invoker, invoker IAM check on)",
        severity: Severity::High,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[RunService::KIND_NAME],
        risk: "A service that grants roles/run.invoker to allUsers, or has the invoker IAM check disabled, answers anyone who reaches its URL without authentication: its code, its service account's permissions and its cost are exposed to every caller.",
        remediation: Remediation {
            text: "Remove the allUsers/allAuthenticatedUsers bindings and re-enable the invoker IAM check; grant roles/run.invoker to the calling identities. For a deliberately public site, restrict ingress to a load balancer with Cloud Armor (or IAP) and document the exception.",
            cli: Some("gcloud run services remove-iam-policy-binding SERVICE --region=REGION --member=allUsers --role=roles/run.invoker && gcloud run services update SERVICE --region=REGION --invoker-iam-check"),
            terraform: Some("resource \"google_cloud_run_v2_service\" \"this\" {\n  # ...\n  invoker_iam_disabled = false\n}"),
        },
        references: &["https://cloud.google.com/run/docs/securing/managing-access", "https://cloud.google.com/run/docs/authenticating/public"],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<RunService>() {
        if s.invoker_iam_disabled == Some(true) {
            e.fail(r, format!("Cloud Run service {} is public: its invoker IAM check is disabled.", r.name)).evidence("invokerIamDisabled", true);
            continue;
        }
        let Some(policy) = s.iam_policy.as_ref() else {
            e.error(r, format!("Cloud Run service {} has no collected IAM policy, so its public access cannot be assessed.", r.name)).evidence("iamPolicy", "absent");
            continue;
        };
        let grants = policy.public_grants();
        if grants.is_empty() {
            e.pass(r, format!("Cloud Run service {} requires an authorized caller.", r.name));
        } else {
            e.fail(r, format!("Cloud Run service {} is publicly invocable: its IAM policy grants {}.", r.name, grants.join(", "))).evidence("iamPolicy.bindings", grants.join(", "));
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
    fn public_binding_or_disabled_check_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "s/public", json!({"name": "projects/p/locations/europe-west1/services/web", "iamPolicy": {"bindings": [{"role": "roles/run.invoker", "members": ["allUsers"]}]}}))
            .resource(KIND, "s/no-iam", json!({"name": "n", "invokerIamDisabled": true}))
            .resource(KIND, "s/private", json!({"name": "n", "invokerIamDisabled": false, "iamPolicy": {"bindings": [{"role": "roles/run.invoker", "members": ["serviceAccount:caller@p.iam.gserviceaccount.com"]}]}}))
            .resource(KIND, "s/unread", json!({"name": "n"}))
            .run(&super::CHECK);
        let f = out.assert_status("s/public", Status::Fail);
        assert_eq!(f.message, "Cloud Run service public is publicly invocable: its IAM policy grants roles/run.invoker to allUsers.");
        out.assert_status("s/no-iam", Status::Fail);
        out.assert_status("s/private", Status::Pass);
        out.assert_status("s/unread", Status::Error);
    }
}
