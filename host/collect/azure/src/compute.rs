//! `azure.compute.virtual-machine` (merged with its extensions and NICs)
//! and `azure.compute.disk`.

use serde_json::Value;
use splitline_collect::{GapCode, Operation};

use crate::api_versions;
use crate::arm::{Cx, list_url, str_at, url_of};
use crate::http::Plane;

pub const VM: &str = "azure.compute.virtual-machine";
pub const DISK: &str = "azure.compute.disk";
pub const KINDS: &[&str] = &[VM, DISK];

pub const OPS: &[Operation] = &[
    Operation {
        service: "Microsoft.Compute",
        name: "GET virtualMachines",
        permission: "Microsoft.Compute/virtualMachines/read",
        kinds: &[VM],
    },
    Operation {
        service: "Microsoft.Compute",
        name: "GET virtualMachines/extensions",
        permission: "Microsoft.Compute/virtualMachines/extensions/read",
        kinds: &[VM],
    },
    Operation {
        service: "Microsoft.Network",
        name: "GET networkInterfaces",
        permission: "Microsoft.Network/networkInterfaces/read",
        kinds: &[VM],
    },
    Operation {
        service: "Microsoft.Compute",
        name: "GET disks",
        permission: "Microsoft.Compute/disks/read",
        kinds: &[DISK],
    },
];

pub async fn collect(cx: &Cx, sub: &str) {
    futures::future::join(vms(cx, sub), disks(cx, sub)).await;
}

async fn disks(cx: &Cx, sub: &str) {
    if !cx.req.wants(DISK) {
        return;
    }
    let url = list_url(sub, "Microsoft.Compute/disks", api_versions::COMPUTE_DISK);
    match cx.api.list(Plane::Arm, &OPS[3], sub, &url).await {
        Ok(items) => items.into_iter().for_each(|d| cx.emit(DISK, sub, d)),
        Err(e) => cx.gap(sub, "global", &[DISK], &e),
    }
}

async fn vms(cx: &Cx, sub: &str) {
    if !cx.req.wants(VM) {
        return;
    }
    let url = list_url(sub, "Microsoft.Compute/virtualMachines", api_versions::COMPUTE_VM);
    let vms = match cx.api.list(Plane::Arm, &OPS[0], sub, &url).await {
        Ok(v) => v,
        Err(e) => return cx.gap(sub, "global", &[VM], &e),
    };
    let work = vms.into_iter().map(|mut vm| async move {
        let region = crate::arm::normalise_region(str_at(&vm, "location"));
        let name = str_at(&vm, "name").to_string();
        let ext_url = url_of(str_at(&vm, "id"), "/extensions", api_versions::COMPUTE_VM);
        let nic_ids: Vec<String> = vm
            .pointer("/properties/networkProfile/networkInterfaces")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|n| n.get("id").and_then(Value::as_str)).map(str::to_string).collect())
            .unwrap_or_default();
        let extensions = cx.api.get(Plane::Arm, &OPS[1], sub, &ext_url);
        let nics = futures::future::join_all(nic_ids.iter().map(|id| {
            let url = url_of(id, "", api_versions::NETWORK);
            async move { cx.api.get(Plane::Arm, &OPS[2], sub, &url).await }
        }));
        let (extensions, nics) = futures::future::join(extensions, nics).await;
        let mut incomplete = false;
        let extensions = match extensions {
            Ok(v) => {
                let mut items = v.get("value").and_then(Value::as_array).cloned().unwrap_or_default();
                // Public settings can carry commands and credentials: not collected.
                for e in &mut items {
                    if let Some(p) = e.get_mut("properties").and_then(Value::as_object_mut) {
                        p.remove("settings");
                        p.remove("protectedSettings");
                    }
                }
                Some(Value::Array(items))
            }
            Err(mut e) => {
                e.message = format!("virtual machine {name}: {}", e.message);
                cx.gap(sub, &region, &[VM], &e);
                incomplete = true;
                None
            }
        };
        let mut nic_docs = Vec::new();
        for nic in nics {
            match nic {
                Ok(doc) => nic_docs.push(doc),
                // A NIC that no longer exists is left out.
                Err(e) if e.status == Some(404) && e.code != GapCode::NotEnabled => {}
                Err(mut e) => {
                    e.message = format!("virtual machine {name}: {}", e.message);
                    cx.gap(sub, &region, &[VM], &e);
                    incomplete = true;
                }
            }
        }
        if let Some(map) = vm.as_object_mut() {
            if let Some(ext) = extensions {
                map.insert("extensions".into(), ext);
            }
            map.insert("networkInterfaces".into(), Value::Array(nic_docs));
        }
        if incomplete {
            tracing::debug!(vm = %name, "virtual machine collected without some sub-resources");
        }
        cx.emit(VM, sub, vm);
    });
    futures::future::join_all(work).await;
}
