//! Resource Manager: project discovery (`projects.search`, or `projects.list`
//! and `folders.list` under an organization or folder), the project
//! resource merged with its Essential Contacts, and the project IAM policy.

use serde_json::{Value, json};
use splitline_collect::Operation;

use crate::client::{Api, CallError, labels};
use crate::cx::Cx;

pub const PROJECT: &str = "gcp.resourcemanager.project";
pub const IAM_POLICY: &str = "gcp.resourcemanager.project-iam-policy";
pub const KINDS: &[&str] = &[PROJECT, IAM_POLICY];

const CRM: &str = "https://cloudresourcemanager.googleapis.com";

pub const SEARCH: Operation = Operation {
    service: "cloudresourcemanager",
    name: "projects.search",
    permission: "resourcemanager.projects.get",
    kinds: &[],
};
pub const GET: Operation = Operation {
    service: "cloudresourcemanager",
    name: "projects.get",
    permission: "resourcemanager.projects.get",
    kinds: &[],
};
pub const GET_IAM_POLICY: Operation = Operation {
    service: "cloudresourcemanager",
    name: "projects.getIamPolicy",
    permission: "resourcemanager.projects.getIamPolicy",
    kinds: &[IAM_POLICY],
};
pub const CONTACTS_COMPUTE: Operation = Operation {
    service: "essentialcontacts",
    name: "projects.contacts.compute",
    permission: "essentialcontacts.contacts.list",
    kinds: &[PROJECT],
};

/// `projects.list` under an organization or folder (`--gcp-organization`, `--gcp-folder`).
pub const LIST: Operation = Operation {
    service: "cloudresourcemanager",
    name: "projects.list",
    permission: "resourcemanager.projects.list",
    kinds: &[],
};
/// `folders.list` under an organization or folder, to walk the hierarchy.
pub const FOLDERS_LIST: Operation = Operation {
    service: "cloudresourcemanager",
    name: "folders.list",
    permission: "resourcemanager.folders.list",
    kinds: &[],
};

pub const OPS: &[Operation] = &[SEARCH, GET, LIST, FOLDERS_LIST, GET_IAM_POLICY, CONTACTS_COMPUTE];

/// Every active project the identity can see (`projects.search`, v3).
pub async fn search(api: &Api) -> Result<Vec<Value>, CallError> {
    api.list(&SEARCH, "all projects", &format!("{CRM}/v3/projects:search"), &[("query", "state:ACTIVE")], "projects")
        .await
}

/// The projects directly under `parent` (`organizations/N` or `folders/N`),
/// `DELETE_REQUESTED` ones included so that they can be reported as skipped
/// (`projects.list`, v3, all pages).
pub async fn list_under(api: &Api, parent: &str) -> Result<Vec<Value>, CallError> {
    api.list(&LIST, parent, &format!("{CRM}/v3/projects"), &[("parent", parent), ("showDeleted", "true")], "projects")
        .await
}

/// The active folders directly under `parent` (`folders.list`, v3, all pages).
pub async fn folders_under(api: &Api, parent: &str) -> Result<Vec<Value>, CallError> {
    api.list(&FOLDERS_LIST, parent, &format!("{CRM}/v3/folders"), &[("parent", parent)], "folders").await
}

/// One project by id (`projects.get`, v3).
pub async fn get(api: &Api, project_id: &str) -> Result<Value, CallError> {
    api.get(&GET, project_id, &format!("{CRM}/v3/projects/{project_id}"), &[]).await
}

pub async fn collect(cx: Cx) {
    let (a, b) = tokio::join!(project(&cx), iam_policy(&cx));
    let _ = (a, b);
}

async fn project(cx: &Cx) {
    if !cx.wants(PROJECT) {
        return;
    }
    let Some(mut doc) = cx.project.resource.clone() else {
        // The project could not be read (it was named on the command line
        // and `projects.get` failed): discovery already recorded the gap.
        return;
    };
    let pid = cx.pid();
    let url = format!("https://essentialcontacts.googleapis.com/v1/projects/{pid}/contacts:compute");
    match cx.api.list(&CONTACTS_COMPUTE, pid, &url, &[("notificationCategories", "ALL")], "contacts").await {
        Ok(contacts) => doc["essentialContacts"] = Value::Array(contacts),
        // Emitted without `essentialContacts`: absent is not "nobody", and the gap makes
        // every check of the kind report an error for the project.
        Err(e) => cx.gap(&[PROJECT], "global", &e),
    }
    let name = doc["name"].as_str().unwrap_or_default().to_string();
    let id = format!(
        "//cloudresourcemanager.googleapis.com/{}",
        if name.is_empty() { format!("projects/{pid}") } else { name }
    );
    cx.emit(PROJECT, id, "global".into(), pid.to_string(), labels(&doc["labels"]), doc);
}

async fn iam_policy(cx: &Cx) {
    if !cx.wants(IAM_POLICY) {
        return;
    }
    let pid = cx.pid();
    let url = format!("{CRM}/v1/projects/{pid}:getIamPolicy");
    match cx.api.post_read(&GET_IAM_POLICY, pid, &url, json!({"options": {"requestedPolicyVersion": 3}})).await {
        Ok(policy) => cx.emit(
            IAM_POLICY,
            format!("//cloudresourcemanager.googleapis.com/projects/{pid}/iamPolicy"),
            "global".into(),
            format!("{pid} IAM policy"),
            Default::default(),
            policy,
        ),
        Err(e) => cx.gap(&[IAM_POLICY], "global", &e),
    }
}
