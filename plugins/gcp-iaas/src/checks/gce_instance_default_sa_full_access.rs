//! Compute Engine instances do not combine the default service account with the cloud-platform scope.

use splitline_plugin_sdk::kinds::gcp::{ComputeInstance, is_default_compute_sa};
use splitline_plugin_sdk::prelude::*;

const CLOUD_PLATFORM: &str = "https://www.googleapis.com/auth/cloud-platform";

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCE-003",
        long_id: "gcp-gce-instance-default-sa-full-api-access",
        title: "Compute Engine instance does not use the default service account with full access to all Cloud APIs",
        severity: Severity::High,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ComputeInstance::KIND_NAME],
        risk: "With the cloud-platform scope the access token on the metadata server carries every permission of the default service account, which by default is Editor on the project: one SSRF or code execution on the VM becomes write access to nearly every resource in the project.",
        remediation: Remediation {
            text: "Attach a dedicated least-privilege service account; if the default account must stay, replace the cloud-platform scope with the narrow scopes the workload needs.",
            cli: Some("gcloud compute instances set-service-account INSTANCE --zone=ZONE --service-account=app@PROJECT.iam.gserviceaccount.com --scopes=cloud-platform"),
            terraform: Some("resource \"google_compute_instance\" \"this\" {\n  # ...\n  service_account {\n    email  = google_service_account.app.email # not the default compute SA\n    scopes = [\"cloud-platform\"]\n  }\n}"),
        },
        references: &["https://cloud.google.com/compute/docs/access/service-accounts#accesscopesiam"],
        compliance: &[compliance("cis-gcp-3.0.0", "4.2"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<ComputeInstance>() {
        if vm.is_gke_node() {
            e.not_applicable(r, format!("Compute Engine instance {} is a GKE node; its identity is set on the node pool.", vm.name));
            continue;
        }
        let full = vm.service_accounts.iter().find(|sa| is_default_compute_sa(&sa.email) && sa.scopes.iter().any(|s| s == CLOUD_PLATFORM));
        match full {
            Some(sa) => {
                e.fail(r, format!("Compute Engine instance {} runs as the default service account {} with the cloud-platform scope (full access to all Cloud APIs).", vm.name, sa.email))
                    .evidence("serviceAccounts[].email", &sa.email)
                    .evidence("serviceAccounts[].scopes", CLOUD_PLATFORM);
            }
            None => {
                e.pass(r, format!("Compute Engine instance {} does not give the default service account full access to all Cloud APIs.", vm.name));
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
    const SA: &str = "482193047215-compute@developer.gserviceaccount.com";

    #[test]
    fn default_sa_with_cloud_platform_fails_only() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "vm/full", json!({"name": "full", "serviceAccounts": [{"email": SA, "scopes": ["https://www.googleapis.com/auth/cloud-platform"]}]}))
            .resource(KIND, "vm/narrow", json!({"name": "narrow", "serviceAccounts": [{"email": SA, "scopes": ["https://www.googleapis.com/auth/devstorage.read_only", "https://www.googleapis.com/auth/logging.write"]}]}))
            .resource(KIND, "vm/dedicated", json!({"name": "dedicated", "serviceAccounts": [{"email": "app@acme-prod-4821.iam.gserviceaccount.com", "scopes": ["https://www.googleapis.com/auth/cloud-platform"]}]}))
            .resource(KIND, "vm/none", json!({"name": "none"}))
            .run(&super::CHECK);
        let f = out.assert_status("vm/full", Status::Fail);
        assert!(f.message.contains("cloud-platform scope"), "{}", f.message);
        out.assert_status("vm/narrow", Status::Pass);
        out.assert_status("vm/dedicated", Status::Pass);
        out.assert_status("vm/none", Status::Pass);
    }
}
