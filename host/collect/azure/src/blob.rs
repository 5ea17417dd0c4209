//! `azure.storage.blob-container`: the Blob service data plane of each
//! storage account, with azure_storage_blob — List Containers (all pages),
//! then Get Container ACL per container. Microsoft Entra ID authorization
//! (a token for `https://storage.azure.com`); account keys are never read.
//!
//! Test hook: `SPLITLINE_AZURE_TEST_BLOB_ENDPOINT=http://127.0.0.1:PORT`
//! sends account `NAME`'s data-plane calls to `http://127.0.0.1:PORT/NAME`
//! (Azurite's path-style URLs), signed with SharedKey using
//! `SPLITLINE_AZURE_TEST_BLOB_KEY` (default: Azurite's published
//! development key). A warning is logged when it is set.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;
use azure_core::credentials::{Secret, TokenCredential};
use azure_core::http::policies::{Policy, PolicyResult};
use azure_core::http::{ClientOptions, Context, Request, RetryOptions, Transport, Url};
use azure_storage_blob::models::{BlobServiceClientListContainersOptions, SignedIdentifiersHeaders};
use azure_storage_blob::{BlobServiceClient, BlobServiceClientOptions};
use futures::StreamExt;
use serde_json::{Map, Value, json};
use splitline_collect::{GapCode, Operation, retry};

use crate::api_versions;
use crate::arm::{Cx, str_at};
use crate::error::CallError;

pub const KIND: &str = "azure.storage.blob-container";
const KINDS: &[&str] = &[KIND];

pub const OPS: &[Operation] = &[
    Operation {
        service: "Microsoft.Storage",
        name: "List Containers",
        permission: "Microsoft.Storage/storageAccounts/blobServices/containers/read",
        kinds: KINDS,
    },
    Operation {
        service: "Microsoft.Storage",
        name: "Get Container ACL",
        permission: "Microsoft.Storage/storageAccounts/blobServices/containers/getAcl/action",
        kinds: KINDS,
    },
    // Storage Analytics logging of the account (`blobServiceLogging`). The
    // data-plane call is authorized by the same `Action` as the ARM
    // `blobServices/default` GET; no `DataAction`.
    Operation {
        service: "Microsoft.Storage",
        name: "Get Blob Service Properties",
        permission: "Microsoft.Storage/storageAccounts/blobServices/read",
        kinds: &[crate::storage::ACCOUNT],
    },
];

pub const TEST_BLOB_ENDPOINT_VAR: &str = "SPLITLINE_AZURE_TEST_BLOB_ENDPOINT";
pub const TEST_BLOB_KEY_VAR: &str = "SPLITLINE_AZURE_TEST_BLOB_KEY";
/// Azurite's published development account key (public, for the emulator).
const AZURITE_KEY: &str = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// How the data plane is reached.
pub enum BlobAccess {
    /// Entra ID token for `https://storage.azure.com` through the same
    /// credential (and test transport, if any) as ARM.
    Entra { credential: Arc<dyn TokenCredential>, transport: Option<Transport> },
    /// Test hook: Azurite at `base`, SharedKey-signed.
    Emulator { base: String, key: Secret },
}

impl BlobAccess {
    pub fn from_env(credential: Arc<dyn TokenCredential>, transport: Option<Transport>) -> Result<BlobAccess, String> {
        let Some(base) = std::env::var(TEST_BLOB_ENDPOINT_VAR).ok().filter(|v| !v.is_empty()) else {
            return Ok(BlobAccess::Entra { credential, transport });
        };
        let url = Url::parse(&base).map_err(|e| format!("{TEST_BLOB_ENDPOINT_VAR}={base} is not a URL: {e}"))?;
        if !matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")) {
            return Err(format!("{TEST_BLOB_ENDPOINT_VAR} must point to this machine (127.0.0.1), not {base}"));
        }
        tracing::warn!(
            "{TEST_BLOB_ENDPOINT_VAR} is set: Blob service calls go to the emulator at {base} (a test hook, not for real use)"
        );
        let key = std::env::var(TEST_BLOB_KEY_VAR).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| AZURITE_KEY.into());
        Ok(BlobAccess::Emulator { base: base.trim_end_matches('/').to_string(), key: Secret::new(key) })
    }

    fn client(&self, account: &str, blob_endpoint: &str) -> azure_core::Result<BlobServiceClient> {
        let mut client_options = ClientOptions { retry: RetryOptions::none(), ..ClientOptions::default() };
        let options = |client_options| BlobServiceClientOptions {
            client_options,
            version: api_versions::BLOB_DATA_PLANE.to_string(),
        };
        match self {
            BlobAccess::Entra { credential, transport } => {
                client_options.transport = transport.clone();
                // The service URL must not end with a slash.
                let url = Url::parse(blob_endpoint.trim_end_matches('/'))?;
                BlobServiceClient::new(url, Some(credential.clone()), Some(options(client_options)))
            }
            BlobAccess::Emulator { base, key } => {
                client_options
                    .per_try_policies
                    .push(Arc::new(SharedKey { account: account.to_string(), key: key.clone() }));
                let url = Url::parse(&format!("{base}/{account}"))?;
                BlobServiceClient::new(url, None, Some(options(client_options)))
            }
        }
    }
}

