//! AMIs owned by the account are not shared with everyone.

use splitline_plugin_sdk::kinds::aws::Ec2Image;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EC2-010",
        long_id: "aws-ec2-image-not-public",
        title: "AMI owned by the account is not public",
        severity: Severity::High,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[Ec2Image::KIND_NAME],
        risk: "Any AWS account can launch a public AMI and read every file on its disks: application code, configuration, embedded keys and credentials, customer data left in the image. Public AMIs with secrets in them are found and harvested by researchers and attackers alike.",
        remediation: Remediation {
            text: "Remove the `all` group from the image's launch permissions and share it with specific accounts or your organization instead. Turn on Block Public Access for AMIs in every region to prevent it happening again.",
            cli: Some("aws ec2 modify-image-attribute --image-id IMAGE_ID --launch-permission \"Remove=[{Group=all}]\" && aws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing"),
            terraform: None,
        },
        references: &[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-public-access-to-amis.html",
        ],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05"), compliance("nist-csf-2.0", "PR.DS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, img) in e.each::<Ec2Image>() {
        let label = match img.name.as_deref() {
            Some(n) if !n.is_empty() => format!("{n} ({})", img.image_id),
            _ => img.image_id.clone(),
        };
        let group_all = img.launch_permissions.iter().any(|p| p.group.as_deref() == Some("all"));
        if group_all || img.public == Some(true) {
            let f = e.fail(r, format!("AMI {label} is public: any AWS account can launch it and read its disks."));
            if group_all {
                f.evidence("LaunchPermissions", "Group=all");
            }
            if img.public == Some(true) {
                f.evidence("Public", true);
            }
        } else {
            let shared = img.launch_permissions.len();
            e.pass(r, format!("AMI {label} is not public."))
                .evidence("LaunchPermissions", format!("{shared} specific grants, none to all"));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.ec2.image";

    #[test]
    fn group_all_or_public_flag_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "ami-perm", json!({"ImageId": "ami-perm", "Name": "golden", "Public": false, "LaunchPermissions": [{"Group": "all"}]}))
            .resource(KIND, "ami-flag", json!({"ImageId": "ami-flag", "Public": true}))
            .resource(KIND, "ami-shared", json!({"ImageId": "ami-shared", "Public": false, "LaunchPermissions": [{"UserId": "444455556666"}]}))
            .resource(KIND, "ami-private", json!({"ImageId": "ami-private"}))
            .run(&super::CHECK);
        let f = out.assert_status("ami-perm", Status::Fail);
        assert_eq!(f.message, "AMI golden (ami-perm) is public: any AWS account can launch it and read its disks.");
        out.assert_status("ami-flag", Status::Fail);
        out.assert_status("ami-shared", Status::Pass);
        out.assert_status("ami-private", Status::Pass);
    }
}
