//! `azure.network.network-security-group` and `azure.network.flow-log`.

use serde_json::Value;
use splitline_collect::Operation;

use crate::api_versions;
use crate::arm::{Cx, list_url, str_at, url_of};
use crate::http::Plane;

pub const NSG: &str = "azure.network.network-security-group";
pub const FLOW_LOG: &str = "azure.network.flow-log";
pub const KINDS: &[&str] = &[NSG, FLOW_LOG];

pub const OPS: &[Operation] = &[
    Operation {
        service: "Microsoft.Network",
        name: "GET networkSecurityGroups",
        permission: "Microsoft.Network/networkSecurityGroups/read",
        kinds: &[NSG],
    },
    Operation {
        service: "Microsoft.Network",
        name: "GET networkWatchers",
        permission: "Microsoft.Network/networkWatchers/read",
        kinds: &[FLOW_LOG],
    },
    Operation {
        service: "Microsoft.Network",
        name: "GET networkWatchers/flowLogs",
        permission: "Microsoft.Network/networkWatchers/flowLogs/read",
        kinds: &[FLOW_LOG],
    },
];

pub async fn collect(cx: &Cx, sub: &str) {
    futures::future::join(nsgs(cx, sub), flow_logs(cx, sub)).await;
}

async fn nsgs(cx: &Cx, sub: &str) {
    if !cx.req.wants(NSG) {
        return;
    }
    let url = list_url(sub, "Microsoft.Network/networkSecurityGroups", api_versions::NETWORK);
    match cx.api.list(Plane::Arm, &OPS[0], sub, &url).await {
        Ok(items) => items.into_iter().for_each(|d| cx.emit(NSG, sub, d)),
        Err(e) => cx.gap(sub, "global", &[NSG], &e),
    }
}

async fn flow_logs(cx: &Cx, sub: &str) {
    if !cx.req.wants(FLOW_LOG) {
        return;
    }
    let url = list_url(sub, "Microsoft.Network/networkWatchers", api_versions::NETWORK);
    let watchers = match cx.api.list(Plane::Arm, &OPS[1], sub, &url).await {
        Ok(w) => w,
        Err(e) => return cx.gap(sub, "global", &[FLOW_LOG], &e),
    };
    let work = watchers.iter().map(|w| async move {
        let url = url_of(str_at(w, "id"), "/flowLogs", api_versions::NETWORK);
        match cx.api.list(Plane::Arm, &OPS[2], sub, &url).await {
            Ok(items) => items.into_iter().for_each(|d: Value| cx.emit(FLOW_LOG, sub, d)),
            Err(e) => {
                let region = crate::arm::normalise_region(str_at(w, "location"));
                cx.gap(sub, &region, &[FLOW_LOG], &e);
            }
        }
    });
    futures::future::join_all(work).await;
}