/// SharedKey request signing (for the emulator only: the collector never
/// reads account keys from Azure).
#[derive(Debug)]
struct SharedKey {
    account: String,
    key: Secret,
}

#[async_trait]
impl Policy for SharedKey {
    async fn send(&self, ctx: &Context, request: &mut Request, next: &[Arc<dyn Policy>]) -> PolicyResult {
        let now = azure_core::time::OffsetDateTime::now_utc();
        request.insert_header("x-ms-date", azure_core::time::to_rfc7231(&now));
        let to_sign = string_to_sign(&self.account, request);
        let signature = azure_core::hmac::hmac_sha256(&to_sign, &self.key)?;
        request.insert_header("authorization", format!("SharedKey {}:{signature}", self.account));
        next[0].send(ctx, request, &next[1..]).await
    }
}

fn string_to_sign(account: &str, request: &Request) -> String {
    let header = |name: &str| {
        request
            .headers()
            .iter()
            .find(|(k, _)| k.as_str().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str().to_string())
            .unwrap_or_default()
    };
    let length = header("content-length");
    let length = if length == "0" { String::new() } else { length };
    let mut ms: Vec<(String, String)> = request
        .headers()
        .iter()
        .filter(|(k, _)| k.as_str().to_ascii_lowercase().starts_with("x-ms-"))
        .map(|(k, v)| (k.as_str().to_ascii_lowercase(), v.as_str().trim().to_string()))
        .collect();
    ms.sort();
    let mut s = format!(
        "{}\n{}\n{}\n{length}\n{}\n{}\n\n{}\n{}\n{}\n{}\n{}\n",
        request.method().as_ref(),
        header("content-encoding"),
        header("content-language"),
        header("content-md5"),
        header("content-type"),
        header("if-modified-since"),
        header("if-match"),
        header("if-none-match"),
        header("if-unmodified-since"),
        header("range"),
    );
    for (k, v) in ms {
        s.push_str(&format!("{k}:{v}\n"));
    }
    s.push_str(&format!("/{account}{}", request.url().path()));
    let mut params: Vec<(String, String)> =
        request.url().query_pairs().map(|(k, v)| (k.to_ascii_lowercase(), v.into_owned())).collect();
    params.sort();
    let mut merged: Vec<(String, Vec<String>)> = Vec::new();
    for (k, v) in params {
        match merged.last_mut() {
            Some((last, values)) if *last == k => values.push(v),
            _ => merged.push((k, vec![v])),
        }
    }
    for (k, values) in merged {
        s.push_str(&format!("\n{k}:{}", values.join(",")));
    }
    s
}

