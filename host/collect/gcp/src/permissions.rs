//! `splitline permissions gcp`: a custom role definition in the YAML form
//! `gcloud iam roles create ROLE --project P --file role.yaml` (or
//! `--organization`) takes, with exactly the registry's permissions.

use splitline_collect::{Operation, permissions_for};

/// The role for `kinds` (every kind when `None`), permissions sorted.
pub fn render(ops: &[Operation], kinds: Option<&[String]>) -> String {
    let perms = permissions_for(ops, kinds);
    let scope = match kinds {
        None => "every resource kind it collects".to_string(),
        Some(k) => {
            let mut k: Vec<&str> = k.iter().map(String::as_str).filter(|k| k.starts_with("gcp.")).collect();
            k.sort_unstable();
            k.dedup();
            if k.is_empty() { "project discovery only".to_string() } else { k.join(", ") }
        }
    };
    let mut out = String::new();
    out.push_str("# Custom role for splitline's Google Cloud collector (read-only).\n");
    out.push_str("# Create it:  gcloud iam roles create splitlineReader --project=PROJECT --file=role.yaml\n");
    out.push_str("#   (or --organization=ORG_ID), then grant it on each project, folder or organization to scan.\n");
    out.push_str("title: splitline reader\n");
    out.push_str(&format!(
        "description: Read-only access for splitline to collect {}. Only get, list and getIamPolicy permissions.\n",
        yaml_safe(&scope)
    ));
    out.push_str("stage: GA\n");
    out.push_str("includedPermissions:\n");
    for p in perms {
        out.push_str(&format!("- {p}\n"));
    }
    out
}

/// Keeps a plain YAML scalar plain: no `: ` or `#` sequences.
fn yaml_safe(s: &str) -> String {
    s.replace(": ", " - ").replace(" #", " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use splitline_collect::read_only_violations;

    #[test]
    fn the_role_holds_every_registry_permission_and_only_read_ones() {
        let ops = crate::operations();
        assert!(read_only_violations("gcp", ops).is_empty(), "{:?}", read_only_violations("gcp", ops));
        let role = render(ops, None);
        let listed: Vec<&str> = role.lines().filter_map(|l| l.strip_prefix("- ")).collect();
        let mut sorted = listed.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(listed, sorted, "sorted and unique");
        for op in ops {
            assert!(listed.contains(&op.permission), "{} missing from\n{role}", op.permission);
        }
        assert!(role.contains("\nstage: GA\n") && role.contains("\ntitle: splitline reader\n"), "{role}");
        for p in &listed {
            let verb = p.rsplit('.').next().unwrap();
            assert!(verb.starts_with("get") || verb.starts_with("list"), "{p}");
        }
    }

    #[test]
    fn the_role_follows_the_requested_kinds() {
        let role = render(crate::operations(), Some(&["gcp.storage.bucket".to_string()]));
        let listed: Vec<&str> = role.lines().filter_map(|l| l.strip_prefix("- ")).collect();
        assert_eq!(
            listed,
            [
                "resourcemanager.folders.list",
                "resourcemanager.projects.get",
                "resourcemanager.projects.list",
                "storage.buckets.getIamPolicy",
                "storage.buckets.list"
            ]
        );
    }
}
