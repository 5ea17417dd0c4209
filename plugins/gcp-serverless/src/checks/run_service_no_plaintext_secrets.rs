//! Cloud Run services take secrets from Secret Manager, not plain environment variables.

use splitline_plugin_sdk::kinds::gcp::RunService;
use splitline_plugin_sdk::prelude::*;

use crate::secrets;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-RUN-003",
        long_id: "gcp-run-service-no-plaintext-secrets",
        title: "Cloud Run service keeps no secret in plain environment variables (uses Secret Manager references)",
        severity: Severity::High,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::Secrets,
        resource_kinds: &[RunService::KIND_NAME],
        risk: "Plain environment variables are readable by everyone with run.services.get (including the Viewer role) and are copied into every revision: a leaked value gives direct access to the system it unlocks and cannot be rotated centrally.",
        remediation: Remediation {
            text: "Store the value in Secret Manager, grant the service's identity roles/secretmanager.secretAccessor, reference it with --set-secrets (env valueSource.secretKeyRef), remove the plain variable and rotate the secret.",
            cli: Some("gcloud run services update SERVICE --region=REGION --remove-env-vars=API_KEY --set-secrets=API_KEY=api-key:latest"),
            terraform: Some("resource \"google_cloud_run_v2_service\" \"this\" {\n  # ...\n  template {\n    containers {\n      env {\n        name = \"API_KEY\"\n        value_source {\n          secret_key_ref {\n            secret  = google_secret_manager_secret.api_key.secret_id\n            version = \"latest\"\n          }\n        }\n      }\n    }\n  }\n}"),
        },
        references: &["https://cloud.google.com/run/docs/configuring/services/secrets"],
        compliance: &[compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<RunService>() {
        let mut found = Vec::new();
        for (i, c) in s.template.containers.iter().enumerate() {
            let plain = c.env.iter().filter(|v| v.value_source.is_none()).filter_map(|v| v.value.as_deref().map(|val| (v.name.as_str(), val)));
            for (name, value, _) in secrets::find(plain) {
                found.push((i, name.to_string(), value.to_string()));
            }
        }
        if found.is_empty() {
            e.pass(r, format!("Cloud Run service {} keeps no secret in plain environment variables.", r.name));
            continue;
        }
        let names: Vec<&str> = found.iter().map(|(_, n, _)| n.as_str()).collect();
        let f = e.fail(r, format!("Cloud Run service {} keeps a secret in plain environment variable(s) {} instead of Secret Manager.", r.name, names.join(", ")));
        for (i, name, value) in &found {
            f.secret_evidence(format!("template.containers[{i}].env[{name}]"), value);
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
    fn redacted_plain_values_fail_secret_refs_pass() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "s/leaky", json!({"name": "leaky", "template": {"containers": [{"image": "x", "env": [{"name": "PORT_NAME", "value": "http"}, {"name": "DATABASE_URL", "value": "[redacted] a connection string with a password, 61 characters"}]}]}}))
            .resource(KIND, "s/refs", json!({"name": "refs", "template": {"containers": [{"env": [{"name": "DATABASE_URL", "valueSource": {"secretKeyRef": {"secret": "db-url", "version": "latest"}}}]}]}}))
            .resource(KIND, "s/bare", json!({"name": "bare", "template": {"containers": [{"image": "x"}]}}))
            .resource(KIND, "s/odd", json!({"name": "odd", "template": {"containers": [{"env": {"A": "B"}}]}}))
            .run(&super::CHECK);
        let f = out.assert_status("s/leaky", Status::Fail);
        assert_eq!(f.message, "Cloud Run service leaky keeps a secret in plain environment variable(s) DATABASE_URL instead of Secret Manager.");
        assert_eq!(f.evidence[0].property, "template.containers[0].env[DATABASE_URL]");
        assert!(f.evidence[0].value.starts_with("[redacted]"));
        out.assert_status("s/refs", Status::Pass);
        out.assert_status("s/bare", Status::Pass);
        out.assert_status("s/odd", Status::Error);
    }
}
