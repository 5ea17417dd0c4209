//! Cloud Functions do not accept traffic from the whole internet.

use splitline_plugin_sdk::kinds::gcp::CloudFunction;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCF-002",
        long_id: "gcp-gcf-function-ingress-restricted",
        title: "Cloud Function ingress is restricted to internal traffic or a load balancer (not ALLOW_ALL)",
        severity: Severity::Low,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::Network,
        resource_kinds: &[CloudFunction::KIND_NAME],
        risk: "With ALLOW_ALL the function's URL is reachable from anywhere on the internet, so IAM is the only control: one public binding or a flaw in the code is directly exploitable, and no Cloud Armor policy or VPC Service Controls perimeter can filter the traffic. Rated low because IAM still requires authentication unless the function is also public.",
        remediation: Remediation {
            text: "Set ingress to ALLOW_INTERNAL_ONLY for functions called from the VPC or by Google services, or ALLOW_INTERNAL_AND_GCLB behind an external Application Load Balancer with Cloud Armor.",
            cli: Some("gcloud functions deploy FUNCTION --region=REGION --ingress-settings=internal-only"),
            terraform: Some("resource \"google_cloudfunctions2_function\" \"this\" {\n  # ...\n  service_config {\n    ingress_settings = \"ALLOW_INTERNAL_ONLY\"\n  }\n}"),
        },
        references: &["https://cloud.google.com/functions/docs/networking/network-settings#ingress_settings"],
        compliance: &[compliance("nist-csf-2.0", "PR.IR-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, f) in e.each::<CloudFunction>() {
        let setting = f.service_config.as_ref().and_then(|s| s.ingress_settings.clone());
        match setting.as_deref() {
            Some(s @ ("ALLOW_INTERNAL_ONLY" | "ALLOW_INTERNAL_AND_GCLB")) => {
                e.pass(r, format!("Cloud Function {} accepts only {} traffic.", r.name, if s == "ALLOW_INTERNAL_ONLY" { "internal" } else { "internal and load balancer" }))
                    .evidence("serviceConfig.ingressSettings", s);
            }
            other => {
                e.fail(r, format!("Cloud Function {} accepts traffic from the whole internet (ingress ALLOW_ALL).", r.name))
                    .evidence("serviceConfig.ingressSettings", other.unwrap_or("absent (ALLOW_ALL)"));
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

    #[test]
    fn allow_all_and_default_fail() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "f/all", json!({"name": "a", "serviceConfig": {"ingressSettings": "ALLOW_ALL"}}))
            .resource(KIND, "f/default", json!({"name": "b", "serviceConfig": {}}))
            .resource(KIND, "f/internal", json!({"name": "c", "serviceConfig": {"ingressSettings": "ALLOW_INTERNAL_ONLY"}}))
            .resource(KIND, "f/gclb", json!({"name": "d", "serviceConfig": {"ingressSettings": "ALLOW_INTERNAL_AND_GCLB"}}))
            .run(&super::CHECK);
        out.assert_status("f/all", Status::Fail);
        let f = out.assert_status("f/default", Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (ALLOW_ALL)");
        out.assert_status("f/internal", Status::Pass);
        out.assert_status("f/gclb", Status::Pass);
    }
}
