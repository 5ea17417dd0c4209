//! OS Login is enabled in the project-wide instance metadata.

use splitline_plugin_sdk::kinds::gcp::ComputeProject;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCE-004",
        long_id: "gcp-gce-project-os-login-enabled",
        title: "Project-wide metadata enables OS Login (enable-oslogin=TRUE)",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ComputeProject::KIND_NAME],
        risk: "Without OS Login, SSH access is granted by public keys pasted into project or instance metadata: they are not tied to an IAM identity, survive the departure of their owner, and anyone who can edit metadata can add one for themselves on every VM of the project.",
        remediation: Remediation {
            text: "Set enable-oslogin=TRUE in the project metadata, grant roles/compute.osLogin or roles/compute.osAdminLogin to those who need SSH, and remove instance-level enable-oslogin=FALSE overrides. Enforce with the organization policy constraints/compute.requireOsLogin.",
            cli: Some("gcloud compute project-info add-metadata --metadata enable-oslogin=TRUE"),
            terraform: Some("resource \"google_compute_project_metadata_item\" \"oslogin\" {\n  key   = \"enable-oslogin\"\n  value = \"TRUE\"\n}"),
        },
        references: &["https://cloud.google.com/compute/docs/oslogin/set-up-oslogin"],
        compliance: &[compliance("cis-gcp-3.0.0", "4.4"), compliance("nist-csf-2.0", "PR.AA-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, p) in e.each::<ComputeProject>() {
        let value = p.common_instance_metadata.as_ref().and_then(|m| m.get("enable-oslogin").map(str::to_string));
        let on = p.common_instance_metadata.as_ref().and_then(|m| m.flag("enable-oslogin")) == Some(true);
        if on {
            e.pass(r, format!("Project {} enables OS Login in its project-wide metadata.", p.name))
                .evidence("commonInstanceMetadata.items[enable-oslogin]", value.unwrap_or_default());
        } else {
            e.fail(r, format!("Project {} does not enable OS Login in its project-wide metadata, so SSH access rests on metadata keys.", p.name))
                .evidence("commonInstanceMetadata.items[enable-oslogin]", value.unwrap_or_else(|| "absent".into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use splitline_plugin_sdk::Status;
    use splitline_plugin_sdk::testing::Fixture;

    const KIND: &str = "gcp.compute.project";

    fn project(items: serde_json::Value) -> serde_json::Value {
        json!({"name": "acme-prod-4821", "commonInstanceMetadata": {"items": items}})
    }

    #[test]
    fn true_passes_false_or_absent_fails() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "p/on", project(json!([{"key": "enable-oslogin", "value": "TRUE"}])))
            .resource(KIND, "p/on-lower", project(json!([{"key": "enable-oslogin", "value": "true"}])))
            .resource(KIND, "p/off", project(json!([{"key": "enable-oslogin", "value": "FALSE"}])))
            .resource(KIND, "p/other", project(json!([{"key": "ssh-keys", "value": "alice:ssh-ed25519 AAAA alice"}])))
            .resource(KIND, "p/empty", json!({"name": "empty"}))
            .run(&super::CHECK);
        out.assert_status("p/on", Status::Pass);
        out.assert_status("p/on-lower", Status::Pass);
        let f = out.assert_status("p/off", Status::Fail);
        assert_eq!(f.evidence[0].value, "FALSE");
        out.assert_status("p/other", Status::Fail);
        let f = out.assert_status("p/empty", Status::Fail);
        assert_eq!(f.evidence[0].value, "absent");
    }
}
