//! S3 buckets are not readable or writable by the public through ACLs or policy.

use splitline_plugin_sdk::kinds::aws::{PUBLIC_ACL_GROUPS, S3AccountPublicAccessBlock, S3Bucket};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-S3-003",
        long_id: "aws-s3-bucket-not-public",
        title: "S3 bucket does not grant public access through its ACL or bucket policy",
        severity: Severity::Critical,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &[S3Bucket::KIND_NAME, S3AccountPublicAccessBlock::KIND_NAME],
        risk: "A bucket readable or writable by everyone is the most common cause of cloud data breaches: anyone on the internet can list, download or plant objects.",
        remediation: Remediation {
            text: "Remove ACL grants to AllUsers/AuthenticatedUsers and policy statements with a `*` principal, then turn on Block Public Access. Serve public content through CloudFront with origin access control instead.",
            cli: Some("aws s3api put-bucket-acl --bucket BUCKET --acl private && aws s3api delete-bucket-policy --bucket BUCKET"),
            terraform: None,
        },
        references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status"],
        compliance: &[compliance("cis-aws-3.0.0", "2.1.4"), compliance("nist-csf-2.0", "PR.AA-05"), compliance("soc2", "CC6.1")],
    },
    run,
};

fn run(e: &mut Eval) {
    let account_block = crate::s3::account_block(e);
    for (r, b) in e.each::<S3Bucket>() {
        let block = b.public_access_block_configuration.clone().unwrap_or_default();
        let acls_ignored = block.ignore_public_acls || account_block.ignore_public_acls;
        let policy_restricted = block.restrict_public_buckets || account_block.restrict_public_buckets;

        let public_grants: Vec<String> = b
            .acl
            .iter()
            .flat_map(|acl| acl.grants.iter())
            .filter(|g| g.grantee.uri.as_deref().is_some_and(|u| PUBLIC_ACL_GROUPS.contains(&u)))
            .map(|g| format!("{} to {}", g.permission, g.grantee.uri.as_deref().unwrap_or_default().rsplit('/').next().unwrap_or_default()))
            .collect();
        let policy_public = b.policy_status.as_ref().map(|s| s.is_public).unwrap_or(false) || policy_has_public_allow(b.policy.as_ref());

        let mut exposures = Vec::new();
        if !public_grants.is_empty() && !acls_ignored {
            exposures.push(format!("its ACL grants {}", public_grants.join(", ")));
        }
        if policy_public && !policy_restricted {
            exposures.push("its bucket policy allows a public principal".to_string());
        }
        if exposures.is_empty() {
            e.pass(r, format!("S3 bucket {} grants no public access.", b.name));
        } else {
            let f = e.fail(r, format!("S3 bucket {} is public: {}.", b.name, exposures.join(" and ")));
            if !public_grants.is_empty() {
                f.evidence("Acl.Grants", public_grants.join(", "));
            }
            if policy_public {
                f.evidence("PolicyStatus.IsPublic", true);
            }
        }
    }
}

/// A policy statement that allows `*` (or `{"AWS": "*"}`) without a condition.
fn policy_has_public_allow(policy: Option<&serde_json::Value>) -> bool {
    crate::s3::statements(policy).iter().any(|s| {
        let allow = s.get("Effect").and_then(|v| v.as_str()) == Some("Allow");
        let principal = s.get("Principal");
        let star = match principal {
            Some(serde_json::Value::String(p)) => p == "*",
            Some(serde_json::Value::Object(o)) => o.get("AWS").is_some_and(|a| match a {
                serde_json::Value::String(s) => s == "*",
                serde_json::Value::Array(v) => v.iter().any(|x| x.as_str() == Some("*")),
                _ => false,
            }),
            _ => false,
        };
        allow && star && s.get("Condition").is_none()
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    fn public_read_acl() -> serde_json::Value {
        json!({"Grants": [{"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]})
    }

    #[test]
    fn public_acl_and_public_policy_fail() {
        let out = Fixture::new("aws", "111122223333")
            .resource("aws.s3.bucket", "arn:aws:s3:::acl", json!({"Name": "acl", "Acl": public_read_acl()}))
            .resource(
                "aws.s3.bucket",
                "arn:aws:s3:::pol",
                json!({"Name": "pol", "Policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::pol/*"}]}}),
            )
            .resource("aws.s3.bucket", "arn:aws:s3:::private", json!({"Name": "private", "Acl": {"Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "abc"}, "Permission": "FULL_CONTROL"}]}}))
            .run(&super::CHECK);
        let f = out.assert_status("arn:aws:s3:::acl", Status::Fail);
        assert!(f.message.contains("READ to AllUsers"), "{}", f.message);
        out.assert_status("arn:aws:s3:::pol", Status::Fail);
        out.assert_status("arn:aws:s3:::private", Status::Pass);
    }

    #[test]
    fn conditioned_policy_and_ignored_acls_pass() {
        let out = Fixture::new("aws", "111122223333")
            .resource(
                "aws.s3.bucket",
                "arn:aws:s3:::vpce",
                json!({"Name": "vpce", "Policy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}]}}),
            )
            .resource("aws.s3.bucket", "arn:aws:s3:::ignored", json!({"Name": "ignored", "Acl": public_read_acl(), "PublicAccessBlockConfiguration": {"IgnorePublicAcls": true}}))
            .run(&super::CHECK);
        out.assert_status("arn:aws:s3:::vpce", Status::Pass);
        out.assert_status("arn:aws:s3:::ignored", Status::Pass);
    }
}
