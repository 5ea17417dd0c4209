//! S3: buckets (ListBuckets + per-bucket Get* calls, merged) and the
//! account-level public access block (S3 Control).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;
use splitline_collect::{Operation, Resource};
use tokio::task::JoinSet;

use crate::call::{Cx, Failure};
use crate::clients::Clients;
use crate::json::{Obj, arr, policy_document, ts};

pub const BUCKET: &str = "aws.s3.bucket";
pub const ACCOUNT_PAB: &str = "aws.s3.account-public-access-block";
pub const BUCKET_KINDS: &[&str] = &[BUCKET];
pub const ACCOUNT_KINDS: &[&str] = &[ACCOUNT_PAB];

const fn op(name: &'static str, permission: &'static str) -> Operation {
    Operation { service: "s3", name, permission, kinds: BUCKET_KINDS }
}

pub const OPS: &[Operation] = &[
    op("ListBuckets", "s3:ListAllMyBuckets"),
    op("GetBucketLocation", "s3:GetBucketLocation"),
    op("GetBucketEncryption", "s3:GetEncryptionConfiguration"),
    op("GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"),
    op("GetBucketPolicy", "s3:GetBucketPolicy"),
    op("GetBucketPolicyStatus", "s3:GetBucketPolicyStatus"),
    op("GetBucketVersioning", "s3:GetBucketVersioning"),
    op("GetBucketLogging", "s3:GetBucketLogging"),
    op("GetBucketAcl", "s3:GetBucketAcl"),
    op("GetBucketTagging", "s3:GetBucketTagging"),
    Operation {
        service: "s3control",
        name: "GetPublicAccessBlock",
        permission: "s3:GetAccountPublicAccessBlock",
        kinds: ACCOUNT_KINDS,
    },
];

/// ListBuckets, then each bucket's configuration from its own region.
pub async fn collect_buckets(cx: Cx, clients: Arc<Clients>) {
    let home = clients.home_region().to_string();
    let list_cx = cx.with_region(&home);
    let mut buckets = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = list_cx.call(clients.s3(&home).list_buckets().set_continuation_token(token.clone()).send()).await;
        match page {
            Ok(out) => {
                for b in out.buckets() {
                    if let Some(name) = b.name() {
                        buckets.push((
                            name.to_string(),
                            b.creation_date().map(ts),
                            b.bucket_region().map(str::to_string),
                        ));
                    }
                }
                token = out.continuation_token().map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            Err(f) => {
                cx.gap(BUCKET_KINDS, "S3 ListBuckets", &f);
                return;
            }
        }
    }
    let mut tasks = JoinSet::new();
    for (name, created, region) in buckets {
        let (cx, clients, home) = (cx.clone(), clients.clone(), home.clone());
        tasks.spawn(async move { bucket(cx, clients, home, name, created, region).await });
    }
    while tasks.join_next().await.is_some() {}
}

/// The region of a `LocationConstraint` (empty: us-east-1, `EU`: eu-west-1).
pub fn location_region(constraint: Option<&str>) -> String {
    match constraint.unwrap_or("") {
        "" => "us-east-1".to_string(),
        "EU" => "eu-west-1".to_string(),
        r => r.to_string(),
    }
}

async fn bucket(
    cx: Cx,
    clients: Arc<Clients>,
    home: String,
    name: String,
    created: Option<String>,
    region: Option<String>,
) {
    let region = match region {
        Some(r) => r,
        None => {
            let lcx = cx.with_region(&home);
            match lcx.call(clients.s3(&home).get_bucket_location().bucket(&name).send()).await {
                Ok(out) => location_region(out.location_constraint().map(|c| c.as_str())),
                Err(f) => {
                    cx.gap(BUCKET_KINDS, &format!("S3 GetBucketLocation of bucket {name}"), &f);
                    return;
                }
            }
        }
    };
    let rcx = cx.with_region(&region);
    let s3 = clients.s3(&region);
    let b = name.as_str();
    let (enc, pab, policy, status, versioning, logging, acl, tagging) = tokio::join!(
        rcx.optional(s3.get_bucket_encryption().bucket(b).send()),
        rcx.optional(s3.get_public_access_block().bucket(b).send()),
        rcx.optional(s3.get_bucket_policy().bucket(b).send()),
        rcx.optional(s3.get_bucket_policy_status().bucket(b).send()),
        rcx.call(s3.get_bucket_versioning().bucket(b).send()),
        rcx.call(s3.get_bucket_logging().bucket(b).send()),
        rcx.call(s3.get_bucket_acl().bucket(b).send()),
        rcx.optional(s3.get_bucket_tagging().bucket(b).send()),
    );
    let fail = |op: &str, f: &Failure| rcx.gap(BUCKET_KINDS, &format!("S3 {op} of bucket {name}"), f);
    macro_rules! need {
        ($e:expr, $op:literal) => {
            match $e {
                Ok(v) => v,
                Err(f) => {
                    fail($op, &f);
                    return;
                }
            }
        };
    }
    let enc = need!(enc, "GetBucketEncryption");
    let pab = need!(pab, "GetPublicAccessBlock");
    let policy = need!(policy, "GetBucketPolicy");
    let status = need!(status, "GetBucketPolicyStatus");
    let versioning = need!(versioning, "GetBucketVersioning");
    let logging = need!(logging, "GetBucketLogging");
    let acl = need!(acl, "GetBucketAcl");
    let tagging = need!(tagging, "GetBucketTagging");

    let mut tags = BTreeMap::new();
    if let Some(t) = &tagging {
        for tag in t.tag_set() {
            tags.insert(tag.key().to_string(), tag.value().to_string());
        }
    }
    let config = bucket_config(&BucketParts {
        name: &name,
        created,
        region: &region,
        encryption: enc.as_ref().and_then(|e| e.server_side_encryption_configuration()),
        pab: pab.as_ref().and_then(|p| p.public_access_block_configuration()),
        policy: policy.as_ref().and_then(|p| p.policy()),
        policy_status: status.as_ref().and_then(|s| s.policy_status()),
        versioning: &versioning,
        logging: &logging,
        acl: &acl,
    });
    cx.sink.resource(Resource {
        kind: BUCKET.into(),
        id: format!("arn:aws:s3:::{name}"),
        account: cx.account.clone(),
        region,
        name: name.clone(),
        tags,
        config,
    });
}

