//! EC2 instances accept only IMDSv2 (session-token) requests to the instance metadata service.

use splitline_plugin_sdk::kinds::aws::Ec2Instance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-EC2-005",
        long_id: "aws-ec2-instance-imdsv2-required",
        title: "EC2 instance requires IMDSv2 (HttpTokens required) or has the metadata service off",
        severity: Severity::High,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[Ec2Instance::KIND_NAME],
        risk: "With IMDSv1 accepted, any server-side request forgery (SSRF) or open proxy on the instance lets an attacker read http://169.254.169.254/ and walk away with the instance role's temporary credentials, as in the Capital One breach. IMDSv2 needs a PUT-issued session token that such requests cannot obtain.",
        remediation: Remediation {
            text: "Set HttpTokens to required on the instance (check the software uses an SDK recent enough for IMDSv2 first), and make it the default for new instances in the launch template or with the account-level IMDS default.",
            cli: Some("aws ec2 modify-instance-metadata-options --instance-id INSTANCE_ID --http-tokens required --http-endpoint enabled"),
            terraform: Some("resource \"aws_instance\" \"this\" {\n  # ...\n  metadata_options {\n    http_tokens                 = \"required\"\n    http_put_response_hop_limit = 1\n  }\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-8",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "5.6"), compliance("nist-csf-2.0", "PR.PS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, i) in e.each::<Ec2Instance>() {
        let opts = i.metadata_options.clone().unwrap_or_default();
        let tokens = opts.http_tokens.as_deref();
        if opts.http_endpoint.as_deref() == Some("disabled") {
            e.pass(r, format!("EC2 instance {} has the instance metadata service turned off.", i.instance_id))
                .evidence("MetadataOptions.HttpEndpoint", "disabled");
        } else if tokens == Some("required") {
            e.pass(r, format!("EC2 instance {} requires IMDSv2 session tokens.", i.instance_id))
                .evidence("MetadataOptions.HttpTokens", "required");
        } else if tokens.is_none() {
            e.error(r, format!("EC2 instance {} has no MetadataOptions.HttpTokens in its configuration.", i.instance_id))
                .evidence("MetadataOptions.HttpTokens", "absent");
        } else {
            e.fail(r, format!("EC2 instance {} accepts IMDSv1 requests (HttpTokens is {}).", i.instance_id, tokens.unwrap_or_default()))
                .evidence("MetadataOptions.HttpTokens", tokens.unwrap_or_default());
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
    fn optional_tokens_fail_required_or_disabled_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource(INSTANCE, "i-v1", json!({"InstanceId": "i-v1", "MetadataOptions": {"HttpTokens": "optional", "HttpEndpoint": "enabled"}}))
            .resource(INSTANCE, "i-v2", json!({"InstanceId": "i-v2", "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"}}))
            .resource(INSTANCE, "i-off", json!({"InstanceId": "i-off", "MetadataOptions": {"HttpTokens": "optional", "HttpEndpoint": "disabled"}}))
            .run(&super::CHECK);
        let f = out.assert_status("i-v1", Status::Fail);
        assert_eq!(f.message, "EC2 instance i-v1 accepts IMDSv1 requests (HttpTokens is optional).");
        out.assert_status("i-v2", Status::Pass);
        out.assert_status("i-off", Status::Pass);
    }

    #[test]
    fn missing_metadata_options_is_an_error() {
        let out = Fixture::new("aws", "111122223333")
            .resource(INSTANCE, "i-bare", json!({"InstanceId": "i-bare"}))
            .resource(INSTANCE, "i-odd", json!({"InstanceId": "i-odd", "MetadataOptions": "required"}))
            .run(&super::CHECK);
        out.assert_status("i-bare", Status::Error);
        out.assert_status("i-odd", Status::Error);
    }
}
