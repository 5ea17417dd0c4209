//! OS Login is in effect on every instance (project setting not overridden).

use splitline_plugin_sdk::kinds::gcp::ComputeInstance;
use splitline_plugin_sdk::prelude::*;

use crate::metadata::{self, Source};

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCE-005",
        long_id: "gcp-gce-instance-os-login-effective",
        title: "OS Login is in effect on the Compute Engine instance (not disabled by instance metadata)",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ComputeInstance::KIND_NAME, kinds::gcp::ComputeProject::KIND_NAME],
        risk: "An instance that sets enable-oslogin=FALSE, or inherits no OS Login setting, accepts SSH keys from metadata: they are not tied to an IAM identity and are not revoked when the person leaves.",
        remediation: Remediation {
            text: "Remove enable-oslogin=FALSE from the instance metadata and enable OS Login in the project metadata (or set enable-oslogin=TRUE on the instance).",
            cli: Some("gcloud compute instances remove-metadata INSTANCE --zone=ZONE --keys=enable-oslogin"),
            terraform: Some("resource \"google_compute_instance\" \"this\" {\n  # ...\n  metadata = {\n    enable-oslogin = \"TRUE\"\n  }\n}"),
        },
        references: &["https://cloud.google.com/compute/docs/oslogin/set-up-oslogin"],
        compliance: &[compliance("cis-gcp-3.0.0", "4.4"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    let project = metadata::project(e);
    for (r, vm) in e.each::<ComputeInstance>() {
        if vm.is_gke_node() {
            e.not_applicable(r, format!("Compute Engine instance {} is a GKE node, which CIS excludes from OS Login.", vm.name));
            continue;
        }
        let (on, source) = metadata::effective_flag(&vm, project.as_ref(), "enable-oslogin", false);
        let property = source.property("enable-oslogin");
        match (on, source) {
            (true, Source::Instance) => {
                e.pass(r, format!("Compute Engine instance {} enables OS Login in its own metadata.", vm.name)).evidence(property, "TRUE");
            }
            (true, _) => {
                e.pass(r, format!("Compute Engine instance {} inherits OS Login from the project metadata.", vm.name)).evidence(property, "TRUE");
            }
            (false, Source::Instance) => {
                e.fail(r, format!("Compute Engine instance {} disables OS Login in its own metadata.", vm.name)).evidence(property, "FALSE");
            }
            (false, Source::Project) => {
                e.fail(r, format!("Compute Engine instance {} inherits enable-oslogin=FALSE from the project metadata.", vm.name)).evidence(property, "FALSE");
            }
            (false, Source::Default) => {
                let why = if project.is_some() { "neither the instance nor the project metadata enables it" } else { "its metadata does not enable it and no project metadata was collected" };
                e.fail(r, format!("Compute Engine instance {} does not use OS Login: {why}.", vm.name)).evidence(property, "absent");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.compute.instance";

    fn vm(name: &str, value: Option<&str>) -> serde_json::Value {
        match value {
            Some(v) => json!({"name": name, "metadata": {"items": [{"key": "enable-oslogin", "value": v}]}}),
            None => json!({"name": name}),
        }
    }

    fn project(value: &str) -> serde_json::Value {
        json!({"name": "acme-prod-4821", "commonInstanceMetadata": {"items": [{"key": "enable-oslogin", "value": value}]}})
    }

    #[test]
    fn project_setting_is_inherited_unless_overridden() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource("gcp.compute.project", "p", project("TRUE"))
            .resource(KIND, "vm/inherits", vm("inherits", None))
            .resource(KIND, "vm/override", vm("override", Some("FALSE")))
            .resource(KIND, "vm/own", vm("own", Some("TRUE")))
            .run(&super::CHECK);
        let f = out.assert_status("vm/inherits", Status::Pass);
        assert!(f.message.contains("inherits OS Login"), "{}", f.message);
        let f = out.assert_status("vm/override", Status::Fail);
        assert_eq!(f.message, "Compute Engine instance override disables OS Login in its own metadata.");
        out.assert_status("vm/own", Status::Pass);
    }

    #[test]
    fn nothing_set_anywhere_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "vm/plain", vm("plain", None))
            .resource(KIND, "vm/own", vm("own", Some("1")))
            .run(&super::CHECK);
        let f = out.assert_status("vm/plain", Status::Fail);
        assert!(f.message.contains("no project metadata was collected"), "{}", f.message);
        out.assert_status("vm/own", Status::Pass);

        let out = Fixture::new("gcp", "acme-prod")
            .resource("gcp.compute.project", "p", project("FALSE"))
            .resource(KIND, "vm/plain", vm("plain", None))
            .run(&super::CHECK);
        let f = out.assert_status("vm/plain", Status::Fail);
        assert!(f.message.contains("from the project metadata"), "{}", f.message);
    }
}
