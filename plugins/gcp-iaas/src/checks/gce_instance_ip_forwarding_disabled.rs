//! Compute Engine instances do not forward IP packets.

use splitline_plugin_sdk::kinds::gcp::ComputeInstance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCE-008",
        long_id: "gcp-gce-instance-ip-forwarding-disabled",
        title: "Compute Engine instance does not have IP forwarding enabled",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[ComputeInstance::KIND_NAME],
        risk: "With canIpForward the VPC stops checking that packets leaving or reaching the VM carry its own addresses: a compromised VM can route, spoof and intercept traffic for other hosts, bypassing the network design that firewall rules assume.",
        remediation: Remediation {
            text: "canIpForward can only be set at creation: recreate the instance without IP forwarding, unless it is a deliberate network appliance (NAT, VPN, firewall), which should then be documented and isolated.",
            cli: Some("gcloud compute instances create INSTANCE --zone=ZONE --no-can-ip-forward"),
            terraform: Some("resource \"google_compute_instance\" \"this\" {\n  # ...\n  can_ip_forward = false\n}"),
        },
        references: &["https://cloud.google.com/vpc/docs/using-routes#canipforward"],
        compliance: &[compliance("cis-gcp-3.0.0", "4.6"), compliance("nist-csf-2.0", "PR.IR-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<ComputeInstance>() {
        if vm.is_gke_node() {
            e.not_applicable(r, format!("Compute Engine instance {} is a GKE node, which needs IP forwarding for pod traffic.", vm.name));
        } else if vm.can_ip_forward == Some(true) {
            e.fail(r, format!("Compute Engine instance {} has IP forwarding enabled.", vm.name)).evidence("canIpForward", "true");
        } else {
            e.pass(r, format!("Compute Engine instance {} does not forward IP packets.", vm.name));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.compute.instance";

    #[test]
    fn forwarding_fails_default_passes_gke_excluded() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "vm/router", json!({"name": "router", "canIpForward": true}))
            .resource(KIND, "vm/off", json!({"name": "off", "canIpForward": false}))
            .resource(KIND, "vm/default", json!({"name": "default"}))
            .resource(KIND, "vm/gke", json!({"name": "gke-x", "canIpForward": true, "labels": {"goog-gke-node": ""}}))
            .resource(KIND, "vm/odd", json!({"name": "odd", "canIpForward": "yes"}))
            .run(&super::CHECK);
        let f = out.assert_status("vm/router", Status::Fail);
        assert_eq!(f.message, "Compute Engine instance router has IP forwarding enabled.");
        out.assert_status("vm/off", Status::Pass);
        out.assert_status("vm/default", Status::Pass);
        out.assert_status("vm/gke", Status::NotApplicable);
        out.assert_status("vm/odd", Status::Error);
    }
}
