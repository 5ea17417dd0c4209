//! `azure.sql.server`, merged with its firewall rules, auditing settings,
//! Entra administrators and databases (each with its TDE state).

use serde_json::Value;
use splitline_collect::Operation;

use crate::api_versions::SQL;
use crate::arm::{Cx, list_url, str_at, url_of};
use crate::error::CallError;
use crate::http::Plane;

pub const SERVER: &str = "azure.sql.server";
pub const KINDS: &[&str] = &[SERVER];

pub const OPS: &[Operation] = &[
    Operation { service: "Microsoft.Sql", name: "GET servers", permission: "Microsoft.Sql/servers/read", kinds: KINDS },
    Operation {
        service: "Microsoft.Sql",
        name: "GET servers/firewallRules",
        permission: "Microsoft.Sql/servers/firewallRules/read",
        kinds: KINDS,
    },
    Operation {
        service: "Microsoft.Sql",
        name: "GET servers/auditingSettings",
        permission: "Microsoft.Sql/servers/auditingSettings/read",
        kinds: KINDS,
    },
    Operation {
        service: "Microsoft.Sql",
        name: "GET servers/administrators",
        permission: "Microsoft.Sql/servers/administrators/read",
        kinds: KINDS,
    },
    Operation {
        service: "Microsoft.Sql",
        name: "GET servers/databases",
        permission: "Microsoft.Sql/servers/databases/read",
        kinds: KINDS,
    },
    Operation {
        service: "Microsoft.Sql",
        name: "GET databases/transparentDataEncryption",
        permission: "Microsoft.Sql/servers/databases/transparentDataEncryption/read",
        kinds: KINDS,
    },
];

pub async fn collect(cx: &Cx, sub: &str) {
    let url = list_url(sub, "Microsoft.Sql/servers", SQL);
    let servers = match cx.api.list(Plane::Arm, &OPS[0], sub, &url).await {
        Ok(s) => s,
        Err(e) => return cx.gap(sub, "global", KINDS, &e),
    };
    futures::future::join_all(servers.into_iter().map(|s| server(cx, sub, s))).await;
}

async fn server(cx: &Cx, sub: &str, mut doc: Value) {
    let id = str_at(&doc, "id").to_string();
    let name = str_at(&doc, "name").to_string();
    let region = crate::arm::normalise_region(str_at(&doc, "location"));
    let urls = [
        url_of(&id, "/firewallRules", SQL),
        url_of(&id, "/auditingSettings/default", SQL),
        url_of(&id, "/administrators", SQL),
    ];
    let firewall = cx.api.list(Plane::Arm, &OPS[1], sub, &urls[0]);
    let auditing = cx.api.get(Plane::Arm, &OPS[2], sub, &urls[1]);
    let admins = cx.api.list(Plane::Arm, &OPS[3], sub, &urls[2]);
    let databases = async {
        let dbs = cx.api.list(Plane::Arm, &OPS[4], sub, &url_of(&id, "/databases", SQL)).await?;
        let with_tde = dbs.into_iter().map(|mut db| async move {
            let url = url_of(str_at(&db, "id"), "/transparentDataEncryption/current", SQL);
            // Absent when the call fails for that database (a paused data
            // warehouse): the documented "unknown".
            if let Ok(tde) = cx.api.get(Plane::Arm, &OPS[5], sub, &url).await
                && let Some(map) = db.as_object_mut()
            {
                map.insert("transparentDataEncryption".into(), tde);
            }
            db
        });
        Ok::<_, CallError>(futures::future::join_all(with_tde).await)
    };
    let (firewall, auditing, admins, databases) = futures::join!(firewall, auditing, admins, databases);
    let mut put = |key: &str, r: Result<Value, CallError>| match r {
        Ok(v) => {
            if let Some(map) = doc.as_object_mut() {
                map.insert(key.to_string(), v);
            }
        }
        Err(mut e) => {
            e.message = format!("SQL server {name}: {}", e.message);
            cx.gap(sub, &region, KINDS, &e);
        }
    };
    put("firewallRules", firewall.map(Value::Array));
    put("auditingSettings", auditing);
    put("administrators", admins.map(Value::Array));
    put("databases", databases.map(Value::Array));
    cx.emit(SERVER, sub, doc);
}
