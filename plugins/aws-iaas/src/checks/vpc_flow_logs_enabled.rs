//! Every VPC has an active flow log that delivers.

use splitline_plugin_sdk::kinds::aws::Ec2Vpc;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-VPC-001",
        long_id: "aws-vpc-flow-logs-enabled",
        title: "VPC has an active flow log capturing rejected or all traffic",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[Ec2Vpc::KIND_NAME],
        risk: "Without flow logs there is no record of which addresses talked to which instances: scanning, lateral movement and data exfiltration leave no network trace, and GuardDuty-style investigations have nothing to work from.",
        remediation: Remediation {
            text: "Create a flow log for the VPC capturing at least REJECT traffic (ALL for investigations) to CloudWatch Logs or S3, and make sure its delivery succeeds.",
            cli: Some("aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::BUCKET/flow-logs/"),
            terraform: Some("resource \"aws_flow_log\" \"this\" {\n  vpc_id               = aws_vpc.this.id\n  traffic_type         = \"ALL\"\n  log_destination_type = \"s3\"\n  log_destination      = aws_s3_bucket.flow_logs.arn\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "3.7"), compliance("nist-csf-2.0", "DE.CM-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, v) in e.each::<Ec2Vpc>() {
        let default = if v.is_default == Some(true) { "Default VPC" } else { "VPC" };
        let active: Vec<_> = v
            .flow_logs
            .iter()
            .filter(|f| f.flow_log_status.as_deref().is_none_or(|s| s == "ACTIVE"))
            .filter(|f| matches!(f.traffic_type.as_deref(), Some("ALL" | "REJECT") | None))
            .collect();
        let delivering: Vec<_> = active.iter().filter(|f| f.deliver_logs_status.as_deref() != Some("FAILED")).collect();
        if let Some(fl) = delivering.first() {
            let f = e.pass(r, format!("{default} {} has an active flow log ({}).", v.vpc_id, fl.flow_log_id));
            f.evidence("FlowLogs[].TrafficType", fl.traffic_type.as_deref().unwrap_or("ALL"));
            if let Some(d) = fl.log_destination.as_deref().or(fl.log_group_name.as_deref()) {
                f.evidence("FlowLogs[].LogDestination", d);
            }
        } else if let Some(fl) = active.first() {
            e.fail(r, format!("{default} {} has a flow log ({}) whose delivery is failing.", v.vpc_id, fl.flow_log_id))
                .evidence("FlowLogs[].DeliverLogsStatus", "FAILED");
        } else if v.flow_logs.is_empty() {
            e.fail(r, format!("{default} {} has no flow log.", v.vpc_id)).evidence("FlowLogs", "[]");
        } else {
            e.fail(r, format!("{default} {} has flow logs, but none active that captures rejected traffic.", v.vpc_id))
                .evidence("FlowLogs", format!("{} flow logs, TrafficType ACCEPT or not ACTIVE", v.flow_logs.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.ec2.vpc";

    fn flow(status: &str, traffic: &str, delivery: &str) -> serde_json::Value {
        json!({"FlowLogId": "fl-1", "FlowLogStatus": status, "TrafficType": traffic, "DeliverLogsStatus": delivery, "LogDestinationType": "s3", "LogDestination": "arn:aws:s3:::logs"})
    }

    #[test]
    fn active_delivering_flow_log_passes() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "vpc-all", json!({"VpcId": "vpc-all", "FlowLogs": [flow("ACTIVE", "ALL", "SUCCESS")]}))
            .resource(KIND, "vpc-reject", json!({"VpcId": "vpc-reject", "FlowLogs": [flow("ACTIVE", "ACCEPT", "SUCCESS"), flow("ACTIVE", "REJECT", "SUCCESS")]}))
            .run(&super::CHECK);
        let f = out.assert_status("vpc-all", Status::Pass);
        assert_eq!(f.message, "VPC vpc-all has an active flow log (fl-1).");
        out.assert_status("vpc-reject", Status::Pass);
    }

    #[test]
    fn missing_accept_only_or_failing_flow_logs_fail() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "vpc-none", json!({"VpcId": "vpc-none", "IsDefault": true, "FlowLogs": []}))
            .resource(KIND, "vpc-absent", json!({"VpcId": "vpc-absent"}))
            .resource(KIND, "vpc-accept", json!({"VpcId": "vpc-accept", "FlowLogs": [flow("ACTIVE", "ACCEPT", "SUCCESS")]}))
            .resource(KIND, "vpc-failing", json!({"VpcId": "vpc-failing", "FlowLogs": [flow("ACTIVE", "ALL", "FAILED")]}))
            .run(&super::CHECK);
        let f = out.assert_status("vpc-none", Status::Fail);
        assert_eq!(f.message, "Default VPC vpc-none has no flow log.");
        out.assert_status("vpc-absent", Status::Fail);
        out.assert_status("vpc-accept", Status::Fail);
        let f = out.assert_status("vpc-failing", Status::Fail);
        assert!(f.message.contains("delivery is failing"), "{}", f.message);
    }
}