pub struct BucketParts<'a> {
    pub name: &'a str,
    pub created: Option<String>,
    pub region: &'a str,
    pub encryption: Option<&'a aws_sdk_s3::types::ServerSideEncryptionConfiguration>,
    pub pab: Option<&'a aws_sdk_s3::types::PublicAccessBlockConfiguration>,
    pub policy: Option<&'a str>,
    pub policy_status: Option<&'a aws_sdk_s3::types::PolicyStatus>,
    pub versioning: &'a aws_sdk_s3::operation::get_bucket_versioning::GetBucketVersioningOutput,
    pub logging: &'a aws_sdk_s3::operation::get_bucket_logging::GetBucketLoggingOutput,
    pub acl: &'a aws_sdk_s3::operation::get_bucket_acl::GetBucketAclOutput,
}

pub fn bucket_config(p: &BucketParts<'_>) -> Value {
    let encryption = p.encryption.map(|e| {
        Obj::new()
            .put(
                "Rules",
                arr(e.rules(), |r| {
                    Obj::new()
                        .put(
                            "ApplyServerSideEncryptionByDefault",
                            r.apply_server_side_encryption_by_default().map(|d| {
                                Obj::new()
                                    .put("SSEAlgorithm", d.sse_algorithm().as_str())
                                    .put("KMSMasterKeyID", d.kms_master_key_id())
                                    .build()
                            }),
                        )
                        .put("BucketKeyEnabled", r.bucket_key_enabled())
                        .build()
                }),
            )
            .build()
    });
    let logging = Obj::new()
        .put(
            "LoggingEnabled",
            p.logging.logging_enabled().map(|l| {
                Obj::new().put("TargetBucket", l.target_bucket()).put("TargetPrefix", l.target_prefix()).build()
            }),
        )
        .build();
    let acl = Obj::new()
        .put("Owner", p.acl.owner().map(|o| Obj::new().put("DisplayName", o.display_name()).put("ID", o.id()).build()))
        .put(
            "Grants",
            arr(p.acl.grants(), |g| {
                Obj::new()
                    .put(
                        "Grantee",
                        g.grantee().map(|e| {
                            Obj::new()
                                .put("Type", e.r#type().as_str())
                                .put("URI", e.uri())
                                .put("ID", e.id())
                                .put("DisplayName", e.display_name())
                                .put("EmailAddress", e.email_address())
                                .build()
                        }),
                    )
                    .put("Permission", g.permission().map(|x| x.as_str()))
                    .build()
            }),
        )
        .build();
    Obj::new()
        .put("Name", p.name)
        .put("CreationDate", p.created.clone())
        .put("Region", p.region)
        .put("ServerSideEncryptionConfiguration", encryption)
        .put("PublicAccessBlockConfiguration", p.pab.map(pab_config))
        .put("Policy", p.policy.map(policy_document))
        .put("PolicyStatus", p.policy_status.map(|s| Obj::new().put("IsPublic", s.is_public()).build()))
        .put(
            "Versioning",
            Obj::new()
                .put("Status", p.versioning.status().map(|s| s.as_str()))
                .put("MFADelete", p.versioning.mfa_delete().map(|s| s.as_str()))
                .build(),
        )
        .put("Logging", logging)
        .put("Acl", acl)
        .build()
}

fn pab_config(c: &aws_sdk_s3::types::PublicAccessBlockConfiguration) -> Value {
    Obj::new()
        .put("BlockPublicAcls", c.block_public_acls())
        .put("IgnorePublicAcls", c.ignore_public_acls())
        .put("BlockPublicPolicy", c.block_public_policy())
        .put("RestrictPublicBuckets", c.restrict_public_buckets())
        .build()
}

/// The account's S3 Block Public Access (S3 Control GetPublicAccessBlock).
pub async fn collect_account(cx: Cx, clients: Arc<Clients>) {
    let home = clients.home_region().to_string();
    let ccx = cx.with_region(&home);
    let res = ccx.optional(clients.s3control().get_public_access_block().account_id(&cx.account).send()).await;
    let conf = match res {
        Ok(out) => out.as_ref().and_then(|o| o.public_access_block_configuration()).map(|c| {
            Obj::new()
                .put("BlockPublicAcls", c.block_public_acls())
                .put("IgnorePublicAcls", c.ignore_public_acls())
                .put("BlockPublicPolicy", c.block_public_policy())
                .put("RestrictPublicBuckets", c.restrict_public_buckets())
                .build()
        }),
        Err(f) => {
            cx.gap(ACCOUNT_KINDS, "S3 Control GetPublicAccessBlock", &f);
            return;
        }
    };
    cx.sink.resource(Resource {
        kind: ACCOUNT_PAB.into(),
        id: format!("arn:aws:s3::{}:account-public-access-block", cx.account),
        account: cx.account.clone(),
        region: "global".into(),
        name: "account public access block".into(),
        tags: BTreeMap::new(),
        config: Obj::new().put("AccountId", cx.account.as_str()).put("PublicAccessBlockConfiguration", conf).build(),
    });
}
