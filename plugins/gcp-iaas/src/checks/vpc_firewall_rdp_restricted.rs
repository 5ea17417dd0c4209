//! VPC firewall rules do not admit RDP from the whole internet.

use splitline_plugin_sdk::kinds::gcp::ComputeFirewall;
use splitline_plugin_sdk::prelude::*;

use crate::firewall;

const PORTS: &[(u32, &str)] = &[(3389, "RDP")];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-VPC-002",
        long_id: "gcp-vpc-firewall-rdp-restricted",
        title: "Firewall rule does not allow RDP (port 3389) from 0.0.0.0/0 or ::/0",
        severity: Severity::High,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[ComputeFirewall::KIND_NAME],
        risk: "RDP open to the internet is one of the most common ransomware entry points: it is password-sprayed continuously and has had pre-authentication remote code execution flaws (BlueKeep, CVE-2019-0708).",
        remediation: Remediation {
            text: "Delete the rule or narrow sourceRanges to administrative ranges; reach Windows VMs through IAP TCP forwarding (source 35.235.240.0/20) or a bastion.",
            cli: Some("gcloud compute firewall-rules update RULE --source-ranges=35.235.240.0/20"),
            terraform: Some("resource \"google_compute_firewall\" \"rdp_via_iap\" {\n  name          = \"allow-rdp-from-iap\"\n  network       = google_compute_network.vpc.id\n  source_ranges = [\"35.235.240.0/20\"]\n  allow {\n    protocol = \"tcp\"\n    ports    = [\"3389\"]\n  }\n}"),
        },
        references: &["https://cloud.google.com/firewall/docs/firewalls", "https://cloud.google.com/iap/docs/using-tcp-forwarding"],
        compliance: &[compliance("cis-gcp-3.0.0", "3.7"), compliance("nist-csf-2.0", "PR.IR-01"), compliance("soc2", "CC6.6")],
    },
    run,
};

fn run(e: &mut Eval) {
    firewall::check_ports(e, PORTS, "RDP");
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.compute.firewall";

    #[test]
    fn world_open_rdp_fails_restricted_passes() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "fw/rdp", json!({"name": "default-allow-rdp", "sourceRanges": ["0.0.0.0/0"], "allowed": [{"IPProtocol": "tcp", "ports": ["3389"]}]}))
            .resource(KIND, "fw/udp", json!({"name": "udp", "sourceRanges": ["0.0.0.0/0"], "allowed": [{"IPProtocol": "udp", "ports": ["3389"]}]}))
            .resource(KIND, "fw/office", json!({"name": "office", "sourceRanges": ["203.0.113.0/24"], "allowed": [{"IPProtocol": "tcp", "ports": ["3389"]}]}))
            .resource(KIND, "fw/ssh", json!({"name": "ssh", "sourceRanges": ["0.0.0.0/0"], "allowed": [{"IPProtocol": "tcp", "ports": ["22"]}]}))
            .run(&super::CHECK);
        let f = out.assert_status("fw/rdp", Status::Fail);
        assert!(f.message.starts_with("Firewall rule default-allow-rdp allows RDP"), "{}", f.message);
        out.assert_status("fw/udp", Status::Fail);
        out.assert_status("fw/office", Status::Pass);
        out.assert_status("fw/ssh", Status::Pass);
    }
}
