//! Cloud Run services do not accept traffic from the whole internet.

use splitline_plugin_sdk::kinds::gcp::RunService;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-RUN-002",
        long_id: "gcp-run-service-ingress-restricted",
        title: "Cloud Run service ingress is restricted to internal traffic or a load balancer (not INGRESS_TRAFFIC_ALL)",
        severity: Severity::Low,
        service_model: ServiceModel::Serverless,
        control_domain: ControlDomain::Network,
        resource_kinds: &[RunService::KIND_NAME],
        risk: "With INGRESS_TRAFFIC_ALL the run.app URL is reachable from anywhere, so IAM is the only control and no Cloud Armor policy or VPC Service Controls perimeter can filter requests. Rated low because IAM still requires authentication unless the service is also public.",
        remediation: Remediation {
            text: "Set ingress to internal, or internal-and-cloud-load-balancing behind an external Application Load Balancer with Cloud Armor; consider disabling the default run.app URL.",
            cli: Some("gcloud run services update SERVICE --region=REGION --ingress=internal-and-cloud-load-balancing"),
            terraform: Some("resource \"google_cloud_run_v2_service\" \"this\" {\n  # ...\n  ingress = \"INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER\"\n}"),
        },
        references: &["https://cloud.google.com/run/docs/securing/ingress"],
        compliance: &[compliance("nist-csf-2.0", "PR.IR-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<RunService>() {
        match s.ingress.as_deref() {
            Some(i @ ("INGRESS_TRAFFIC_INTERNAL_ONLY" | "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" | "INGRESS_TRAFFIC_NONE")) => {
                e.pass(r, format!("Cloud Run service {} does not accept traffic from the whole internet (ingress {i}).", r.name)).evidence("ingress", i);
            }
            other => {
                e.fail(r, format!("Cloud Run service {} accepts traffic from the whole internet (ingress INGRESS_TRAFFIC_ALL).", r.name))
                    .evidence("ingress", other.unwrap_or("absent (INGRESS_TRAFFIC_ALL)"));
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
    fn all_and_default_fail() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "s/all", json!({"name": "a", "ingress": "INGRESS_TRAFFIC_ALL"}))
            .resource(KIND, "s/default", json!({"name": "b"}))
            .resource(KIND, "s/internal", json!({"name": "c", "ingress": "INGRESS_TRAFFIC_INTERNAL_ONLY"}))
            .resource(KIND, "s/lb", json!({"name": "d", "ingress": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"}))
            .run(&super::CHECK);
        out.assert_status("s/all", Status::Fail);
        let f = out.assert_status("s/default", Status::Fail);
        assert_eq!(f.evidence[0].value, "absent (INGRESS_TRAFFIC_ALL)");
        out.assert_status("s/internal", Status::Pass);
        out.assert_status("s/lb", Status::Pass);
    }
}
