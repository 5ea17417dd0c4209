//! Cloud Functions are not invocable by allUsers or allAuthenticatedUsers.

use splitline_plugin_sdk::kinds::gcp::CloudFunction;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCF-001",
        long_id: "gcp-gcf-function-not-public",
        title: "Cloud Function grants no role (such as the invoker role) to allUsers or allAuthenticatedUsers",
        severity: Severity::High,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[CloudFunction::KIND_NAME],
        risk: "An invoker role granted to allUsers lets anyone on the internet call the function without authentication (allAuthenticatedUsers: anyone with any Google account): its code, its service account's permissions and its cost are exposed to every caller.",
        remediation: Remediation {
            text: "Remove the allUsers and allAuthenticatedUsers members and grant roles/cloudfunctions.invoker (roles/run.invoker for 2nd gen) to the calling identities; for a deliberately public endpoint put API Gateway or a load balancer with Cloud Armor in front and document the exception.",
            cli: Some("gcloud functions remove-invoker-policy-binding FUNCTION --region=REGION --member=allUsers"),
            terraform: None,
        },
        references: &["https://cloud.google.com/functions/docs/securing/managing-access-iam", "https://cloud.google.com/functions/docs/securing/authenticating"],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, f) in e.each::<CloudFunction>() {
        let Some(policy) = f.iam_policy.as_ref() else {
            e.error(r, format!("Cloud Function {} has no collected IAM policy, so its public access cannot be assessed.", r.name)).evidence("iamPolicy", "absent");
            continue;
        };
        let grants = policy.public_grants();
        if grants.is_empty() {
            e.pass(r, format!("Cloud Function {} grants no role to allUsers or allAuthenticatedUsers.", r.name));
        } else {
            e.fail(r, format!("Cloud Function {} is publicly invocable: its IAM policy grants {}.", r.name, grants.join(", "))).evidence("iamPolicy.bindings", grants.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.cloudfunctions.function";

    #[test]
    fn public_invoker_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "f/public", json!({"name": "projects/p/locations/europe-west1/functions/hook", "iamPolicy": {"bindings": [{"role": "roles/cloudfunctions.invoker", "members": ["allUsers"]}]}}))
            .resource(KIND, "f/run", json!({"name": "n2", "iamPolicy": {"bindings": [{"role": "roles/run.invoker", "members": ["allAuthenticatedUsers"]}]}}))
            .resource(KIND, "f/private", json!({"name": "n3", "iamPolicy": {"bindings": [{"role": "roles/cloudfunctions.invoker", "members": ["serviceAccount:scheduler@p.iam.gserviceaccount.com"]}]}}))
            .resource(KIND, "f/unread", json!({"name": "n4"}))
            .run(&super::CHECK);
        let f = out.assert_status("f/public", Status::Fail);
        assert!(f.message.ends_with("grants roles/cloudfunctions.invoker to allUsers."), "{}", f.message);
        out.assert_status("f/run", Status::Fail);
        out.assert_status("f/private", Status::Pass);
        out.assert_status("f/unread", Status::Error);
    }
}