/// One SDK call with the collector's retry rules, limiter and call record.
async fn sdk_call<T, F, Fut>(cx: &Cx, op: &Operation, account: &str, region: &str, mut f: F) -> Result<T, CallError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = azure_core::Result<T>>,
{
    let deadline = Instant::now() + cx.req.call_timeout;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let outcome = {
            let _permit = cx.req.limiter().acquire().await;
            tokio::time::timeout(deadline.saturating_duration_since(Instant::now()), f()).await
        };
        let (err, retry_after) = match outcome {
            Ok(Ok(v)) => {
                cx.sink().call(op.service, op.name, account, region, None);
                return Ok(v);
            }
            Ok(Err(e)) => (CallError::from_core(op, &e), retry_after_of(&e)),
            Err(_) => (CallError::new(op, GapCode::Timeout, None, "no answer within the call timeout".into()), None),
        };
        cx.sink().call(op.service, op.name, account, region, Some(err.code));
        let retryable = err.status.is_some_and(retry::is_retryable) || err.code == GapCode::Unavailable;
        let wait = retry::delay(
            attempt,
            retry_after,
            std::time::Duration::from_millis(500),
            std::time::Duration::from_secs(30),
        );
        if !retryable || attempt >= cx.req.max_attempts.max(1) || Instant::now() + wait >= deadline {
            return Err(err.after_attempts(attempt));
        }
        tokio::time::sleep(wait).await;
    }
}

fn retry_after_of(e: &azure_core::Error) -> Option<std::time::Duration> {
    if let azure_core::error::ErrorKind::HttpResponse { raw_response: Some(raw), .. } = e.kind() {
        return raw
            .headers()
            .iter()
            .find(|(k, _)| k.as_str().eq_ignore_ascii_case("retry-after"))
            .and_then(|(_, v)| retry::parse_retry_after(v.as_str()));
    }
    None
}

/// Collects the containers of one storage account (`account_doc`, its ARM
/// document). A failure becomes a gap for the account's region.
pub async fn collect_account(cx: &Cx, sub: &str, account_doc: &Value) {
    let account_id = str_at(account_doc, "id");
    let name = str_at(account_doc, "name");
    let region = crate::arm::normalise_region(str_at(account_doc, "location"));
    let endpoint = blob_endpoint(account_doc);
    let client = match cx.blob.client(name, &endpoint) {
        Ok(c) => c,
        Err(e) => {
            let err = CallError::from_core(&OPS[0], &e);
            cx.gap(sub, &region, KINDS, &err);
            return;
        }
    };
    let mut containers = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = sdk_call(cx, &OPS[0], sub, &region, || {
            let options = BlobServiceClientListContainersOptions { marker: marker.clone(), ..Default::default() };
            let pager = client.list_containers(Some(options));
            async move {
                let mut pages = pager?.into_pages();
                match pages.next().await {
                    Some(page) => page?.into_model(),
                    None => Ok(Default::default()),
                }
            }
        })
        .await;
        match page {
            Ok(page) => {
                containers.extend(page.container_items);
                match page.next_marker.filter(|m| !m.is_empty()) {
                    Some(m) => marker = Some(m),
                    None => break,
                }
            }
            Err(err) => {
                let err = with_account(err, name);
                cx.gap(sub, &region, KINDS, &err);
                return;
            }
        }
    }
    let mut docs = Vec::new();
    let futures = containers.into_iter().map(|item| {
        let (client, region) = (&client, &region);
        async move {
            let container = item.name.clone().unwrap_or_default();
            let acl = sdk_call(cx, &OPS[1], sub, region, || {
                let c = client.blob_container_client(&container);
                async move {
                    let rsp = c.get_access_policy(None).await?;
                    let access = rsp.access().ok().flatten().map(|a| a.to_string());
                    Ok((rsp.into_model()?, access))
                }
            })
            .await;
            (item, acl)
        }
    });
    for (item, acl) in futures::future::join_all(futures).await {
        let container = item.name.clone().unwrap_or_default();
        let mut properties = item.properties.as_ref().map(to_camel_json).unwrap_or_else(|| json!({}));
        let signed = match acl {
            Ok((ids, access)) => {
                if let (Some(a), Some(p)) = (access, properties.as_object_mut()) {
                    p.entry("publicAccess").or_insert(Value::String(a));
                }
                Value::Array(ids.items.unwrap_or_default().iter().map(to_camel_json).collect())
            }
            Err(err) => {
                let err = with_account(err, &format!("{name}/{container}"));
                cx.gap(sub, &region, KINDS, &err);
                continue;
            }
        };
        let id = format!("{account_id}/blobServices/default/containers/{container}");
        let config = json!({
            "name": container,
            "storageAccountId": account_id,
            "properties": properties,
            "signedIdentifiers": signed,
        });
        docs.push(splitline_collect::Resource {
            kind: KIND.to_string(),
            id,
            account: sub.to_string(),
            region: region.clone(),
            name: format!("{name}/{container}"),
            tags: Default::default(),
            config,
        });
    }
    for r in docs {
        cx.sink().resource(r);
    }
}

