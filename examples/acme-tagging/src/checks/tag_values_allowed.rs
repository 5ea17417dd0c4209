//! Tags with a controlled vocabulary only take allowed values.

use splitline_plugin_sdk::prelude::*;

use crate::policy::{Policy, TAGGABLE};

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "ACME-TAG-002",
        long_id: "acme-tag-values-allowed",
        title: "Tag values follow ACME's controlled vocabulary",
        severity: Severity::Info,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::Governance,
        resource_kinds: TAGGABLE,
        risk: "Free-form values (\"Prod\", \"production\", \"prd\") break cost reports, access policies keyed on tags, and automation.",
        remediation: Remediation {
            text: "Change the tag to one of the allowed values listed in the finding.",
            cli: None,
            terraform: None,
        },
        references: &["https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html"],
        compliance: &[],
    },
    run,
};

fn run(e: &mut Eval) {
    let policy = match Policy::from_context(e.ctx()) {
        Ok(p) => p,
        Err(message) => {
            for r in e.inventory().all().iter().filter(|r| TAGGABLE.contains(&r.kind.as_str())) {
                e.error(r, format!("{message}."));
            }
            return;
        }
    };
    for r in e.inventory().all().iter().filter(|r| TAGGABLE.contains(&r.kind.as_str())) {
        let bad: Vec<String> = policy
            .allowed_values
            .iter()
            .filter_map(|(tag, allowed)| r.tag(tag).filter(|v| !allowed.iter().any(|a| a == v)).map(|v| format!("{tag}={v} (allowed: {})", allowed.join(", "))))
            .collect();
        let governed = policy.allowed_values.keys().any(|t| r.tag(t).is_some());
        if !governed {
            e.not_applicable(r, format!("{} {} has no tag with a controlled vocabulary.", r.kind, r.name));
        } else if bad.is_empty() {
            e.pass(r, format!("{} {} uses allowed tag values.", r.kind, r.name));
        } else {
            e.fail(r, format!("{} {} has tag values outside the vocabulary: {}.", r.kind, r.name, bad.join("; ")));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    #[test]
    fn values_outside_the_vocabulary_fail() {
        let out = Fixture::new("aws", "111122223333")
            .resource_in("us-east-1", "aws.ec2.instance", "i-good", json!({}), &[("env", "prod")])
            .resource_in("us-east-1", "aws.ec2.instance", "i-bad", json!({}), &[("env", "Production")])
            .resource_in("us-east-1", "aws.ec2.instance", "i-none", json!({}), &[])
            .setting("allowed-values", json!({"env": ["prod", "dev"]}))
            .run(&super::CHECK);
        out.assert_status("i-good", Status::Pass);
        let f = out.assert_status("i-bad", Status::Fail);
        assert!(f.message.contains("env=Production (allowed: prod, dev)"), "{}", f.message);
        out.assert_status("i-none", Status::NotApplicable);
    }
}
