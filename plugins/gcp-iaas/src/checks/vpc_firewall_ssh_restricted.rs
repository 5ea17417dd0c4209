//! VPC firewall rules do not admit SSH from the whole internet.

use splitline_plugin_sdk::kinds::gcp::ComputeFirewall;
use splitline_plugin_sdk::prelude::*;

use crate::firewall;

const PORTS: &[(u32, &str)] = &[(22, "SSH")];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-VPC-001",
        long_id: "gcp-vpc-firewall-ssh-restricted",
        title: "Firewall rule does not allow SSH (port 22) from 0.0.0.0/0 or ::/0",
        severity: Severity::High,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[ComputeFirewall::KIND_NAME],
        risk: "SSH reachable from the whole internet is found by scanners within minutes and brute-forced around the clock; a weak password, a leaked key (including project-wide metadata keys) or a flaw in the daemon then gives a shell on every instance the rule targets.",
        remediation: Remediation {
            text: "Delete the rule or narrow sourceRanges to administrative ranges. To reach VMs without an open port, allow only the Identity-Aware Proxy range 35.235.240.0/20 and connect with IAP TCP forwarding.",
            cli: Some("gcloud compute firewall-rules update RULE --source-ranges=35.235.240.0/20"),
            terraform: Some("resource \"google_compute_firewall\" \"ssh_via_iap\" {\n  name          = \"allow-ssh-from-iap\"\n  network       = google_compute_network.vpc.id\n  source_ranges = [\"35.235.240.0/20\"]\n  allow {\n    protocol = \"tcp\"\n    ports    = [\"22\"]\n  }\n}"),
        },
        references: &["https://cloud.google.com/firewall/docs/firewalls", "https://cloud.google.com/iap/docs/using-tcp-forwarding"],
        compliance: &[compliance("cis-gcp-3.0.0", "3.6"), compliance("nist-csf-2.0", "PR.IR-01"), compliance("soc2", "CC6.6")],
    },
    run,
};

fn run(e: &mut Eval) {
    firewall::check_ports(e, PORTS, "SSH");
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.compute.firewall";

    fn rule(name: &str, sources: &[&str], allowed: serde_json::Value) -> serde_json::Value {
        json!({"name": name, "direction": "INGRESS", "sourceRanges": sources, "allowed": allowed})
    }

    #[test]
    fn world_open_ssh_fails_in_every_form() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "fw/ssh", rule("default-allow-ssh", &["0.0.0.0/0"], json!([{"IPProtocol": "tcp", "ports": ["22"]}])))
            .resource(KIND, "fw/v6", rule("v6", &["::/0"], json!([{"IPProtocol": "tcp", "ports": ["22"]}])))
            .resource(KIND, "fw/all", rule("all", &["0.0.0.0/0"], json!([{"IPProtocol": "all"}])))
            .resource(KIND, "fw/range", rule("range", &["0.0.0.0/0"], json!([{"IPProtocol": "tcp", "ports": ["0-1024"]}])))
            .resource(KIND, "fw/tagged", json!({"name": "tagged", "sourceRanges": ["0.0.0.0/0"], "allowed": [{"IPProtocol": "tcp", "ports": ["22"]}], "targetTags": ["bastion"]}))
            .run(&super::CHECK);
        let f = out.assert_status("fw/ssh", Status::Fail);
        assert_eq!(f.message, "Firewall rule default-allow-ssh allows SSH (port 22 (SSH)) from 0.0.0.0/0 to every instance of its network.");
        assert_eq!(f.evidence[1].property, "allowed[0]");
        assert_eq!(f.evidence[1].value, "IPProtocol=tcp ports=22");
        out.assert_status("fw/v6", Status::Fail);
        out.assert_status("fw/all", Status::Fail);
        out.assert_status("fw/range", Status::Fail);
        let f = out.assert_status("fw/tagged", Status::Fail);
        assert!(f.message.ends_with("to instances tagged bastion."), "{}", f.message);
    }

    #[test]
    fn narrow_sources_other_ports_egress_and_disabled_pass() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "fw/iap", rule("iap", &["35.235.240.0/20"], json!([{"IPProtocol": "tcp", "ports": ["22"]}])))
            .resource(KIND, "fw/https", rule("https", &["0.0.0.0/0"], json!([{"IPProtocol": "tcp", "ports": ["443"]}])))
            .resource(KIND, "fw/egress", json!({"name": "egress", "direction": "EGRESS", "destinationRanges": ["0.0.0.0/0"], "allowed": [{"IPProtocol": "all"}]}))
            .resource(KIND, "fw/disabled", json!({"name": "disabled", "disabled": true, "sourceRanges": ["0.0.0.0/0"], "allowed": [{"IPProtocol": "tcp", "ports": ["22"]}]}))
            .resource(KIND, "fw/deny", json!({"name": "deny", "sourceRanges": ["0.0.0.0/0"], "denied": [{"IPProtocol": "tcp", "ports": ["22"]}]}))
            .run(&super::CHECK);
        for id in ["fw/iap", "fw/https", "fw/egress", "fw/disabled", "fw/deny"] {
            out.assert_status(id, Status::Pass);
        }
    }
}
