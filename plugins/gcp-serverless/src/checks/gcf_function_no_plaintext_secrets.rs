//! Cloud Functions keep secrets in Secret Manager, not in environment variables.

use splitline_plugin_sdk::kinds::gcp::CloudFunction;
use splitline_plugin_sdk::prelude::*;

use crate::secrets;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCF-003",
        long_id: "gcp-gcf-function-no-plaintext-secrets",
        title: "Cloud Function keeps no secret in plain environment variables (uses Secret Manager references)",
        severity: Severity::High,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::Secrets,
        resource_kinds: &[CloudFunction::KIND_NAME],
        risk: "Plain environment variables are readable by everyone with cloudfunctions.functions.get (including the Viewer role), appear in deployment tooling and logs, and cannot be rotated or audited like a secret: a leaked value gives direct access to the system it unlocks.",
        remediation: Remediation {
            text: "Store the value in Secret Manager, grant the function's service account roles/secretmanager.secretAccessor on it, expose it with --set-secrets (secretEnvironmentVariables) and remove the plain variable; then rotate the secret, since it was exposed.",
            cli: Some("gcloud functions deploy FUNCTION --region=REGION --remove-env-vars=API_KEY --set-secrets=API_KEY=api-key:latest"),
            terraform: Some("resource \"google_cloudfunctions2_function\" \"this\" {\n  # ...\n  service_config {\n    secret_environment_variables {\n      key        = \"API_KEY\"\n      project_id = var.project\n      secret     = google_secret_manager_secret.api_key.secret_id\n      version    = \"latest\"\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/functions/docs/configuring/secrets", "https://cloud.google.com/secret-manager/docs/overview"],
        compliance: &[compliance("cis-gcp-3.0.0", "1.17"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, f) in e.each::<CloudFunction>() {
        let cfg = f.service_config.clone().unwrap_or_default();
        let found = secrets::find(cfg.environment_variables.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if found.is_empty() {
            let refs = cfg.secret_environment_variables.len();
            let note = if refs > 0 { format!(" ({refs} variable(s) come from Secret Manager)") } else { String::new() };
            e.pass(r, format!("Cloud Function {} keeps no secret in plain environment variables{note}.", r.name));
            continue;
        }
        let names: Vec<&str> = found.iter().map(|(n, _, _)| *n).collect();
        let fi = e.fail(r, format!("Cloud Function {} keeps a secret in plain environment variable(s) {} instead of Secret Manager.", r.name, names.join(", ")));
        for (name, value, _) in found {
            fi.secret_evidence(format!("serviceConfig.environmentVariables.{name}"), value);
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
    fn redacted_values_fail_references_pass() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "f/leaky", json!({"name": "leaky", "serviceConfig": {"environmentVariables": {"LOG_LEVEL": "info", "STRIPE_KEY": "[redacted] a Stripe secret key, 32 characters"}}}))
            .resource(KIND, "f/refs", json!({"name": "refs", "serviceConfig": {"environmentVariables": {"LOG_LEVEL": "info"}, "secretEnvironmentVariables": [{"key": "STRIPE_KEY", "projectId": "p", "secret": "stripe", "version": "latest"}]}}))
            .resource(KIND, "f/none", json!({"name": "none"}))
            .resource(KIND, "f/odd", json!({"name": "odd", "serviceConfig": {"environmentVariables": ["A=B"]}}))
            .run(&super::CHECK);
        let f = out.assert_status("f/leaky", Status::Fail);
        assert_eq!(f.message, "Cloud Function leaky keeps a secret in plain environment variable(s) STRIPE_KEY instead of Secret Manager.");
        assert_eq!(f.evidence[0].property, "serviceConfig.environmentVariables.STRIPE_KEY");
        assert_eq!(f.evidence[0].value, "[redacted] a Stripe secret key, 32 characters");
        let f = out.assert_status("f/refs", Status::Pass);
        assert!(f.message.contains("1 variable(s) come from Secret Manager"), "{}", f.message);
        out.assert_status("f/none", Status::Pass);
        out.assert_status("f/odd", Status::Error);
    }
}
