//! The operations registry: every API call a collector may make, the
//! permission it needs, and the kinds it serves. `splitline permissions`
//! renders it; tests hold the collectors to it (no call outside it, every
//! permission read-only).

use std::collections::BTreeSet;

/// One API operation a collector may call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// Service as the provider names it: `s3`, `Microsoft.Compute`, `compute`, `graph`.
    pub service: &'static str,
    /// Operation as the collector logs it: `ListBuckets`, `GET virtualMachines`,
    /// `instances.aggregatedList`.
    pub name: &'static str,
    /// The permission it needs: `s3:ListAllMyBuckets`,
    /// `Microsoft.Compute/virtualMachines/read`, `compute.instances.list`,
    /// or a Microsoft Graph permission such as `User.Read.All`.
    pub permission: &'static str,
    /// Kinds this call serves; empty means every collection needs it
    /// (identity, region and account discovery).
    pub kinds: &'static [&'static str],
}

/// The permissions needed to collect `kinds` (every kind when `None`),
/// sorted and without duplicates.
pub fn permissions_for(ops: &[Operation], kinds: Option<&[String]>) -> BTreeSet<&'static str> {
    ops.iter().filter(|op| serves(op, kinds)).map(|op| op.permission).collect()
}

fn serves(op: &Operation, kinds: Option<&[String]>) -> bool {
    match kinds {
        None => true,
        Some(wanted) => op.kinds.is_empty() || op.kinds.iter().any(|k| wanted.iter().any(|w| w == k)),
    }
}

/// Permissions in the registry that do not look read-only for `provider`.
/// AWS: the action must start with `Get`, `List` or `Describe`. Azure: an
/// ARM action must end in `/read` or be a `/list/action` (a POST that reads,
/// such as app settings) or a `/getAcl/action` (Get Container ACL, which reads
/// a container's access policies), a Graph permission must be a `.Read` one. GCP: the
/// method must be `get…` or `list…` (including `getIamPolicy`).
pub fn read_only_violations(provider: &str, ops: &[Operation]) -> Vec<&'static str> {
    ops.iter().map(|op| op.permission).filter(|p| !is_read_only(provider, p)).collect()
}

fn is_read_only(provider: &str, permission: &str) -> bool {
    match provider {
        "aws" => permission.split_once(':').is_some_and(|(service, action)| {
            ["Get", "List", "Describe"].iter().any(|verb| action.starts_with(verb))
                // API Gateway's management API is authorised by HTTP verb.
                || service == "apigateway" && action == "GET"
        }),
        "azure" => {
            if permission.starts_with("Microsoft.") {
                permission.ends_with("/read")
                    || permission.ends_with("/list/action")
                    || permission.ends_with("/getAcl/action")
            } else {
                // Microsoft Graph: `User.Read.All`, `Policy.Read.All`; never `ReadWrite`.
                permission.split('.').any(|part| part == "Read")
            }
        }
        "gcp" => permission.rsplit('.').next().is_some_and(|m| m.starts_with("get") || m.starts_with("list")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPS: &[Operation] = &[
        Operation { service: "sts", name: "GetCallerIdentity", permission: "sts:GetCallerIdentity", kinds: &[] },
        Operation { service: "s3", name: "ListBuckets", permission: "s3:ListAllMyBuckets", kinds: &["aws.s3.bucket"] },
        Operation {
            service: "ec2",
            name: "DescribeVolumes",
            permission: "ec2:DescribeVolumes",
            kinds: &["aws.ec2.volume"],
        },
    ];

    #[test]
    fn permissions_follow_the_requested_kinds() {
        let only_s3 = permissions_for(OPS, Some(&["aws.s3.bucket".to_string()]));
        assert_eq!(only_s3.into_iter().collect::<Vec<_>>(), ["s3:ListAllMyBuckets", "sts:GetCallerIdentity"]);
        assert_eq!(permissions_for(OPS, None).len(), 3);
    }

    #[test]
    fn mutating_permissions_are_caught() {
        assert!(read_only_violations("aws", OPS).is_empty());
        let bad = [Operation { service: "s3", name: "PutBucketPolicy", permission: "s3:PutBucketPolicy", kinds: &[] }];
        assert_eq!(read_only_violations("aws", &bad), ["s3:PutBucketPolicy"]);
        assert!(is_read_only("aws", "apigateway:GET"));
        assert!(!is_read_only("aws", "apigateway:PATCH") && !is_read_only("aws", "apigateway:POST"));
        assert!(is_read_only("azure", "Microsoft.Web/sites/config/list/action"));
        assert!(!is_read_only("azure", "Microsoft.Storage/storageAccounts/listKeys/action"));
        assert!(is_read_only("azure", "Microsoft.Storage/storageAccounts/blobServices/containers/getAcl/action"));
        assert!(!is_read_only("azure", "Microsoft.Storage/storageAccounts/blobServices/containers/setAcl/action"));
        assert!(!is_read_only("azure", "Microsoft.Compute/virtualMachines/write"));
        assert!(is_read_only("azure", "User.Read.All"));
        assert!(!is_read_only("azure", "User.ReadWrite.All"));
        assert!(is_read_only("gcp", "storage.buckets.getIamPolicy"));
        assert!(!is_read_only("gcp", "storage.buckets.setIamPolicy"));
        assert!(!is_read_only("gcp", "iam.serviceAccountKeys.create"));
    }
}
