//! Instances block project-wide SSH keys (or use OS Login, which ignores metadata keys).

use splitline_plugin_sdk::kinds::gcp::ComputeInstance;
use splitline_plugin_sdk::prelude::*;

use crate::metadata;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCE-009",
        long_id: "gcp-gce-instance-block-project-ssh-keys",
        title: "Compute Engine instance blocks project-wide SSH keys",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ComputeInstance::KIND_NAME, kinds::gcp::ComputeProject::KIND_NAME],
        risk: "A key in the project-wide ssh-keys metadata opens every instance that does not block it: one leaked or forgotten key, or one person allowed to edit project metadata, reaches all VMs of the project at once.",
        remediation: Remediation {
            text: "Set block-project-ssh-keys=TRUE on the instance, or enable OS Login (which ignores metadata SSH keys altogether).",
            cli: Some("gcloud compute instances add-metadata INSTANCE --zone=ZONE --metadata block-project-ssh-keys=TRUE"),
            terraform: Some("resource \"google_compute_instance\" \"this\" {\n  # ...\n  metadata = {\n    block-project-ssh-keys = \"TRUE\"\n  }\n}"),
        },
        references: &["https://cloud.google.com/compute/docs/connect/restrict-ssh-keys#block-keys"],
        compliance: &[compliance("cis-gcp-3.0.0", "4.3"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    let project = metadata::project(e);
    for (r, vm) in e.each::<ComputeInstance>() {
        let blocked = vm.metadata.as_ref().and_then(|m| m.flag("block-project-ssh-keys")) == Some(true);
        let (oslogin, _) = metadata::effective_flag(&vm, project.as_ref(), "enable-oslogin", false);
        if blocked {
            e.pass(r, format!("Compute Engine instance {} blocks project-wide SSH keys.", vm.name)).evidence("metadata.items[block-project-ssh-keys]", "TRUE");
        } else if oslogin {
            e.pass(r, format!("Compute Engine instance {} uses OS Login, which ignores project-wide SSH keys in metadata.", vm.name))
                .evidence("enable-oslogin", "TRUE");
        } else {
            e.fail(r, format!("Compute Engine instance {} accepts project-wide SSH keys.", vm.name))
                .evidence("metadata.items[block-project-ssh-keys]", vm.metadata.as_ref().and_then(|m| m.get("block-project-ssh-keys")).unwrap_or("absent"));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.compute.instance";

    fn vm(name: &str, items: serde_json::Value) -> serde_json::Value {
        json!({"name": name, "metadata": {"items": items}})
    }

    #[test]
    fn blocking_or_os_login_passes() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "vm/blocked", vm("blocked", json!([{"key": "block-project-ssh-keys", "value": "TRUE"}])))
            .resource(KIND, "vm/open", vm("open", json!([{"key": "block-project-ssh-keys", "value": "FALSE"}])))
            .resource(KIND, "vm/unset", json!({"name": "unset"}))
            .resource(KIND, "vm/oslogin", vm("oslogin", json!([{"key": "enable-oslogin", "value": "TRUE"}])))
            .run(&super::CHECK);
        out.assert_status("vm/blocked", Status::Pass);
        let f = out.assert_status("vm/open", Status::Fail);
        assert_eq!(f.message, "Compute Engine instance open accepts project-wide SSH keys.");
        assert_eq!(f.evidence[0].value, "FALSE");
        let f = out.assert_status("vm/unset", Status::Fail);
        assert_eq!(f.evidence[0].value, "absent");
        out.assert_status("vm/oslogin", Status::Pass);
    }

    #[test]
    fn project_os_login_counts_unless_the_instance_turns_it_off() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource("gcp.compute.project", "p", json!({"name": "p", "commonInstanceMetadata": {"items": [{"key": "enable-oslogin", "value": "TRUE"}]}}))
            .resource(KIND, "vm/inherits", json!({"name": "inherits"}))
            .resource(KIND, "vm/opts-out", vm("opts-out", json!([{"key": "enable-oslogin", "value": "FALSE"}])))
            .run(&super::CHECK);
        out.assert_status("vm/inherits", Status::Pass);
        out.assert_status("vm/opts-out", Status::Fail);
    }
}