/// The Blob service's Storage Analytics logging setting of one storage
/// account (`account_doc`, its ARM document): Get Blob Service Properties,
/// its `Logging` element in camelCase (`{}` when the answer has none).
pub async fn service_logging(cx: &Cx, sub: &str, account_doc: &Value) -> Result<Value, CallError> {
    let op = &OPS[2];
    let name = str_at(account_doc, "name");
    let region = crate::arm::normalise_region(str_at(account_doc, "location"));
    let client = cx
        .blob
        .client(name, &blob_endpoint(account_doc))
        .map_err(|e| with_account(CallError::from_core(op, &e), name))?;
    let props = sdk_call(cx, op, sub, &region, || async { client.get_properties(None).await?.into_model() })
        .await
        .map_err(|e| with_account(e, name))?;
    Ok(logging_json(props.logging.as_ref()))
}

fn logging_json(logging: Option<&azure_storage_blob::models::Logging>) -> Value {
    logging.map(to_camel_json).unwrap_or_else(|| json!({}))
}

fn blob_endpoint(account_doc: &Value) -> String {
    account_doc
        .pointer("/properties/primaryEndpoints/blob")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("https://{}.blob.core.windows.net", str_at(account_doc, "name")))
}

fn with_account(mut err: CallError, what: &str) -> CallError {
    err.message = format!("storage account {what}: {}", err.message);
    err
}

/// The SDK model as JSON with the doc's naming rule: element names in
/// camelCase (`Last-Modified` → `lastModified`), values as the SDK
/// serialises them (booleans as booleans, dates as the service sent them).
fn to_camel_json<T: serde::Serialize>(v: &T) -> Value {
    camel(serde_json::to_value(v).unwrap_or(Value::Null))
}

fn camel(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                out.insert(camel_key(&k), camel(v));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(camel).collect()),
        other => other,
    }
}

fn camel_key(k: &str) -> String {
    let joined: String = k.split(['-', '_']).collect();
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use azure_core::http::Method;

    #[test]
    fn xml_names_become_camel_case() {
        assert_eq!(camel_key("Last-Modified"), "lastModified");
        assert_eq!(camel_key("PublicAccess"), "publicAccess");
        assert_eq!(camel_key("Etag"), "etag");
        assert_eq!(camel_key("AccessPolicy"), "accessPolicy");
    }

    #[test]
    fn the_logging_element_becomes_camel_case_json() {
        let xml =
            b"<?xml version=\"1.0\" encoding=\"utf-8\"?><StorageServiceProperties><Logging><Version>1.0</Version>\
            <Delete>true</Delete><Read>true</Read><Write>false</Write><RetentionPolicy><Enabled>true</Enabled>\
            <Days>90</Days></RetentionPolicy></Logging></StorageServiceProperties>";
        let props: azure_storage_blob::models::BlobServiceProperties = azure_core::xml::from_xml(xml).unwrap();
        assert_eq!(
            logging_json(props.logging.as_ref()),
            json!({"version": "1.0", "delete": true, "read": true, "write": false,
                   "retentionPolicy": {"enabled": true, "days": 90}})
        );
        let none: azure_storage_blob::models::BlobServiceProperties =
            azure_core::xml::from_xml(b"<StorageServiceProperties></StorageServiceProperties>".as_slice()).unwrap();
        assert_eq!(logging_json(none.logging.as_ref()), json!({}));
    }

    #[test]
    fn shared_key_string_to_sign_follows_the_documented_layout() {
        let url = Url::parse("http://127.0.0.1:1/acct/c1?restype=container&comp=acl").unwrap();
        let mut r = Request::new(url, Method::Get);
        r.insert_header("x-ms-version", "2023-11-03");
        r.insert_header("x-ms-date", "Mon, 03 Nov 2025 10:41:19 GMT");
        let s = string_to_sign("acct", &r);
        assert_eq!(
            s,
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Mon, 03 Nov 2025 10:41:19 GMT\nx-ms-version:2023-11-03\n/acct/acct/c1\ncomp:acl\nrestype:container"
        );
    }
}
