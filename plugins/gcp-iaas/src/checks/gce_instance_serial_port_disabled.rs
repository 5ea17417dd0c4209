//! Interactive serial console access is not enabled on instances.

use splitline_plugin_sdk::kinds::gcp::ComputeInstance;
use splitline_plugin_sdk::prelude::*;

use crate::metadata::{self, Source};

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCE-006",
        long_id: "gcp-gce-instance-serial-port-disabled",
        title: "Compute Engine instance does not enable connecting to serial ports",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::Network,
        resource_kinds: &[ComputeInstance::KIND_NAME, kinds::gcp::ComputeProject::KIND_NAME],
        risk: "The interactive serial console is reachable from any IP address (firewall rules do not apply to it): anyone with a valid SSH key for the project and the instance's name and zone gets a console, which also bypasses network-level controls and, on many images, offers a login prompt.",
        remediation: Remediation {
            text: "Set serial-port-enable=FALSE on the instance (and remove it from the project metadata); enforce with the organization policy constraints/compute.disableSerialPortAccess.",
            cli: Some("gcloud compute instances add-metadata INSTANCE --zone=ZONE --metadata=serial-port-enable=FALSE"),
            terraform: Some("resource \"google_compute_instance\" \"this\" {\n  # ...\n  metadata = {\n    serial-port-enable = \"FALSE\"\n  }\n}"),
        },
        references: &["https://cloud.google.com/compute/docs/troubleshooting/troubleshooting-using-serial-console"],
        compliance: &[compliance("cis-gcp-3.0.0", "4.5"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    let project = metadata::project(e);
    for (r, vm) in e.each::<ComputeInstance>() {
        let (on, source) = metadata::effective_flag(&vm, project.as_ref(), "serial-port-enable", false);
        let property = source.property("serial-port-enable");
        match (on, source) {
            (true, Source::Project) => {
                e.fail(r, format!("Compute Engine instance {} inherits serial port access (serial-port-enable) from the project metadata.", vm.name)).evidence(property, "TRUE");
            }
            (true, _) => {
                e.fail(r, format!("Compute Engine instance {} enables connecting to its serial ports.", vm.name)).evidence(property, "TRUE");
            }
            (false, Source::Default) => {
                e.pass(r, format!("Compute Engine instance {} does not enable serial port access.", vm.name));
            }
            (false, _) => {
                e.pass(r, format!("Compute Engine instance {} disables serial port access.", vm.name)).evidence(property, "FALSE");
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

    fn vm(name: &str, items: serde_json::Value) -> serde_json::Value {
        json!({"name": name, "metadata": {"items": items}})
    }

    #[test]
    fn enabled_fails_default_or_disabled_passes() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "vm/on", vm("on", json!([{"key": "serial-port-enable", "value": "1"}])))
            .resource(KIND, "vm/true", vm("true", json!([{"key": "serial-port-enable", "value": "true"}])))
            .resource(KIND, "vm/off", vm("off", json!([{"key": "serial-port-enable", "value": "0"}])))
            .resource(KIND, "vm/unset", vm("unset", json!([])))
            .resource(KIND, "vm/no-metadata", json!({"name": "no-metadata"}))
            .run(&super::CHECK);
        let f = out.assert_status("vm/on", Status::Fail);
        assert_eq!(f.message, "Compute Engine instance on enables connecting to its serial ports.");
        out.assert_status("vm/true", Status::Fail);
        out.assert_status("vm/off", Status::Pass);
        out.assert_status("vm/unset", Status::Pass);
        out.assert_status("vm/no-metadata", Status::Pass);
    }

    #[test]
    fn project_wide_setting_applies_unless_overridden() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource("gcp.compute.project", "p", json!({"name": "p", "commonInstanceMetadata": {"items": [{"key": "serial-port-enable", "value": "TRUE"}]}}))
            .resource(KIND, "vm/inherits", json!({"name": "inherits"}))
            .resource(KIND, "vm/overrides", vm("overrides", json!([{"key": "serial-port-enable", "value": "FALSE"}])))
            .run(&super::CHECK);
        let f = out.assert_status("vm/inherits", Status::Fail);
        assert!(f.message.contains("project metadata"), "{}", f.message);
        out.assert_status("vm/overrides", Status::Pass);
    }
}
