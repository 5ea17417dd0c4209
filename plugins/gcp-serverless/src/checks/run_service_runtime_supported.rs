//! Cloud Run services built on a Google runtime base image use a supported runtime.

use splitline_plugin_sdk::kinds::gcp::RunService;
use splitline_plugin_sdk::prelude::*;

use crate::runtimes::{self, Phase};

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-RUN-004",
        long_id: "gcp-run-service-runtime-supported",
        title: "Cloud Run service deployed from source uses a runtime base image that is neither deprecated nor decommissioned",
        severity: Severity::Medium,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[RunService::KIND_NAME],
        risk: "A deprecated runtime base image no longer receives language, system package or OS patches, so known vulnerabilities stay exploitable, and after decommissioning the service can no longer be rebuilt on it.",
        remediation: Remediation {
            text: "Redeploy from source with a supported base image (--base-image), or rebuild the container on a supported language version. The schedule can be extended with the plugin setting runtime-schedule. Services deployed from a container image without a Google base image are not assessed.",
            cli: Some("gcloud run deploy SERVICE --region=REGION --source=. --base-image=python312"),
            terraform: None,
        },
        references: &["https://cloud.google.com/run/docs/runtime-support", "https://cloud.google.com/run/docs/configuring/services/runtime-base-images"],
        compliance: &[compliance("nist-csf-2.0", "ID.AM-08")],
    },
    run,
};

fn run(e: &mut Eval) {
    let schedule = match runtimes::schedule(e) {
        Ok(s) => s,
        Err(message) => {
            for (r, _) in e.each::<RunService>() {
                e.error(r, format!("{message}."));
            }
            return;
        }
    };
    let now = e.ctx().scan_time;
    for (r, s) in e.each::<RunService>() {
        let runtimes: Vec<(usize, String)> = s
            .template
            .containers
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.base_image_uri.as_deref().map(|uri| (i, uri.rsplit('/').next().unwrap_or(uri).split([':', '@']).next().unwrap_or_default().to_string())))
            .collect();
        if runtimes.is_empty() {
            e.not_applicable(r, format!("Cloud Run service {} does not use a Google runtime base image.", r.name));
            continue;
        }
        let mut bad = Vec::new();
        for (i, runtime) in &runtimes {
            match runtimes::phase(&schedule, runtime, now) {
                Phase::Decommissioned { since } => bad.push((*i, format!("{runtime} (decommissioned since {since})"))),
                Phase::Deprecated { since, .. } => bad.push((*i, format!("{runtime} (deprecated since {since})"))),
                Phase::Supported(_) => {}
            }
        }
        let ids: Vec<&str> = runtimes.iter().map(|(_, rt)| rt.as_str()).collect();
        if bad.is_empty() {
            e.pass(r, format!("Cloud Run service {} runs on the supported runtime {}.", r.name, ids.join(", ")));
        } else {
            let list: Vec<&str> = bad.iter().map(|(_, d)| d.as_str()).collect();
            let f = e.fail(r, format!("Cloud Run service {} runs on {}.", r.name, list.join(", ")));
            for (i, _) in &bad {
                f.evidence(format!("template.containers[{i}].baseImageUri"), s.template.containers[*i].base_image_uri.clone().unwrap_or_default());
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

    fn svc(runtime: &str) -> serde_json::Value {
        json!({"name": runtime, "template": {"containers": [{"image": "x", "baseImageUri": format!("europe-west1-docker.pkg.dev/serverless-runtimes/google-22-full/runtimes/{runtime}")}]}})
    }

    #[test]
    fn base_image_runtime_is_judged_at_the_scan_time() {
        let out = Fixture::new("gcp", "acme-prod")
            .scan_time("2026-01-01T00:00:00Z")
            .resource(KIND, "s/nodejs18", svc("nodejs18"))
            .resource(KIND, "s/nodejs22", svc("nodejs22"))
            .resource(KIND, "s/image", json!({"name": "image", "template": {"containers": [{"image": "europe-docker.pkg.dev/p/r/app:1"}]}}))
            .run(&super::CHECK);
        let f = out.assert_status("s/nodejs18", Status::Fail);
        assert_eq!(f.message, "Cloud Run service nodejs18 runs on nodejs18 (decommissioned since 2025-10-30).");
        assert_eq!(f.evidence[0].property, "template.containers[0].baseImageUri");
        out.assert_status("s/nodejs22", Status::Pass);
        out.assert_status("s/image", Status::NotApplicable);
    }
}
