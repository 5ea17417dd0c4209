//! AWS Config records all resource types in every collected region.

use splitline_plugin_sdk::kinds::aws::ConfigRegionSettings;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-CONFIG-001",
        long_id: "aws-config-recorder-enabled",
        title: "AWS Config has a recorder in the region that is recording all supported resource types",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[ConfigRegionSettings::KIND_NAME],
        risk: "Without configuration recording there is no history of what a resource looked like before a change: who opened that security group, when a bucket became public, what existed during an incident. Config rules and Security Hub controls also depend on it.",
        remediation: Remediation {
            text: "Create a configuration recorder recording all supported resource types (global resource types in one region only), a delivery channel to S3, and start it; in an organization, deploy it to every account and region with a CloudFormation StackSet or Quick Setup.",
            cli: Some("aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=ROLE_ARN --recording-group allSupported=true,includeGlobalResourceTypes=true && aws configservice put-delivery-channel --delivery-channel name=default,s3BucketName=BUCKET && aws configservice start-configuration-recorder --configuration-recorder-name default"),
            terraform: Some("resource \"aws_config_configuration_recorder\" \"this\" {\n  role_arn = aws_iam_role.config.arn\n  recording_group {\n    all_supported = true\n  }\n}\n\nresource \"aws_config_configuration_recorder_status\" \"this\" {\n  name       = aws_config_configuration_recorder.this.name\n  is_enabled = true\n  depends_on = [aws_config_delivery_channel.this]\n}"),
        },
        references: &[
            "https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "3.3"), compliance("nist-csf-2.0", "ID.AM-08"), compliance("nist-csf-2.0", "DE.CM-09")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<ConfigRegionSettings>() {
        if s.configuration_recorders.is_empty() {
            e.fail(r, format!("AWS Config has no configuration recorder in {}.", r.region)).evidence("ConfigurationRecorders", "[]");
            continue;
        }
        let recording = |name: &str| s.configuration_recorders_status.iter().any(|st| st.name == name && st.recording == Some(true));
        let all_types = |rec: &splitline_plugin_sdk::kinds::aws::ConfigurationRecorder| {
            rec.recording_group.as_ref().is_some_and(|g| {
                g.all_supported == Some(true) || g.recording_strategy.as_ref().and_then(|st| st.use_only.as_deref()) == Some("ALL_SUPPORTED_RESOURCE_TYPES")
            })
        };
        if let Some(rec) = s.configuration_recorders.iter().find(|rec| recording(&rec.name) && all_types(rec)) {
            e.pass(r, format!("AWS Config recorder {} is recording all supported resource types in {}.", rec.name, r.region))
                .evidence("ConfigurationRecordersStatus[].recording", true)
                .evidence("ConfigurationRecorders[].recordingGroup.allSupported", true);
        } else if let Some(rec) = s.configuration_recorders.iter().find(|rec| recording(&rec.name)) {
            e.fail(r, format!("AWS Config recorder {} in {} records only selected resource types.", rec.name, r.region))
                .evidence("ConfigurationRecorders[].recordingGroup.allSupported", false);
        } else {
            let names: Vec<&str> = s.configuration_recorders.iter().map(|rec| rec.name.as_str()).collect();
            e.fail(r, format!("AWS Config recorder {} in {} is not recording.", names.join(", "), r.region)).evidence("ConfigurationRecordersStatus[].recording", false);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.config.region-settings";

    fn id(region: &str) -> String {
        format!("arn:aws:config:{region}:111122223333:region-settings")
    }

    fn settings(all: bool, recording: bool) -> serde_json::Value {
        json!({
            "ConfigurationRecorders": [{"name": "default", "roleARN": "arn:aws:iam::111122223333:role/config", "recordingGroup": {"allSupported": all, "includeGlobalResourceTypes": true}}],
            "ConfigurationRecordersStatus": [{"name": "default", "recording": recording, "lastStatus": "Success"}]
        })
    }

    #[test]
    fn recording_everything_passes() {
        let out = Fixture::new("aws", "111122223333")
            .resource_in("us-east-1", KIND, &id("us-east-1"), settings(true, true), &[])
            .resource_in("eu-west-1", KIND, &id("eu-west-1"), settings(true, false), &[])
            .resource_in("eu-central-1", KIND, &id("eu-central-1"), settings(false, true), &[])
            .resource_in("ap-south-1", KIND, &id("ap-south-1"), json!({"ConfigurationRecorders": [], "ConfigurationRecordersStatus": []}), &[])
            .resource_in("sa-east-1", KIND, &id("sa-east-1"), json!({}), &[])
            .run(&super::CHECK);
        out.assert_status(&id("us-east-1"), Status::Pass);
        assert_eq!(out.assert_status(&id("eu-west-1"), Status::Fail).message, "AWS Config recorder default in eu-west-1 is not recording.");
        assert_eq!(out.assert_status(&id("eu-central-1"), Status::Fail).message, "AWS Config recorder default in eu-central-1 records only selected resource types.");
        out.assert_status(&id("ap-south-1"), Status::Fail);
        out.assert_status(&id("sa-east-1"), Status::Fail);
    }

    #[test]
    fn recording_strategy_all_supported_counts() {
        let cfg = json!({
            "ConfigurationRecorders": [{"name": "default", "recordingGroup": {"recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"}}}],
            "ConfigurationRecordersStatus": [{"name": "default", "recording": true}]
        });
        Fixture::new("aws", "111122223333").resource_in("us-east-1", KIND, &id("us-east-1"), cfg, &[]).run(&super::CHECK).assert_status(&id("us-east-1"), Status::Pass);
    }
}
