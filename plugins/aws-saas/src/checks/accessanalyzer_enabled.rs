//! IAM Access Analyzer (external access) is enabled in every collected region.

use splitline_plugin_sdk::kinds::aws::AccessAnalyzerRegionSettings;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-ACCESSANALYZER-001",
        long_id: "aws-accessanalyzer-enabled",
        title: "IAM Access Analyzer has an active external access analyzer in the region",
        severity: Severity::Low,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[AccessAnalyzerRegionSettings::KIND_NAME],
        risk: "Access Analyzer continuously reports buckets, keys, roles, queues, snapshots and functions shared outside the account or organization; without it in a region, an unintended public or cross-account grant there stays unnoticed.",
        remediation: Remediation {
            text: "Create an account (or, from the delegated administrator, organization) analyzer in every region and review its findings.",
            cli: Some("aws accessanalyzer create-analyzer --analyzer-name external-access --type ACCOUNT --region REGION"),
            terraform: Some("resource \"aws_accessanalyzer_analyzer\" \"this\" {\n  analyzer_name = \"external-access\"\n  type          = \"ACCOUNT\"\n}"),
        },
        references: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html"],
        compliance: &[compliance("cis-aws-3.0.0", "1.20"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, s) in e.each::<AccessAnalyzerRegionSettings>() {
        let external = |t: Option<&str>| matches!(t, Some("ACCOUNT" | "ORGANIZATION") | None);
        if let Some(a) = s.analyzers.iter().find(|a| external(a.analyzer_type.as_deref()) && a.status.as_deref() == Some("ACTIVE")) {
            e.pass(r, format!("IAM Access Analyzer {} is active in {}.", a.name, r.region))
                .evidence("analyzers[].type", a.analyzer_type.as_deref().unwrap_or("ACCOUNT"))
                .evidence("analyzers[].status", "ACTIVE");
        } else if s.analyzers.is_empty() {
            e.fail(r, format!("IAM Access Analyzer has no analyzer in {}.", r.region)).evidence("analyzers", "[]");
        } else {
            let list: Vec<String> = s
                .analyzers
                .iter()
                .map(|a| format!("{} ({}, {})", a.name, a.analyzer_type.as_deref().unwrap_or("?"), a.status.as_deref().unwrap_or("?")))
                .collect();
            e.fail(r, format!("IAM Access Analyzer has no active external access analyzer in {}: {}.", r.region, list.join(", ")))
                .evidence("analyzers", list.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.accessanalyzer.region-settings";

    fn id(region: &str) -> String {
        format!("arn:aws:access-analyzer:{region}:111122223333:region-settings")
    }

    #[test]
    fn active_external_analyzer_passes() {
        let out = Fixture::new("aws", "111122223333")
            .resource_in("us-east-1", KIND, &id("us-east-1"), json!({"analyzers": [{"arn": "arn:x", "name": "ext", "type": "ACCOUNT", "status": "ACTIVE"}]}), &[])
            .resource_in("eu-west-1", KIND, &id("eu-west-1"), json!({"analyzers": [{"name": "unused", "type": "ACCOUNT_UNUSED_ACCESS", "status": "ACTIVE"}]}), &[])
            .resource_in("eu-central-1", KIND, &id("eu-central-1"), json!({"analyzers": [{"name": "broken", "type": "ORGANIZATION", "status": "FAILED"}]}), &[])
            .resource_in("ap-south-1", KIND, &id("ap-south-1"), json!({"analyzers": []}), &[])
            .run(&super::CHECK);
        assert_eq!(out.assert_status(&id("us-east-1"), Status::Pass).message, "IAM Access Analyzer ext is active in us-east-1.");
        let f = out.assert_status(&id("eu-west-1"), Status::Fail);
        assert!(f.message.contains("unused (ACCOUNT_UNUSED_ACCESS, ACTIVE)"), "{}", f.message);
        out.assert_status(&id("eu-central-1"), Status::Fail);
        out.assert_status(&id("ap-south-1"), Status::Fail);
    }
}
