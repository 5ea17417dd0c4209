//! Compute Engine instances run as Shielded VMs (Secure Boot, vTPM, integrity monitoring).

use splitline_plugin_sdk::kinds::gcp::ComputeInstance;
use splitline_plugin_sdk::prelude::*;

pub const CHECK: Check = Check {
    meta: CheckMeta {
        id: "GCP-GCE-007",
        long_id: "gcp-gce-instance-shielded-vm",
        title: "Compute Engine instance has Secure Boot, vTPM and integrity monitoring enabled (Shielded VM)",
        severity: Severity::Medium,
        service_model: ServiceModel::Iaas,
        control_domain: ControlDomain::WorkloadOs,
        resource_kinds: &[ComputeInstance::KIND_NAME],
        risk: "Without Secure Boot the VM boots unsigned bootloaders and kernel modules, so a rootkit or bootkit planted by an attacker survives reboots; without a vTPM and integrity monitoring there is no measured boot and no alert when the boot sequence changes.",
        remediation: Remediation {
            text: "Stop the instance, enable Secure Boot, vTPM and integrity monitoring (the image must support Shielded VM), and start it. Enforce with the organization policy constraints/compute.requireShieldedVm.",
            cli: Some("gcloud compute instances update INSTANCE --zone=ZONE --shielded-secure-boot --shielded-vtpm --shielded-integrity-monitoring"),
            terraform: Some("resource \"google_compute_instance\" \"this\" {\n  # ...\n  shielded_instance_config {\n    enable_secure_boot          = true\n    enable_vtpm                 = true\n    enable_integrity_monitoring = true\n  }\n}"),
        },
        references: &["https://cloud.google.com/compute/shielded-vm/docs/shielded-vm", "https://cloud.google.com/compute/shielded-vm/docs/modifying-shielded-vm"],
        compliance: &[compliance("cis-gcp-3.0.0", "4.8"), compliance("nist-csf-2.0", "PR.PS-01")],
    },
    run,
};

fn run(e: &mut Eval) {
    for (r, vm) in e.each::<ComputeInstance>() {
        let cfg = vm.shielded_instance_config.clone().unwrap_or_default();
        let settings = [
            ("enableSecureBoot", "Secure Boot", cfg.enable_secure_boot),
            ("enableVtpm", "vTPM", cfg.enable_vtpm),
            ("enableIntegrityMonitoring", "integrity monitoring", cfg.enable_integrity_monitoring),
        ];
        let off: Vec<&(&str, &str, Option<bool>)> = settings.iter().filter(|(_, _, v)| *v != Some(true)).collect();
        if off.is_empty() {
            e.pass(r, format!("Compute Engine instance {} is a Shielded VM with Secure Boot, vTPM and integrity monitoring.", vm.name));
            continue;
        }
        let names: Vec<&str> = off.iter().map(|(_, name, _)| *name).collect();
        let f = e.fail(r, format!("Compute Engine instance {} runs without {}.", vm.name, names.join(", ")));
        for (field, _, v) in off {
            f.evidence(format!("shieldedInstanceConfig.{field}"), v.map_or("absent".to_string(), |b| b.to_string()));
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
    fn all_three_are_required() {
        let out = Fixture::new("gcp", "acme-prod")
            .resource(KIND, "vm/shielded", json!({"name": "shielded", "shieldedInstanceConfig": {"enableSecureBoot": true, "enableVtpm": true, "enableIntegrityMonitoring": true}}))
            .resource(KIND, "vm/no-secure-boot", json!({"name": "no-secure-boot", "shieldedInstanceConfig": {"enableSecureBoot": false, "enableVtpm": true, "enableIntegrityMonitoring": true}}))
            .resource(KIND, "vm/legacy", json!({"name": "legacy"}))
            .run(&super::CHECK);
        out.assert_status("vm/shielded", Status::Pass);
        let f = out.assert_status("vm/no-secure-boot", Status::Fail);
        assert_eq!(f.message, "Compute Engine instance no-secure-boot runs without Secure Boot.");
        assert_eq!(f.evidence[0].property, "shieldedInstanceConfig.enableSecureBoot");
        let f = out.assert_status("vm/legacy", Status::Fail);
        assert_eq!(f.evidence.len(), 3);
    }
}
