//! Every taggable resource carries the tags the policy requires.

use splitline_plugin_sdk::prelude::*;

use crate::policy::{Policy, TAGGABLE};

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "ACME-TAG-001",
        long_id: "acme-required-tags-present",
        title: "Resource carries the tags required by ACME's tagging policy",
        severity: Severity::Low,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::Governance,
        resource_kinds: TAGGABLE,
        risk: "Untagged resources have no owner to patch, review or delete them, and their cost and data classification are unknown.",
        remediation: Remediation {
            text: "Add the missing tags, and enforce them with an AWS Organizations tag policy.",
            cli: Some("aws resourcegroupstaggingapi tag-resources --resource-arn-list ARN --tags team=TEAM"),
            terraform: Some("provider \"aws\" {\n  default_tags { tags = { team = \"payments\" } }\n}"),
        },
        references: &["https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_tag-policies.html"],
        compliance: &[compliance("iso27001-2022", "A.5.9")],
    },
    run,
};

fn run(e: &mut Eval) {
    let kinds = TAGGABLE;
    let policy = match Policy::from_context(e.ctx()) {
        Ok(p) => p,
        Err(message) => {
            for r in e.inventory().all().iter().filter(|r| kinds.contains(&r.kind.as_str())) {
                e.error(r, format!("{message}."));
            }
            return;
        }
    };
    for r in e.inventory().all().iter().filter(|r| kinds.contains(&r.kind.as_str())) {
        let required = policy.required_for(&r.kind);
        let missing: Vec<&str> = required.iter().copied().filter(|t| r.tag(t).is_none()).collect();
        if required.is_empty() {
            e.not_applicable(r, format!("No tag is required on {} resources such as {}.", r.kind, r.name));
        } else if missing.is_empty() {
            e.pass(r, format!("{} {} carries the required tags {}.", r.kind, r.name, required.join(", ")));
        } else {
            e.fail(r, format!("{} {} lacks the required tag(s) {}.", r.kind, r.name, missing.join(", ")))
                .evidence("tags", if r.tags.is_empty() { "none".to_string() } else { r.tags.keys().cloned().collect::<Vec<_>>().join(", ") });
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    fn fixture() -> Fixture {
        Fixture::new("aws", "111122223333")
            .resource_in("us-east-1", "aws.s3.bucket", "arn:aws:s3:::owned", json!({}), &[("team", "data"), ("data-classification", "internal")])
            .resource_in("us-east-1", "aws.s3.bucket", "arn:aws:s3:::team-only", json!({}), &[("team", "data")])
            .resource_in("us-east-1", "aws.ec2.volume", "vol-1", json!({}), &[])
    }

    #[test]
    fn default_policy_requires_team() {
        let out = fixture().run(&super::CHECK);
        out.assert_status("arn:aws:s3:::owned", Status::Pass);
        out.assert_status("arn:aws:s3:::team-only", Status::Pass);
        out.assert_status("vol-1", Status::Fail);
    }

    #[test]
    fn per_kind_requirements_come_from_settings() {
        let out = fixture()
            .setting("required-tags", json!({"*": ["team"], "aws.s3.bucket": ["data-classification"]}))
            .run(&super::CHECK);
        out.assert_status("arn:aws:s3:::owned", Status::Pass);
        let f = out.assert_status("arn:aws:s3:::team-only", Status::Fail);
        assert!(f.message.contains("data-classification"), "{}", f.message);
    }

    #[test]
    fn an_invalid_policy_is_an_error_not_a_pass() {
        let out = fixture().setting("required-tags", json!(["team"])).run(&super::CHECK);
        assert!(out.findings.iter().all(|f| f.status == Status::Error), "{:#?}", out.findings);
    }
}
