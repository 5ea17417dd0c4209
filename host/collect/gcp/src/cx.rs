//! What every service task of one project gets: the client, the request
//! and the project, with helpers to emit resources and gaps.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;

use serde_json::Value;
use splitline_collect::{Request, Resource};

use crate::client::{Api, CallError};

/// One project being collected.
#[derive(Clone, Debug)]
pub struct Project {
    /// `projectId` (the inventory's account id).
    pub id: String,
    /// The Resource Manager v3 `Project` resource, when known.
    pub resource: Option<Value>,
}

/// A service task's context. Cheap to clone.
#[derive(Clone)]
pub struct Cx {
    pub api: Api,
    pub req: Arc<Request>,
    pub project: Arc<Project>,
}

impl Cx {
    pub fn pid(&self) -> &str {
        &self.project.id
    }

    pub fn wants(&self, kind: &str) -> bool {
        self.req.wants(kind)
    }

    /// Emits one resource of this project.
    pub fn emit(
        &self,
        kind: &str,
        id: String,
        region: String,
        name: String,
        tags: BTreeMap<String, String>,
        config: Value,
    ) {
        self.api.sink.resource(Resource {
            kind: kind.to_string(),
            id,
            account: self.project.id.clone(),
            region,
            name,
            tags,
            config,
        });
    }

    /// A gap for each requested kind of `kinds` in `region`.
    pub fn gap(&self, kinds: &[&str], region: &str, err: &CallError) {
        for kind in kinds.iter().filter(|k| self.wants(k)) {
            self.api.sink.gap(&self.project.id, region, kind, err.code, err.reason.clone());
        }
    }
}

/// Runs `futs` concurrently (each call still holds a limiter permit) and
/// returns their outputs in order.
pub async fn join_all<T, F>(futs: Vec<F>) -> Vec<T>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    let mut set = tokio::task::JoinSet::new();
    let n = futs.len();
    for (i, f) in futs.into_iter().enumerate() {
        set.spawn(async move { (i, f.await) });
    }
    let mut out: Vec<Option<T>> = (0..n).map(|_| None).collect();
    while let Some(r) = set.join_next().await {
        match r {
            Ok((i, v)) => out[i] = Some(v),
            Err(e) => tracing::error!("a Google Cloud collection task failed: {e}"),
        }
    }
    out.into_iter().flatten().collect()
}
