//! Cloud Functions run on a language runtime that still receives security updates.

use splitline_plugin_sdk::kinds::gcp::CloudFunction;
use splitline_plugin_sdk::prelude::*;

use crate::runtimes::{self, Phase};

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCF-004",
        long_id: "gcp-gcf-function-runtime-supported",
        title: "Cloud Function runs on a runtime that is neither deprecated nor decommissioned",
        severity: Severity::Medium,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[CloudFunction::KIND_NAME],
        risk: "A deprecated runtime no longer receives language, system package or OS patches, so known vulnerabilities stay exploitable; after decommissioning the function can no longer be redeployed (not even to fix a flaw) and may be disabled.",
        remediation: Remediation {
            text: "Update the code to a supported language version and redeploy with the new runtime id. The schedule is built in and can be extended with the plugin setting runtime-schedule.",
            cli: Some("gcloud functions deploy FUNCTION --region=REGION --runtime=python312"),
            terraform: Some("resource \"google_cloudfunctions2_function\" \"this\" {\n  # ...\n  build_config {\n    runtime = \"python312\"\n  }\n}"),
        },
        references: &["https://cloud.google.com/functions/docs/runtime-support", "https://cloud.google.com/run/docs/runtimes/function-runtimes"],
        compliance: &[compliance("nist-csf-2.0", "ID.AM-08")],
    },
    run,
};

fn run(e: &mut Eval) {
    let schedule = match runtimes::schedule(e) {
        Ok(s) => s,
        Err(message) => {
            for (r, _) in e.each::<CloudFunction>() {
                e.error(r, format!("{message}."));
            }
            return;
        }
    };
    let now = e.ctx().scan_time;
    for (r, f) in e.each::<CloudFunction>() {
        let Some(runtime) = f.build_config.as_ref().and_then(|b| b.runtime.clone()) else {
            e.error(r, format!("Cloud Function {} reports no runtime (buildConfig.runtime).", r.name)).evidence("buildConfig.runtime", "absent");
            continue;
        };
        match runtimes::phase(&schedule, &runtime, now) {
            Phase::Decommissioned { since } => {
                e.fail(r, format!("Cloud Function {} runs on {runtime}, decommissioned since {since}.", r.name)).evidence("buildConfig.runtime", &runtime);
            }
            Phase::Deprecated { since, decommission } => {
                e.fail(r, format!("Cloud Function {} runs on {runtime}, deprecated since {since} (decommissioned on {decommission}).", r.name)).evidence("buildConfig.runtime", &runtime);
            }
            Phase::Supported(Some(until)) => {
                e.pass(r, format!("Cloud Function {} runs on {runtime}, supported until {until}.", r.name)).evidence("buildConfig.runtime", &runtime);
            }
            Phase::Supported(None) => {
                e.pass(r, format!("Cloud Function {} runs on {runtime}, which has no scheduled deprecation.", r.name)).evidence("buildConfig.runtime", &runtime);
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

    fn f(runtime: &str) -> serde_json::Value {
        json!({"name": runtime, "buildConfig": {"runtime": runtime}})
    }

    fn fixture() -> Fixture {
        Fixture::new("gcp", "acme-prod")
            .scan_time("2026-01-01T00:00:00Z")
            .resource(KIND, "f/python38", f("python38"))
            .resource(KIND, "f/python39", f("python39"))
            .resource(KIND, "f/python312", f("python312"))
            .resource(KIND, "f/python313", f("python313"))
            .resource(KIND, "f/none", json!({"name": "none"}))
    }

    #[test]
    fn phases_are_judged_at_the_scan_time() {
        let out = fixture().run(&super::CHECK);
        let f = out.assert_status("f/python38", Status::Fail);
        assert_eq!(f.message, "Cloud Function python38 runs on python38, decommissioned since 2025-10-14.");
        let f = out.assert_status("f/python39", Status::Fail);
        assert!(f.message.contains("deprecated since 2025-10-05"), "{}", f.message);
        out.assert_status("f/python312", Status::Pass);
        out.assert_status("f/python313", Status::Pass);
        out.assert_status("f/none", Status::Error);

        let out = fixture().scan_time("2025-01-01T00:00:00Z").run(&super::CHECK);
        out.assert_status("f/python39", Status::Pass);
    }

    #[test]
    fn schedule_setting_adds_and_overrides() {
        let out = fixture().setting("runtime-schedule", json!({"python313": ["2025-06-01", "2027-01-01"]})).run(&super::CHECK);
        out.assert_status("f/python313", Status::Fail);
        let out = fixture().setting("runtime-schedule", json!({"python313": ["soon", "later"]})).run(&super::CHECK);
        out.assert_status("f/python312", Status::Error);
    }
}
