//! Which projects to collect:
//!
//! - named (`--project`): each read with `projects.get` (one that cannot be
//!   read is still collected, with a gap for its project kind);
//! - under organizations and folders (`--gcp-organization`, `--gcp-folder`):
//!   `projects.list` and `folders.list` (v3, all pages) under each, then under
//!   each active folder found, level by level: every project of the subtree;
//! - otherwise every active project the identity can see (`projects.search`).
//!
//! Found but not collected (a [`Target`] with `skipped` set, and a warning):
//! projects whose `state` is not `ACTIVE` (`DELETE_REQUESTED`: pending
//! deletion). A folder below a named organization or folder whose listing
//! fails is a coverage gap (account `folders/N`, kind
//! `gcp.resourcemanager.project`): the scan goes on and ends incomplete. A
//! named organization or folder that cannot be listed is an error naming it.

use std::collections::HashSet;

use serde_json::Value;
use splitline_collect::{CollectError, GapCode};

use crate::client::{Api, CallError};
use crate::resourcemanager;

/// An organization or folder on a project's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ancestor {
    /// `organizations/N` or `folders/N`.
    pub id: String,
    /// The folder's `displayName` (the organization or folder named on the
    /// command line has none: only what is below it is listed).
    pub name: Option<String>,
}

/// One project discovery found.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// `projectId`: the inventory's account id.
    pub id: String,
    /// `displayName`.
    pub name: Option<String>,
    /// `state`: `ACTIVE`, `DELETE_REQUESTED`.
    pub state: Option<String>,
    /// From the organization or folder named on the command line down to the
    /// project's direct parent; with `projects.search` or `--project`, the
    /// direct parent only (when known).
    pub path: Vec<Ancestor>,
    /// Why it is not collected; `None`: it is.
    pub skipped: Option<String>,
    /// The Resource Manager v3 `Project`, when it was read.
    pub document: Option<Value>,
}

impl Target {
    fn from_document(id: String, doc: Value, path: Vec<Ancestor>) -> Target {
        let state = doc["state"].as_str().map(str::to_string);
        let skipped = match state.as_deref() {
            None | Some("ACTIVE") => None,
            Some("DELETE_REQUESTED") => {
                Some("its state is DELETE_REQUESTED (pending deletion); only ACTIVE projects are collected".into())
            }
            Some(other) => Some(format!("its state is {other}; only ACTIVE projects are collected")),
        };
        Target { id, name: doc["displayName"].as_str().map(str::to_string), state, path, skipped, document: Some(doc) }
    }
}

/// The direct parent of a project as a one-element path.
fn parent_path(doc: &Value) -> Vec<Ancestor> {
    doc["parent"]
        .as_str()
        .filter(|p| !p.is_empty())
        .map(|p| vec![Ancestor { id: p.to_string(), name: None }])
        .unwrap_or_default()
}

fn fatal(message: impl Into<String>) -> CollectError {
    CollectError::Fatal { provider: "gcp", message: message.into() }
}

/// `123` or `organizations/123` → `organizations/123` (and the same for folders).
pub fn parent_name(collection: &str, id: &str) -> Result<String, CollectError> {
    let id = id.trim();
    let number = id.strip_prefix(&format!("{collection}/")).unwrap_or(id);
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        let what = if collection == "organizations" { "an organization" } else { "a folder" };
        return Err(fatal(format!(
            "`{id}` is not {what} id: give its number (`{collection}/NUMBER` or `NUMBER`, as `gcloud {}` shows it)",
            lister(collection)
        )));
    }
    Ok(format!("{collection}/{number}"))
}

fn lister(collection: &str) -> &'static str {
    if collection == "organizations" { "organizations list" } else { "resource-manager folders list" }
}

/// The named projects, as `projects.get` returns them.
/// A project that cannot be read is a gap for its project kind when
/// `gap_kind` (the kind is requested).
pub async fn named(api: &Api, projects: &[String], gap_kind: bool) -> Vec<Target> {
    let mut out = Vec::new();
    for id in projects {
        match resourcemanager::get(api, id).await {
            Ok(doc) => {
                let pid = doc["projectId"].as_str().unwrap_or(id).to_string();
                let path = parent_path(&doc);
                // Named: collected whatever its state, as before.
                let mut t = Target::from_document(pid, doc, path);
                t.skipped = None;
                out.push(t);
            }
            Err(e) => {
                if gap_kind {
                    api.sink.gap(id, "global", resourcemanager::PROJECT, e.code, e.reason);
                }
                out.push(Target {
                    id: id.clone(),
                    name: None,
                    state: None,
                    path: Vec::new(),
                    skipped: None,
                    document: None,
                });
            }
        }
    }
    out
}

/// Every active project `projects.search` returns.
pub async fn searched(api: &Api) -> Result<Vec<Target>, CollectError> {
    let found = resourcemanager::search(api).await.map_err(|e| {
        fatal(format!(
            "cannot list the projects this identity can see: {}. Name projects explicitly to skip discovery",
            e.reason
        ))
    })?;
    Ok(found
        .into_iter()
        .filter_map(|doc| {
            let id = doc["projectId"].as_str()?.to_string();
            let path = parent_path(&doc);
            Some(Target::from_document(id, doc, path))
        })
        .collect())
}

