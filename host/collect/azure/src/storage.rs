//! `azure.storage.account` (ARM, merged with `blobServices/default`, and
//! with the Blob service's logging setting from the data plane) and, through
//! the data plane, `azure.storage.blob-container` (blob.rs).

use splitline_collect::Operation;

use crate::arm::{Cx, list_url, str_at, url_of};
use crate::http::Plane;
use crate::{api_versions, blob};

pub const ACCOUNT: &str = "azure.storage.account";
pub const KINDS: &[&str] = &[ACCOUNT, blob::KIND];

pub const OPS: &[Operation] = &[
    Operation {
        service: "Microsoft.Storage",
        name: "GET storageAccounts",
        permission: "Microsoft.Storage/storageAccounts/read",
        kinds: KINDS,
    },
    Operation {
        service: "Microsoft.Storage",
        name: "GET blobServices",
        permission: "Microsoft.Storage/storageAccounts/blobServices/read",
        kinds: &[ACCOUNT],
    },
];

pub async fn collect(cx: &Cx, sub: &str) {
    let url = list_url(sub, "Microsoft.Storage/storageAccounts", api_versions::STORAGE);
    let accounts = match cx.api.list(Plane::Arm, &OPS[0], sub, &url).await {
        Ok(a) => a,
        Err(e) => return cx.gap(sub, "global", KINDS, &e),
    };
    let work = accounts.into_iter().map(|mut doc| async move {
        let has_blob = str_at(&doc, "kind") != "FileStorage";
        if cx.req.wants(ACCOUNT) && has_blob {
            let url = url_of(str_at(&doc, "id"), "/blobServices/default", api_versions::STORAGE);
            let (props, logging) =
                futures::join!(cx.api.get(Plane::Arm, &OPS[1], sub, &url), blob::service_logging(cx, sub, &doc));
            let region = crate::arm::normalise_region(str_at(&doc, "location"));
            match props {
                Ok(props) => {
                    if let Some(map) = doc.as_object_mut() {
                        map.insert("blobServiceProperties".into(), props);
                    }
                }
                Err(e) => {
                    let mut e = e;
                    e.message = format!("storage account {}: {}", str_at(&doc, "name"), e.message);
                    cx.gap(sub, &region, &[ACCOUNT], &e);
                }
            }
            // Absent when unknown: the gap says why (never read as "off").
            match logging {
                Ok(logging) => {
                    if let Some(map) = doc.as_object_mut() {
                        map.insert("blobServiceLogging".into(), logging);
                    }
                }
                Err(e) => cx.gap(sub, &region, &[ACCOUNT], &e),
            }
        }
        if cx.req.wants(blob::KIND) && has_blob {
            blob::collect_account(cx, sub, &doc).await;
        }
        if cx.req.wants(ACCOUNT) {
            cx.emit(ACCOUNT, sub, doc);
        }
    });
    futures::future::join_all(work).await;
}
