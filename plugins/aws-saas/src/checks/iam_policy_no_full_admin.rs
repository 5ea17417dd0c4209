//! Customer managed policies do not grant full administrator access.

use splitline_plugin_sdk::kinds::aws::{IamPolicy, policy};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-IAM-010",
        long_id: "aws-iam-policy-no-full-admin",
        title: "Customer managed policy does not allow \"*\" actions on \"*\" resources",
        severity: Severity::High,
        service_model: ServiceModel::Saas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[IamPolicy::KIND_NAME],
        risk: "A policy allowing Action \"*\" on Resource \"*\" is full administrator access under another name: whoever holds it can read all data, disable logging and grant themselves anything, and it is easy to attach by mistake because its name does not say so.",
        remediation: Remediation {
            text: "Replace the statement with the actions and resources the holders need; where administrators are needed, use the AWS managed AdministratorAccess policy on a small, MFA-protected role so it is recognisable in reviews.",
            cli: Some("aws iam create-policy-version --policy-arn POLICY_ARN --policy-document file://least-privilege.json --set-as-default"),
            terraform: None,
        },
        references: &[
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1",
        ],
        compliance: &[compliance("cis-aws-3.0.0", "1.16"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, p) in e.each::<IamPolicy>() {
        let Some(doc) = p.policy_version.as_ref().and_then(|v| v.document.as_ref()) else {
            e.error(r, format!("IAM policy {} has no PolicyVersion.Document in its configuration.", p.policy_name));
            continue;
        };
        let admin: Vec<usize> = policy::statements(Some(doc)).iter().enumerate().filter(|(_, s)| policy::grants_full_admin(s)).map(|(i, _)| i).collect();
        let attached = p.attachment_count.unwrap_or(0);
        if admin.is_empty() {
            e.pass(r, format!("IAM policy {} does not allow \"*\" actions on \"*\" resources.", p.policy_name));
        } else {
            let f = e.fail(r, format!("IAM policy {} allows \"*\" actions on \"*\" resources (full administrator access) and is attached to {attached} identities.", p.policy_name));
            for i in admin {
                f.evidence(format!("PolicyVersion.Document.Statement[{i}]"), "Effect=Allow Action=* Resource=*");
            }
            f.evidence("AttachmentCount", attached);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.iam.policy";

    fn policy(name: &str, doc: serde_json::Value) -> serde_json::Value {
        json!({"PolicyName": name, "Arn": format!("arn:aws:iam::111122223333:policy/{name}"), "AttachmentCount": 2, "DefaultVersionId": "v1", "PolicyVersion": {"VersionId": "v1", "IsDefaultVersion": true, "Document": doc}})
    }

    #[test]
    fn star_star_allow_fails() {
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "admin", policy("admin", json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})))
            .resource(KIND, "list", policy("list", json!({"Statement": [{"Effect": "Allow", "Action": ["*:*"], "Resource": ["*"]}]})))
            .resource(KIND, "s3", policy("s3", json!({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})))
            .resource(KIND, "deny", policy("deny", json!({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}})))
            .resource(KIND, "nodoc", json!({"PolicyName": "nodoc", "Arn": "arn:aws:iam::111122223333:policy/nodoc"}))
            .run(&super::CHECK);
        let f = out.assert_status("admin", Status::Fail);
        assert_eq!(f.message, "IAM policy admin allows \"*\" actions on \"*\" resources (full administrator access) and is attached to 2 identities.");
        out.assert_status("list", Status::Fail);
        out.assert_status("s3", Status::Pass);
        out.assert_status("deny", Status::Pass);
        out.assert_status("nodoc", Status::Error);
    }
}
