//! Resources as a check sees them: stable fields plus the provider's
//! configuration document, with typed access per resource kind.

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

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
pub trait Kind: DeserializeOwned + Clone + 'static {
    /// The kind string, e.g. `aws.s3.bucket`.
    const KIND: &'static str;
}

/// Typed configurations of one kind: `(index into the inventory, parsed config or why not)`.
pub(crate) type TypedList<T> = Vec<(usize, Result<T, String>)>;

/// All resources of one account that a plugin asked for.
///
/// Typed configurations are parsed once per kind and evaluation, however
/// many checks read them.
#[derive(Clone, Debug, Default)]
pub struct Inventory {
    resources: Vec<Resource>,
    typed: RefCell<HashMap<TypeId, Rc<dyn Any>>>,
}

impl Inventory {
    pub fn new(resources: Vec<Resource>) -> Self {
        Self { resources, typed: RefCell::default() }
    }

    /// Every resource of kind `T` with its parsed configuration, parsed on
    /// first use and shared by every later caller.
    pub(crate) fn typed_all<T: Kind>(&self) -> Rc<TypedList<T>> {
        let id = TypeId::of::<T>();
        if let Some(cached) = self.typed.borrow().get(&id) {
            return cached.clone().downcast::<TypedList<T>>().expect("cache entries are keyed by their type");
        }
        let list: TypedList<T> = self
            .resources
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind == T::KIND)
            .map(|(i, r)| (i, r.typed::<T>()))
            .collect();
        let list = Rc::new(list);
        self.typed.borrow_mut().insert(id, list.clone() as Rc<dyn Any>);
        list
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
        let list = self.typed_all::<T>();
        list.iter().find_map(|(i, t)| match t {
            Ok(t) if pred(&self.resources[*i], t) => Some((&self.resources[*i], t.clone())),
            _ => None,
        })
    }

    /// The single resource of an account-level kind (e.g. the account's
    /// S3 public access block), if collected.
    pub fn singleton<T: Kind>(&self) -> Option<(&Resource, T)> {
        self.find::<T>(|_, _| true)
    }
}