/// Every project under `roots` (`organizations/N`, `folders/N`), in
/// breadth-first order, each once.
pub async fn under(api: &Api, roots: &[String]) -> Result<Vec<Target>, CollectError> {
    let mut out = Vec::new();
    let mut seen_projects = HashSet::new();
    let mut seen_folders = HashSet::new();
    for root in roots {
        let mut level = vec![(root.clone(), vec![Ancestor { id: root.clone(), name: None }])];
        while !level.is_empty() {
            let lists = level.iter().map(|(parent, _)| {
                let (api, parent) = (api.clone(), parent.clone());
                async move {
                    let (projects, folders) = tokio::join!(
                        resourcemanager::list_under(&api, &parent),
                        resourcemanager::folders_under(&api, &parent)
                    );
                    (projects, folders)
                }
            });
            let answers = crate::cx::join_all(lists.collect()).await;
            let mut next = Vec::new();
            for ((parent, path), (projects, folders)) in level.into_iter().zip(answers) {
                let is_root = &parent == root;
                let projects = match projects {
                    Ok(p) => p,
                    Err(e) if is_root => return Err(root_error(root, &e)),
                    Err(e) => {
                        folder_gap(api, &parent, &e);
                        Vec::new()
                    }
                };
                let folders = match folders {
                    Ok(f) => f,
                    Err(e) if is_root => return Err(root_error(root, &e)),
                    Err(e) => {
                        folder_gap(api, &parent, &e);
                        Vec::new()
                    }
                };
                for doc in projects {
                    let Some(id) = doc["projectId"].as_str().map(str::to_string) else { continue };
                    if seen_projects.insert(id.clone()) {
                        out.push(Target::from_document(id, doc, path.clone()));
                    }
                }
                for folder in folders {
                    let Some(name) = folder["name"].as_str().filter(|n| n.starts_with("folders/")) else { continue };
                    let active = folder["state"].as_str().is_none_or(|s| s == "ACTIVE");
                    if !active || !seen_folders.insert(name.to_string()) {
                        continue;
                    }
                    let mut below = path.clone();
                    below.push(Ancestor {
                        id: name.to_string(),
                        name: folder["displayName"].as_str().map(str::to_string),
                    });
                    next.push((name.to_string(), below));
                }
            }
            level = next;
        }
    }
    Ok(out)
}

fn folder_gap(api: &Api, folder: &str, e: &CallError) {
    tracing::warn!(folder, reason = %e.reason, "a Google Cloud folder could not be listed: its projects are not collected");
    api.sink.gap(
        folder,
        "global",
        resourcemanager::PROJECT,
        e.code,
        format!("the projects under {folder} could not be listed, so none of them is collected: {}", e.reason),
    );
}

/// A named organization or folder that cannot be listed, as a sentence naming it.
fn root_error(root: &str, e: &CallError) -> CollectError {
    let (collection, number) = root.split_once('/').unwrap_or(("", root));
    let what = if collection == "organizations" { "organization" } else { "folder" };
    match (e.code, e.status) {
        (_, Some(404)) => fatal(format!(
            "{what} {number} was not found ({root}): check the id (`gcloud {}`). {}",
            lister(collection),
            e.reason
        )),
        (GapCode::AccessDenied, _) => fatal(format!(
            "the identity cannot list the projects and folders of {what} {number}: it needs \
             resourcemanager.projects.list and resourcemanager.folders.list on {root} (the role `splitline \
             permissions gcp` prints, created with --organization, or roles/browser, granted on the {what}). \
             Google answers the same for an id that does not exist, so check the id too. {}",
            e.reason
        )),
        _ => fatal(format!("cannot list the projects of {what} {number} ({root}): {}", e.reason)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parents_are_numbers_with_or_without_their_collection() {
        assert_eq!(parent_name("organizations", "123").unwrap(), "organizations/123");
        assert_eq!(parent_name("folders", " folders/45 ").unwrap(), "folders/45");
        let e = parent_name("folders", "organizations/1").unwrap_err().to_string();
        assert!(e.contains("is not a folder id"), "{e}");
        assert!(parent_name("organizations", "acme.com").is_err());
        assert!(parent_name("organizations", "").is_err());
    }

    #[test]
    fn only_active_projects_are_collected() {
        let t = Target::from_document("p".into(), json!({"state": "DELETE_REQUESTED"}), vec![]);
        assert!(t.skipped.unwrap().contains("pending deletion"));
        assert!(Target::from_document("p".into(), json!({"state": "ACTIVE"}), vec![]).skipped.is_none());
        assert!(Target::from_document("p".into(), json!({"state": "STATE_UNSPECIFIED"}), vec![]).skipped.is_some());
        let t = Target::from_document("p".into(), json!({"parent": "folders/9", "displayName": "P"}), vec![]);
        assert!(t.skipped.is_none());
        assert_eq!(t.name.as_deref(), Some("P"));
        assert_eq!(parent_path(&json!({"parent": "folders/9"}))[0].id, "folders/9");
    }
}
