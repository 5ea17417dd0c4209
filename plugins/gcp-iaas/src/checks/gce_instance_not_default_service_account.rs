//! Compute Engine instances do not run as the Compute Engine default service account.

use splitline_plugin_sdk::kinds::gcp::{ComputeInstance, is_default_compute_sa};
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCE-002",
        long_id: "gcp-gce-instance-not-default-service-account",
        title: "Compute Engine instance does not use the Compute Engine default service account",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::IdentityAccess,
        resource_kinds: &[ComputeInstance::KIND_NAME],
        risk: "The default service account is shared by every workload that does not choose another one and, unless the organization disabled the automatic grant, holds Editor on the project: code running on the VM (or anyone who compromises it) can read the metadata server's token and act on most of the project's resources.",
        remediation: Remediation {
            text: "Create a dedicated service account with only the roles the workload needs and attach it to the instance (stop, set-service-account, start). Enforce constraints/iam.automaticIamGrantsForDefaultServiceAccounts to stop the Editor grant.",
            cli: Some("gcloud compute instances set-service-account INSTANCE --zone=ZONE --service-account=app@PROJECT.iam.gserviceaccount.com --scopes=cloud-platform"),
            terraform: Some("resource \"google_compute_instance\" \"this\" {\n  # ...\n  service_account {\n    email  = google_service_account.app.email\n    scopes = [\"cloud-platform\"]\n  }\n}"),
        },
        references: &[
            "https://cloud.google.com/compute/docs/access/service-accounts#default_service_account",
            "https://cloud.google.com/compute/docs/access/create-enable-service-accounts-for-instances",
        ],
        compliance: &[compliance("cis-gcp-3.0.0", "4.1"), compliance("nist-csf-2.0", "PR.AA-05")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<ComputeInstance>() {
        if vm.is_gke_node() {
            e.not_applicable(r, format!("Compute Engine instance {} is a GKE node; its identity is set on the node pool.", vm.name));
            continue;
        }
        match vm.service_accounts.iter().find(|sa| is_default_compute_sa(&sa.email)) {
            Some(sa) => {
                e.fail(r, format!("Compute Engine instance {} runs as the Compute Engine default service account {}.", vm.name, sa.email))
                    .evidence("serviceAccounts[].email", &sa.email);
            }
            None if vm.service_accounts.is_empty() => {
                e.pass(r, format!("Compute Engine instance {} has no service account attached.", vm.name));
            }
            None => {
                let emails: Vec<&str> = vm.service_accounts.iter().map(|sa| sa.email.as_str()).collect();
                e.pass(r, format!("Compute Engine instance {} runs as {}, not the default service account.", vm.name, emails.join(", ")));
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

    #[test]
    fn default_account_fails_dedicated_or_none_passes() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "vm/default", json!({"name": "default", "serviceAccounts": [{"email": "482193047215-compute@developer.gserviceaccount.com", "scopes": []}]}))
            .resource(KIND, "vm/app", json!({"name": "app", "serviceAccounts": [{"email": "app@acme-prod-4821.iam.gserviceaccount.com"}]}))
            .resource(KIND, "vm/none", json!({"name": "none"}))
            .resource(KIND, "vm/lookalike", json!({"name": "lookalike", "serviceAccounts": [{"email": "my-compute@developer.gserviceaccount.com"}]}))
            .resource(KIND, "vm/gke", json!({"name": "gke-n", "labels": {"goog-gke-node": ""}, "serviceAccounts": [{"email": "482193047215-compute@developer.gserviceaccount.com"}]}))
            .run(&super::CHECK);
        let f = out.assert_status("vm/default", Status::Fail);
        assert_eq!(f.message, "Compute Engine instance default runs as the Compute Engine default service account 482193047215-compute@developer.gserviceaccount.com.");
        out.assert_status("vm/app", Status::Pass);
        out.assert_status("vm/none", Status::Pass);
        out.assert_status("vm/lookalike", Status::Pass);
        out.assert_status("vm/gke", Status::NotApplicable);
    }
}
