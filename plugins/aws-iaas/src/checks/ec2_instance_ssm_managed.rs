//! Running EC2 instances are managed nodes of AWS Systems Manager.

use splitline_plugin_sdk::kinds::aws::Ec2Instance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EC2-008",
        long_id: "aws-ec2-instance-ssm-managed",
        title: "Running EC2 instance is managed by AWS Systems Manager (agent online)",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[Ec2Instance::KIND_NAME],
        risk: "The operating system is the customer's to patch and inventory. An instance Systems Manager does not reach gets no Patch Manager scans or installs, no inventory and no Session Manager access, so it drifts out of date unseen and is administered over open SSH/RDP instead.",
        remediation: Remediation {
            text: "Install or start the SSM Agent (preinstalled on Amazon Linux and recent Windows AMIs), attach an instance profile with the AmazonSSMManagedInstanceCore policy (or turn on Default Host Management Configuration) and make sure the instance reaches the SSM endpoints (internet, NAT or VPC endpoints).",
            cli: Some("aws ssm update-service-setting --setting-id arn:aws:ssm:REGION:ACCOUNT:servicesetting/ssm/managed-instance/default-ec2-instance-management-role --setting-value service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole"),
            terraform: Some("resource \"aws_iam_role_policy_attachment\" \"ssm\" {\n  role       = aws_iam_role.instance.name\n  policy_arn = \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\"\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/systems-manager/latest/userguide/managed_instances.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-1",
        ],
        compliance: &[compliance("nist-csf-2.0", "ID.AM-08")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, i) in e.each::<Ec2Instance>() {
        let state = i.state_name().unwrap_or("unknown");
        if state != "running" {
            e.not_applicable(r, format!("EC2 instance {} is {state}, so its SSM Agent cannot report.", i.instance_id))
                .evidence("State.Name", state);
            continue;
        }
        match i.instance_information.as_ref().map(|info| info.ping_status.as_deref().unwrap_or("unknown")) {
            Some("Online") => {
                e.pass(r, format!("EC2 instance {} is a Systems Manager managed node with its agent online.", i.instance_id))
                    .evidence("InstanceInformation.PingStatus", "Online");
            }
            Some(status) => {
                e.fail(r, format!("EC2 instance {} is registered with Systems Manager but its agent is {status}.", i.instance_id))
                    .evidence("InstanceInformation.PingStatus", status);
            }
            None => {
                e.fail(r, format!("EC2 instance {} is not managed by Systems Manager.", i.instance_id))
                    .evidence("InstanceInformation", "absent");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::INSTANCE;

    #[test]
    fn online_passes_lost_or_unmanaged_fails_stopped_does_not_apply() {
        let out = Fixture::new("aws", "111122223333")
            .resource(INSTANCE, "i-ok", json!({"InstanceId": "i-ok", "State": {"Name": "running"}, "InstanceInformation": {"PingStatus": "Online"}}))
            .resource(INSTANCE, "i-lost", json!({"InstanceId": "i-lost", "State": {"Name": "running"}, "InstanceInformation": {"PingStatus": "ConnectionLost"}}))
            .resource(INSTANCE, "i-none", json!({"InstanceId": "i-none", "State": {"Name": "running"}}))
            .resource(INSTANCE, "i-stopped", json!({"InstanceId": "i-stopped", "State": {"Name": "stopped"}}))
            .run(&super::CHECK);
        out.assert_status("i-ok", Status::Pass);
        let f = out.assert_status("i-lost", Status::Fail);
        assert_eq!(f.message, "EC2 instance i-lost is registered with Systems Manager but its agent is ConnectionLost.");
        let f = out.assert_status("i-none", Status::Fail);
        assert_eq!(f.message, "EC2 instance i-none is not managed by Systems Manager.");
        out.assert_status("i-stopped", Status::NotApplicable);
    }
}
