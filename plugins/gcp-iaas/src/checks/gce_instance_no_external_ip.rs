//! Compute Engine instances have no external IP address.

use splitline_plugin_sdk::kinds::gcp::ComputeInstance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCE-001",
        long_id: "gcp-gce-instance-no-external-ip",
        title: "Compute Engine instance has no external IP address",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[ComputeInstance::KIND_NAME],
        risk: "An external IP makes the instance directly addressable from the internet: any firewall rule that is too broad, today or after a later change, exposes its services to scanners and exploitation, and the instance can reach the internet without passing a controlled egress point.",
        remediation: Remediation {
            text: "Remove the access config from the network interface and reach the instance through Identity-Aware Proxy TCP forwarding, a bastion or a load balancer; give it outbound access through Cloud NAT. Enforce with the organization policy constraints/compute.vmExternalIpAccess.",
            cli: Some("gcloud compute instances delete-access-config INSTANCE --zone=ZONE --access-config-name=\"external-nat\""),
            terraform: Some("resource \"google_compute_instance\" \"this\" {\n  # ...\n  network_interface {\n    subnetwork = google_compute_subnetwork.private.id\n    # no access_config block: no external IP\n  }\n}"),
        },
        references: &[
            "https://cloud.google.com/compute/docs/ip-addresses/reserve-static-external-ip-address#disableexternalip",
            "https://cloud.google.com/iap/docs/using-tcp-forwarding",
        ],
        compliance: &[compliance("cis-gcp-3.0.0", "4.9"), compliance("nist-csf-2.0", "PR.IR-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<ComputeInstance>() {
        if vm.is_gke_node() {
            e.not_applicable(r, format!("Compute Engine instance {} is a GKE node, whose addressing is managed by its cluster.", vm.name));
            continue;
        }
        let external: Vec<String> = vm
            .network_interfaces
            .iter()
            .enumerate()
            .flat_map(|(i, nic)| {
                let v4 = nic.access_configs.iter().map(move |ac| (i, ac.nat_ip.clone().unwrap_or_else(|| "an ephemeral IPv4 address".into())));
                let v6 = nic.ipv6_access_configs.iter().map(move |ac| (i, ac.external_ipv6.clone().unwrap_or_else(|| "an external IPv6 address".into())));
                v4.chain(v6)
            })
            .map(|(i, ip)| format!("nic{i}: {ip}"))
            .collect();
        if external.is_empty() {
            e.pass(r, format!("Compute Engine instance {} has no external IP address.", vm.name));
        } else {
            e.fail(r, format!("Compute Engine instance {} has an external IP address ({}).", vm.name, external.join(", ")))
                .evidence("networkInterfaces[].accessConfigs[].natIP", external.join(", "));
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
    fn external_addresses_fail_internal_only_passes() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "vm/public", json!({"name": "public", "networkInterfaces": [{"networkIP": "10.0.0.2", "accessConfigs": [{"name": "external-nat", "natIP": "34.1.2.3"}]}]}))
            .resource(KIND, "vm/ephemeral", json!({"name": "ephemeral", "networkInterfaces": [{"accessConfigs": [{"name": "external-nat"}]}]}))
            .resource(KIND, "vm/v6", json!({"name": "v6", "networkInterfaces": [{"ipv6AccessConfigs": [{"externalIpv6": "2600:1900::1"}]}]}))
            .resource(KIND, "vm/private", json!({"name": "private", "networkInterfaces": [{"networkIP": "10.0.0.3"}]}))
            .resource(KIND, "vm/bare", json!({"name": "bare"}))
            .resource(KIND, "vm/gke", json!({"name": "gke-pool-1", "labels": {"goog-gke-node": ""}, "networkInterfaces": [{"accessConfigs": [{"natIP": "34.9.9.9"}]}]}))
            .run(&super::CHECK);
        let f = out.assert_status("vm/public", Status::Fail);
        assert_eq!(f.message, "Compute Engine instance public has an external IP address (nic0: 34.1.2.3).");
        out.assert_status("vm/ephemeral", Status::Fail);
        out.assert_status("vm/v6", Status::Fail);
        out.assert_status("vm/private", Status::Pass);
        out.assert_status("vm/bare", Status::Pass);
        out.assert_status("vm/gke", Status::NotApplicable);
    }

    #[test]
    fn malformed_interfaces_are_errors() {
        let out = Fixture::new("gcp", "acme-prod").resource(KIND, "vm/odd", json!({"name": "odd", "networkInterfaces": "nic0"})).run(&super::CHECK);
        out.assert_status("vm/odd", Status::Error);
    }
}
