//! Running EC2 instances are managed nodes of AWS Systems Manager.

use splitline_plugin_sdk::kinds::aws::{Ec2Instance, SsmManagedInstance};
use splitline_plugin_sdk::prelude::*;

use crate::ssm::ManagedNodes;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EC2-008",
        long_id: "aws-ec2-instance-ssm-managed",
        title: "Running EC2 instance is managed by AWS Systems Manager (agent online)",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[Ec2Instance::KIND_NAME, SsmManagedInstance::KIND_NAME],
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
    let nodes = ManagedNodes::new(e.inventory());
    for (r, i) in e.each::<Ec2Instance>() {
        let state = i.state_name().unwrap_or("unknown");
        if state != "running" {
            e.not_applicable(r, format!("EC2 instance {} is {state}, so its SSM Agent cannot report.", i.instance_id))
                .evidence("State.Name", state);
            continue;
        }
        let node = match nodes.of(r, &i.instance_id) {
            Ok(node) => node,
            Err(why) => {
                e.error(r, format!("{why}."));
                continue;
            }
        };
        let Some((nr, node)) = node else {
            e.fail(r, format!("EC2 instance {} is not managed by Systems Manager.", i.instance_id))
                .evidence(SsmManagedInstance::KIND_NAME, "absent");
            continue;
        };
        match node.ping_status.as_deref().unwrap_or("unknown") {
            "Online" => {
                e.pass(r, format!("EC2 instance {} is a Systems Manager managed node with its agent online.", i.instance_id))
                    .evidence(format!("{}.PingStatus", nr.id), "Online");
            }
            status => {
                e.fail(r, format!("EC2 instance {} is registered with Systems Manager but its agent is {status}.", i.instance_id))
                    .evidence(format!("{}.PingStatus", nr.id), status);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    use crate::test_support::{INSTANCE, MANAGED, managed_id};

    fn running(id: &str) -> serde_json::Value {
        json!({"InstanceId": id, "State": {"Name": "running"}})
    }

    #[test]
    fn online_passes_lost_or_unmanaged_fails_stopped_does_not_apply() {
        let out = Fixture::new("aws", "111122223333")
            .resource(INSTANCE, "i-ok", running("i-ok"))
            .resource(MANAGED, &managed_id("i-ok"), json!({"InstanceId": "i-ok", "PingStatus": "Online"}))
            .resource(INSTANCE, "i-lost", running("i-lost"))
            .resource(MANAGED, &managed_id("i-lost"), json!({"InstanceId": "i-lost", "PingStatus": "ConnectionLost"}))
            .resource(INSTANCE, "i-none", running("i-none"))
            .resource(INSTANCE, "i-stopped", json!({"InstanceId": "i-stopped", "State": {"Name": "stopped"}}))
            .run(&super::CHECK);
        let f = out.assert_status("i-ok", Status::Pass);
        assert!(f.evidence.iter().any(|ev| ev.property == format!("{}.PingStatus", managed_id("i-ok")) && ev.value == "Online"));
        let f = out.assert_status("i-lost", Status::Fail);
        assert_eq!(f.message, "EC2 instance i-lost is registered with Systems Manager but its agent is ConnectionLost.");
        let f = out.assert_status("i-none", Status::Fail);
        assert_eq!(f.message, "EC2 instance i-none is not managed by Systems Manager.");
        out.assert_status("i-stopped", Status::NotApplicable);
        // Only the instances get findings, never the SSM records.
        assert_eq!(out.findings.len(), 4, "{:#?}", out.findings);
    }

    #[test]
    fn the_record_must_be_in_the_instance_region_and_readable() {
        let ssm = |region: &str, id: &str| format!("arn:aws:ssm:{region}:111122223333:managed-instance/{id}");
        let out = Fixture::new("aws", "111122223333")
            .resource_in("eu-west-1", INSTANCE, "i-here", running("i-here"), &[])
            .resource_in("eu-west-1", MANAGED, &ssm("eu-west-1", "i-here"), json!({"InstanceId": "i-here", "PingStatus": "Online"}), &[])
            .resource_in("eu-west-1", INSTANCE, "i-elsewhere", running("i-elsewhere"), &[])
            .resource_in("us-east-1", MANAGED, &ssm("us-east-1", "i-elsewhere"), json!({"InstanceId": "i-elsewhere", "PingStatus": "Online"}), &[])
            .resource_in("eu-west-1", INSTANCE, "i-odd", running("i-odd"), &[])
            .resource_in("eu-west-1", MANAGED, &ssm("eu-west-1", "i-odd"), json!({"InstanceId": "i-odd", "PingStatus": 7}), &[])
            .run(&super::CHECK);
        out.assert_status("i-here", Status::Pass);
        out.assert_status("i-elsewhere", Status::Fail);
        out.assert_status("i-odd", Status::Error);
    }
}
