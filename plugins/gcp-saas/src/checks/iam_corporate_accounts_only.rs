//! The project IAM policy grants roles only to corporate identities.

use splitline_plugin_sdk::kinds::gcp::ProjectIamPolicy;
use splitline_plugin_sdk::prelude::*;

use crate::iam;

/// Setting: the domains users and groups may belong to (`["acme.example"]`); empty: only consumer domains are flagged.
pub const DOMAINS_SETTING: &str = "iam-allowed-domains";

const CONSUMER_DOMAINS: [&str; 2] = ["gmail.com", "googlemail.com"];

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-IAM-006",
        long_id: "gcp-iam-corporate-accounts-only",
        title: "Project IAM policy grants roles only to corporate accounts (no consumer Gmail accounts)",
        severity: Severity::Medium,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ProjectIamPolicy::KIND_NAME],
        risk: "A consumer account is outside the organization's control: its MFA, recovery and lifecycle are not enforced, it is not disabled when the person leaves, and its activity is invisible to the identity team.",
        remediation: Remediation {
            text: "Replace consumer accounts with corporate (Cloud Identity or Google Workspace) accounts and enforce the organization policy constraints/iam.allowedPolicyMemberDomains. The plugin setting iam-allowed-domains lists the corporate domains to allow.",
            cli: Some("gcloud projects remove-iam-policy-binding PROJECT --member=user:someone@gmail.com --role=ROLE"),
            terraform: None,
        },
        references: &["https://cloud.google.com/resource-manager/docs/organization-policy/restricting-domains"],
        compliance: &[compliance("cis-gcp-3.0.0", "1.1"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    let allowed: Vec<String> = match e.ctx().setting(DOMAINS_SETTING, Vec::<String>::new()) {
        Ok(d) => d.into_iter().map(|d| d.to_ascii_lowercase()).collect(),
        Err(message) => {
            for (r, _) in e.each::<ProjectIamPolicy>() {
                e.error(r, format!("{message}."));
            }
            return;
        }
    };
    for (r, p) in e.each::<ProjectIamPolicy>() {
        let outsiders: Vec<&str> = iam::roles_by_member(&p.bindings)
            .into_keys()
            .filter(|m| m.starts_with("user:") || m.starts_with("group:"))
            .filter(|m| {
                let domain = m.rsplit('@').next().unwrap_or_default().to_ascii_lowercase();
                CONSUMER_DOMAINS.contains(&domain.as_str()) || (!allowed.is_empty() && !allowed.contains(&domain))
            })
            .collect();
        if outsiders.is_empty() {
            e.pass(r, format!("{} grants roles only to corporate accounts.", r.name));
        } else {
            e.fail(r, format!("{} grants roles to accounts outside the organization: {}.", r.name, outsiders.join(", "))).evidence("bindings[].members", outsiders.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.resourcemanager.project-iam-policy";

    fn fixture() -> Fixture {
        Fixture::new("gcp", "acme-prod")
            .resource(KIND, "p/gmail", json!({"bindings": [{"role": "roles/viewer", "members": ["user:contractor@gmail.com", "user:alice@acme.example"]}]}))
            .resource(KIND, "p/partner", json!({"bindings": [{"role": "roles/viewer", "members": ["group:ops@partner.example", "serviceAccount:a@b.iam.gserviceaccount.com"]}]}))
    }

    #[test]
    fn consumer_accounts_fail_by_default() {
        let out = fixture().run(&super::CHECK);
        let f = out.assert_status("p/gmail", Status::Fail);
        assert_eq!(f.message, "gmail grants roles to accounts outside the organization: user:contractor@gmail.com.");
        out.assert_status("p/partner", Status::Pass);
    }

    #[test]
    fn allowed_domains_setting_flags_other_domains() {
        let out = fixture().setting("iam-allowed-domains", json!(["acme.example"])).run(&super::CHECK);
        out.assert_status("p/partner", Status::Fail);
        let out = fixture().setting("iam-allowed-domains", json!("acme.example")).run(&super::CHECK);
        out.assert_status("p/partner", Status::Error);
    }
}
