//! VPC subnets record VPC Flow Logs with full sampling and metadata.

use splitline_plugin_sdk::kinds::gcp::ComputeSubnetwork;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-VPC-004",
        long_id: "gcp-vpc-subnet-flow-logs",
        title: "Subnet has VPC Flow Logs enabled with a 5-second interval, full sampling, all metadata and no filter",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[ComputeSubnetwork::KIND_NAME],
        risk: "Without flow logs there is no record of which hosts talked to which, so exfiltration, lateral movement and scanning from a compromised VM cannot be detected or reconstructed; sampled or filtered logs miss exactly the short connections an investigation needs.",
        remediation: Remediation {
            text: "Enable flow logs on the subnet with aggregation interval 5 seconds, sample rate 1.0, all metadata and no filter (as CIS 3.8 asks); reduce only with a documented cost decision.",
            cli: Some("gcloud compute networks subnets update SUBNET --region=REGION --enable-flow-logs --logging-aggregation-interval=interval-5-sec --logging-flow-sampling=1 --logging-metadata=include-all"),
            terraform: Some("resource \"google_compute_subnetwork\" \"this\" {\n  # ...\n  log_config {\n    aggregation_interval = \"INTERVAL_5_SEC\"\n    flow_sampling        = 1.0\n    metadata             = \"INCLUDE_ALL_METADATA\"\n  }\n}"),
        },
        references: &["https://cloud.google.com/vpc/docs/using-flow-logs", "https://cloud.google.com/vpc/docs/flow-logs"],
        compliance: &[compliance("cis-gcp-3.0.0", "3.8"), compliance("nist-csf-2.0", "DE.CM-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<ComputeSubnetwork>() {
        let purpose = s.purpose.as_deref().unwrap_or("PRIVATE");
        if purpose != "PRIVATE" {
            e.not_applicable(r, format!("Subnet {} has purpose {purpose}, which does not support VPC Flow Logs.", s.name));
            continue;
        }
        let cfg = s.log_config.clone().unwrap_or_default();
        if cfg.enable != Some(true) {
            e.fail(r, format!("Subnet {} does not record VPC Flow Logs.", s.name))
                .evidence("logConfig.enable", cfg.enable.map_or("absent".to_string(), |b| b.to_string()));
            continue;
        }
        // Defaults when enabled: INTERVAL_5_SEC, 0.5 sampling, INCLUDE_ALL_METADATA.
        let interval = cfg.aggregation_interval.as_deref().unwrap_or("INTERVAL_5_SEC");
        let sampling = cfg.flow_sampling.unwrap_or(0.5);
        let metadata = cfg.metadata.as_deref().unwrap_or("INCLUDE_ALL_METADATA");
        let mut weak = Vec::new();
        if interval != "INTERVAL_5_SEC" {
            weak.push(("logConfig.aggregationInterval", interval.to_string()));
        }
        if sampling < 1.0 {
            weak.push(("logConfig.flowSampling", sampling.to_string()));
        }
        if metadata != "INCLUDE_ALL_METADATA" {
            weak.push(("logConfig.metadata", metadata.to_string()));
        }
        if let Some(filter) = cfg.filter_expr.as_deref().filter(|f| !f.trim().is_empty()) {
            weak.push(("logConfig.filterExpr", filter.to_string()));
        }
        if weak.is_empty() {
            e.pass(r, format!("Subnet {} records VPC Flow Logs for every flow with all metadata at a 5-second interval.", s.name));
        } else {
            let fields: Vec<&str> = weak.iter().map(|(k, _)| *k).collect();
            let f = e.fail(r, format!("Subnet {} records VPC Flow Logs only partially ({}).", s.name, fields.join(", ")));
            for (k, v) in weak {
                f.evidence(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.compute.subnetwork";

    #[test]
    fn full_flow_logs_pass_partial_or_off_fail() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "s/full", json!({"name": "full", "purpose": "PRIVATE", "logConfig": {"enable": true, "aggregationInterval": "INTERVAL_5_SEC", "flowSampling": 1.0, "metadata": "INCLUDE_ALL_METADATA"}}))
            .resource(KIND, "s/default-sampling", json!({"name": "default-sampling", "logConfig": {"enable": true}}))
            .resource(KIND, "s/filtered", json!({"name": "filtered", "logConfig": {"enable": true, "flowSampling": 1, "filterExpr": "inIpRange(connection.dest_ip, '10.0.0.0/8')"}}))
            .resource(KIND, "s/off", json!({"name": "off", "logConfig": {"enable": false}}))
            .resource(KIND, "s/never", json!({"name": "never"}))
            .resource(KIND, "s/proxy", json!({"name": "proxy", "purpose": "REGIONAL_MANAGED_PROXY"}))
            .run(&super::CHECK);
        out.assert_status("s/full", Status::Pass);
        let f = out.assert_status("s/default-sampling", Status::Fail);
        assert_eq!(f.message, "Subnet default-sampling records VPC Flow Logs only partially (logConfig.flowSampling).");
        assert_eq!(f.evidence[0].value, "0.5");
        out.assert_status("s/filtered", Status::Fail);
        let f = out.assert_status("s/off", Status::Fail);
        assert_eq!(f.message, "Subnet off does not record VPC Flow Logs.");
        let f = out.assert_status("s/never", Status::Fail);
        assert_eq!(f.evidence[0].value, "absent");
        out.assert_status("s/proxy", Status::NotApplicable);
    }
}
