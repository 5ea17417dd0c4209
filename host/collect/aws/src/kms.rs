//! KMS: keys with rotation status, key policy, aliases and tags.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use aws_sdk_kms::types as t;
use serde_json::Value;
use splitline_collect::{Operation, Resource};
use tokio::task::JoinSet;

use crate::call::{Cx, Failure};
use crate::clients::Clients;
use crate::json::{Obj, policy_document, ts};

pub const KEY: &str = "aws.kms.key";
pub const KINDS: &[&str] = &[KEY];

const fn op(name: &'static str, permission: &'static str) -> Operation {
    Operation { service: "kms", name, permission, kinds: KINDS }
}

pub const OPS: &[Operation] = &[
    op("ListKeys", "kms:ListKeys"),
    op("DescribeKey", "kms:DescribeKey"),
    op("GetKeyRotationStatus", "kms:GetKeyRotationStatus"),
    op("GetKeyPolicy", "kms:GetKeyPolicy"),
    op("ListAliases", "kms:ListAliases"),
    op("ListResourceTags", "kms:ListResourceTags"),
];

pub async fn collect(cx: Cx, clients: Arc<Clients>) {
    let kms = clients.kms(&cx.region);
    let mut ids = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        match cx.call(kms.list_keys().set_marker(marker.clone()).send()).await {
            Ok(out) => {
                ids.extend(out.keys().iter().filter_map(|k| k.key_id().map(str::to_string)));
                marker = if out.truncated() { out.next_marker().map(str::to_string) } else { None };
                if marker.is_none() {
                    break;
                }
            }
            Err(f) => return cx.gap(KINDS, "KMS ListKeys", &f),
        }
    }
    if ids.is_empty() {
        return;
    }
    // Aliases of the region, once, grouped by key.
    let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
    let mut marker: Option<String> = None;
    loop {
        match cx.call(kms.list_aliases().set_marker(marker.clone()).send()).await {
            Ok(out) => {
                for a in out.aliases() {
                    if let (Some(key), Some(name)) = (a.target_key_id(), a.alias_name()) {
                        aliases.entry(key.to_string()).or_default().push(name.to_string());
                    }
                }
                marker = if out.truncated() { out.next_marker().map(str::to_string) } else { None };
                if marker.is_none() {
                    break;
                }
            }
            Err(f) => return cx.gap(KINDS, "KMS ListAliases", &f),
        }
    }
    let mut tasks = JoinSet::new();
    for id in ids {
        let (cx, kms) = (cx.clone(), kms.clone());
        let mut names = aliases.remove(&id).unwrap_or_default();
        names.sort();
        tasks.spawn(async move { key(&cx, &kms, &id, names).await });
    }
    while tasks.join_next().await.is_some() {}
}

async fn key(cx: &Cx, kms: &aws_sdk_kms::Client, id: &str, aliases: Vec<String>) {
    let fail = |op: &str, f: &Failure| cx.gap(KINDS, &format!("KMS {op} of key {id}"), f);
    let meta = match cx.call(kms.describe_key().key_id(id).send()).await {
        Ok(out) => match out.key_metadata() {
            Some(m) => m.clone(),
            None => return,
        },
        Err(f) => return fail("DescribeKey", &f),
    };
    let rotatable = meta.key_manager() == Some(&t::KeyManagerType::Customer)
        && meta.key_spec() == Some(&t::KeySpec::SymmetricDefault)
        && meta.origin() == Some(&t::OriginType::AwsKms)
        && meta.key_state() != Some(&t::KeyState::PendingDeletion);
    let (rotation, policy, tags) = tokio::join!(
        async {
            if rotatable { cx.call(kms.get_key_rotation_status().key_id(id).send()).await.map(Some) } else { Ok(None) }
        },
        cx.optional(kms.get_key_policy().key_id(id).policy_name("default").send()),
        async {
            if meta.key_manager() == Some(&t::KeyManagerType::Customer) {
                cx.call(kms.list_resource_tags().key_id(id).send()).await.map(Some)
            } else {
                Ok(None)
            }
        },
    );
    let rotation = match rotation {
        Ok(r) => r,
        Err(f) => return fail("GetKeyRotationStatus", &f),
    };
    let policy = match policy {
        Ok(p) => p,
        Err(f) => return fail("GetKeyPolicy", &f),
    };
    let tag_map: BTreeMap<String, String> = match tags {
        Ok(t) => t
            .map(|t| t.tags().iter().map(|t| (t.tag_key().to_string(), t.tag_value().to_string())).collect())
            .unwrap_or_default(),
        Err(f) => return fail("ListResourceTags", &f),
    };
    let mut config = key_metadata(&meta);
    if let Some(obj) = config.as_object_mut() {
        if let Some(r) = &rotation {
            obj.insert("KeyRotationEnabled".into(), Value::Bool(r.key_rotation_enabled()));
            if let Some(p) = r.rotation_period_in_days() {
                obj.insert("RotationPeriodInDays".into(), Value::from(p));
            }
            if let Some(d) = r.next_rotation_date() {
                obj.insert("NextRotationDate".into(), Value::String(ts(d)));
            }
        }
        if let Some(p) = policy.as_ref().and_then(|p| p.policy()) {
            obj.insert("Policy".into(), policy_document(p));
        }
        obj.insert(
            "Aliases".into(),
            Value::Array(aliases.iter().map(|a| serde_json::json!({"AliasName": a})).collect()),
        );
    }
    let arn = meta.arn().map_or_else(|| format!("arn:aws:kms:{}:{}:key/{id}", cx.region, cx.account), str::to_string);
    cx.sink.resource(Resource {
        kind: KEY.into(),
        id: arn,
        account: cx.account.clone(),
        region: cx.region.clone(),
        name: aliases.first().cloned().unwrap_or_else(|| id.to_string()),
        tags: tag_map,
        config,
    });
}

pub fn key_metadata(m: &t::KeyMetadata) -> Value {
    Obj::new()
        .put("KeyId", m.key_id())
        .put("Arn", m.arn())
        .put("AWSAccountId", m.aws_account_id())
        .put("KeyManager", m.key_manager().map(|x| x.as_str()))
        .put("KeySpec", m.key_spec().map(|x| x.as_str()))
        .put("KeyUsage", m.key_usage().map(|x| x.as_str()))
        .put("Origin", m.origin().map(|x| x.as_str()))
        .put("KeyState", m.key_state().map(|x| x.as_str()))
        .put("Enabled", m.enabled())
        .put("DeletionDate", m.deletion_date().map(ts))
        .put("MultiRegion", m.multi_region())
        .put("CreationDate", m.creation_date().map(ts))
        .put("Description", m.description())
        .build()
}
