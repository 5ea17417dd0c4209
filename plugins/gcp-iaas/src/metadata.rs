//! Effective instance metadata: an instance's own `metadata.items` value
//! overrides the project's `commonInstanceMetadata` for the same key, as
//! the Compute Engine guest environment reads them.

use splitline_plugin_sdk::Eval;
use splitline_plugin_sdk::kinds::gcp::{ComputeInstance, ComputeProject};

/// Where an effective metadata value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Instance,
    Project,
    Default,
}

impl Source {
    /// The property path for evidence.
    pub fn property(self, key: &str) -> String {
        match self {
            Source::Instance => format!("metadata.items[{key}]"),
            Source::Project => format!("project commonInstanceMetadata.items[{key}]"),
            Source::Default => format!("metadata.items[{key}]"),
        }
    }
}

/// The account's Compute Engine project document, if collected.
pub fn project(e: &Eval) -> Option<ComputeProject> {
    e.inventory().singleton::<ComputeProject>().map(|(_, p)| p)
}

/// A boolean metadata key's effective value for an instance and where it
/// comes from; `(default, Source::Default)` when neither level sets it.
pub fn effective_flag(
    instance: &ComputeInstance,
    project: Option<&ComputeProject>,
    key: &str,
    default: bool,
) -> (bool, Source) {
    if let Some(v) = instance.metadata.as_ref().and_then(|m| m.flag(key)) {
        return (v, Source::Instance);
    }
    if let Some(v) = project.and_then(|p| p.common_instance_metadata.as_ref()).and_then(|m| m.flag(key)) {
        return (v, Source::Project);
    }
    (default, Source::Default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn instance_overrides_project() {
        let project: ComputeProject = serde_json::from_value(
            json!({"name": "p", "commonInstanceMetadata": {"items": [{"key": "enable-oslogin", "value": "TRUE"}]}}),
        )
        .unwrap();
        let plain: ComputeInstance = serde_json::from_value(json!({"name": "a"})).unwrap();
        let off: ComputeInstance = serde_json::from_value(
            json!({"name": "b", "metadata": {"items": [{"key": "enable-oslogin", "value": "false"}]}}),
        )
        .unwrap();
        assert_eq!(effective_flag(&plain, Some(&project), "enable-oslogin", false), (true, Source::Project));
        assert_eq!(effective_flag(&off, Some(&project), "enable-oslogin", false), (false, Source::Instance));
        assert_eq!(effective_flag(&plain, None, "enable-oslogin", false), (false, Source::Default));
    }
}
