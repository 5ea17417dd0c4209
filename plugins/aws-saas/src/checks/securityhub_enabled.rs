//! Security Hub is enabled in every collected region.

use splitline_plugin_sdk::kinds::aws::SecurityHubRegionSettings;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-SECURITYHUB-001",
        long_id: "aws-securityhub-enabled",
        title: "Security Hub is enabled in the region",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::LoggingMonitoring,
        resource_kinds: &[SecurityHubRegionSettings::KIND_NAME],
        risk: "Security Hub aggregates GuardDuty, Inspector, Macie and Config findings and runs the foundational controls continuously; in a region without it those findings are scattered and misconfigurations go unreported between scans.",
        remediation: Remediation {
            text: "Enable Security Hub in every region (central configuration from a delegated administrator covers all accounts and regions), with the AWS Foundational Security Best Practices and CIS standards, and aggregate findings into one home region.",
            cli: Some("aws securityhub enable-security-hub --enable-default-standards --region REGION"),
            terraform: Some("resource \"aws_securityhub_account\" \"this\" {\n  enable_default_standards = true\n}"),
        },
        references: &["https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html"],
        compliance: &[compliance("cis-aws-3.0.0", "4.16"), compliance("nist-csf-2.0", "DE.AE-02")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<SecurityHubRegionSettings>() {
        match s.hub_arn.as_deref().filter(|a| !a.is_empty()) {
            Some(arn) => {
                let f = e.pass(r, format!("Security Hub is enabled in {}.", r.region));
                f.evidence("HubArn", arn);
                if let Some(at) = s.subscribed_at.as_deref() {
                    f.evidence("SubscribedAt", at);
                }
            }
            None => {
                e.fail(r, format!("Security Hub is not enabled in {}.", r.region)).evidence("HubArn", "absent");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.securityhub.region-settings";

    fn id(region: &str) -> String {
        format!("arn:aws:securityhub:{region}:111122223333:region-settings")
    }

    #[test]
    fn hub_arn_decides() {
        let out = Fixture::new("aws", "111122223333")
            .resource_in("us-east-1", KIND, &id("us-east-1"), json!({"HubArn": "arn:aws:securityhub:us-east-1:111122223333:hub/default", "SubscribedAt": "2024-01-01T00:00:00.000Z"}), &[])
            .resource_in("eu-west-1", KIND, &id("eu-west-1"), json!({}), &[])
            .resource_in("sa-east-1", KIND, &id("sa-east-1"), json!({"HubArn": 42}), &[])
            .run(&super::CHECK);
        out.assert_status(&id("us-east-1"), Status::Pass);
        assert_eq!(out.assert_status(&id("eu-west-1"), Status::Fail).message, "Security Hub is not enabled in eu-west-1.");
        out.assert_status(&id("sa-east-1"), Status::Error);
    }
}
