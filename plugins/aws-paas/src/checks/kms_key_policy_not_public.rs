//! KMS key policies do not let everyone use the key.

use splitline_plugin_sdk::kinds::aws::{KmsKey, policy};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-KMS-002",
        long_id: "aws-kms-key-policy-not-public",
        title: "KMS key policy does not allow a wildcard principal without a scoping condition",
        severity: Severity::Critical,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[KmsKey::KIND_NAME],
        risk: "A key policy that allows Principal \"*\" without a condition on the calling account, organization or service lets any AWS account use the key: whoever gets hold of ciphertext (a shared snapshot, an S3 object) can decrypt it, or the key can be used and scheduled for deletion by strangers.",
        remediation: Remediation {
            text: "Replace the wildcard principal with the account root or named roles, or add a condition such as kms:CallerAccount, aws:PrincipalOrgID or aws:SourceAccount that limits it to your own principals.",
            cli: Some("aws kms put-key-policy --key-id KEY_ID --policy-name default --policy file://key-policy.json"),
            terraform: None,
        },
        references: &["https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html"],
        compliance: &[compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, k) in e.each::<KmsKey>() {
        let label = k.label();
        let Some(doc) = k.policy.as_ref() else {
            e.error(r, format!("KMS key {label} has no key policy in its configuration."));
            continue;
        };
        let open: Vec<String> = policy::statements(Some(doc))
            .into_iter()
            .enumerate()
            .filter(|(_, s)| policy::is_allow(s) && policy::principal_is_everyone(s))
            .filter(|(_, s)| !policy::has_scoping_condition(s) && !policy::condition_keys(s).iter().any(|c| c == "kms:calleraccount"))
            .map(|(i, s)| s.get("Sid").and_then(|v| v.as_str()).map_or(format!("Statement[{i}]"), |sid| format!("Statement[{i}] ({sid})")))
            .collect();
        if open.is_empty() {
            e.pass(r, format!("KMS key {label} allows no unscoped wildcard principal."));
        } else {
            e.fail(r, format!("KMS key {label} has a key policy that allows any AWS principal: {}.", open.join(", ")))
                .evidence("Policy.Statement[].Principal", "*")
                .evidence("Policy.Statement[].Condition", "none restricting account, organization or source");
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "aws.kms.key";

    fn key(id: &str, statements: serde_json::Value) -> serde_json::Value {
        json!({"KeyId": id, "KeyManager": "CUSTOMER", "Policy": {"Version": "2012-10-17", "Statement": statements}})
    }

    #[test]
    fn wildcard_without_condition_fails() {
        let root = json!({"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"});
        let out = Fixture::new("aws", "111122223333")
            .resource(KIND, "k-open", key("k-open", json!([root, {"Sid": "Everyone", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}])))
            .resource(KIND, "k-root", key("k-root", json!([root])))
            .resource(
                KIND,
                "k-managed",
                key("k-managed", json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["kms:Decrypt"], "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "s3.us-east-1.amazonaws.com"}}})),
            )
            .resource(KIND, "k-deny", key("k-deny", json!({"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*"})))
            .resource(KIND, "k-nopolicy", json!({"KeyId": "k-nopolicy"}))
            .run(&super::CHECK);
        let f = out.assert_status("k-open", Status::Fail);
        assert_eq!(f.message, "KMS key k-open has a key policy that allows any AWS principal: Statement[1] (Everyone).");
        out.assert_status("k-root", Status::Pass);
        out.assert_status("k-managed", Status::Pass);
        out.assert_status("k-deny", Status::Pass);
        out.assert_status("k-nopolicy", Status::Error);
    }
}
