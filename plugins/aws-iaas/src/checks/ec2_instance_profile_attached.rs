//! EC2 instances get AWS credentials from an instance profile (role), not stored keys.

use splitline_plugin_sdk::kinds::aws::Ec2Instance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EC2-007",
        long_id: "aws-ec2-instance-profile-attached",
        title: "EC2 instance has an IAM instance profile attached",
        severity: Severity::Low,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[Ec2Instance::KIND_NAME],
        risk: "Software on an instance without a role that calls AWS must use long-lived access keys stored on disk or in user data, where anyone with a foothold on the host or access to an image or snapshot can copy them; they are rarely rotated. A role delivers short-lived credentials rotated automatically. Rated low because an instance that makes no AWS calls needs no role.",
        remediation: Remediation {
            text: "Create a role with the least privileges the workload needs, wrap it in an instance profile and attach it; then delete any access keys stored on the instance. An instance profile is also what Systems Manager needs to manage the instance.",
            cli: Some("aws ec2 associate-iam-instance-profile --instance-id INSTANCE_ID --iam-instance-profile Name=PROFILE_NAME"),
            terraform: Some("resource \"aws_instance\" \"this\" {\n  # ...\n  iam_instance_profile = aws_iam_instance_profile.app.name\n}"),
        },
        references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html"],
        compliance: &[compliance("cis-aws-3.0.0", "1.18"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, i) in e.each::<Ec2Instance>() {
        match i.iam_instance_profile.as_ref().and_then(|p| p.arn.as_deref()) {
            Some(arn) => {
                e.pass(r, format!("EC2 instance {} uses the instance profile {arn}.", i.instance_id))
                    .evidence("IamInstanceProfile.Arn", arn);
            }
            None => {
                e.fail(r, format!("EC2 instance {} has no IAM instance profile attached.", i.instance_id))
                    .evidence("IamInstanceProfile", "absent");
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
    fn profile_passes_none_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource(INSTANCE, "i-role", json!({"InstanceId": "i-role", "IamInstanceProfile": {"Arn": "arn:aws:iam::111122223333:instance-profile/app", "Id": "AIPA1"}}))
            .resource(INSTANCE, "i-none", json!({"InstanceId": "i-none"}))
            .resource(INSTANCE, "i-noarn", json!({"InstanceId": "i-noarn", "IamInstanceProfile": {}}))
            .run(&super::CHECK);
        let f = out.assert_status("i-role", Status::Pass);
        assert!(f.message.ends_with("instance-profile/app."), "{}", f.message);
        let f = out.assert_status("i-none", Status::Fail);
        assert_eq!(f.message, "EC2 instance i-none has no IAM instance profile attached.");
        out.assert_status("i-noarn", Status::Fail);
    }
}
