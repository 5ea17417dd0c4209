//! Resources as a check sees them: stable fields plus the provider's
//! configuration document, with typed access per resource kind.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;

/// One collected cloud resource.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// `provider.service.type`, e.g. `aws.s3.bucket`.
    pub kind: String,
    /// Globally unique id (ARN, Azure resource id, GCP self link).
    pub id: String,
    /// AWS account id, Azure subscription id or GCP project id.
    pub account: String,
    /// Region or location; `global` for global resources.
    pub region: String,
    pub name: String,
    pub tags: BTreeMap<String, String>,
    /// The provider's configuration document, in the provider API's field names.
    pub config: serde_json::Value,
}

impl Resource {
    /// The configuration as the typed model of its kind.
    pub fn typed<T: Kind>(&self) -> Result<T, String> {
        if self.kind != T::KIND {
            return Err(format!("resource {} is of kind {}, not {}", self.id, self.kind, T::KIND));
        }
        T::deserialize(&self.config)
            .map_err(|e| format!("configuration of {} {} does not match the documented shape: {e}", T::KIND, self.id))
    }

    /// A tag's value, if set.
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags.get(key).map(String::as_str)
    }
}

/// A typed model of one resource kind's configuration document.
///
/// Every kind the host collects has one, in [`crate::kinds`]. Models are
/// lenient: fields the provider did not return deserialize as `None`.
pub trait Kind: DeserializeOwned {
    /// The kind string, e.g. `aws.s3.bucket`.
    const KIND: &'static str;
}

/// All resources of one account that a plugin asked for.
#[derive(Clone, Debug, Default)]
pub struct Inventory {
    resources: Vec<Resource>,
}

impl Inventory {
    pub fn new(resources: Vec<Resource>) -> Self {
        Self { resources }
    }

    /// Every resource, in the order the host delivered them.
    pub fn all(&self) -> &[Resource] {
        &self.resources
    }

    /// Resources of one kind.
    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Resource> + 'a {
        self.resources.iter().filter(move |r| r.kind == kind)
    }

    /// Looks a resource up by id.
    pub fn get(&self, id: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.id == id)
    }

    /// The first resource of a kind whose typed config satisfies `pred`.
    pub fn find<T: Kind>(&self, mut pred: impl FnMut(&Resource, &T) -> bool) -> Option<(&Resource, T)> {
        self.of_kind(T::KIND).filter_map(|r| r.typed::<T>().ok().map(|t| (r, t))).find(|(r, t)| pred(r, t))
    }

    /// The single resource of an account-level kind (e.g. the account's
    /// S3 public access block), if collected.
    pub fn singleton<T: Kind>(&self) -> Option<(&Resource, T)> {
        self.find::<T>(|_, _| true)
    }
}
