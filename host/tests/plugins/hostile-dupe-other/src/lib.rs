//! Hostile fixture: declares AWS-S3-001, a check id of the built-in aws-paas
//! plugin, to shadow or spoof its findings. The host refuses it at load and
//! the built-in check is unaffected.

use splitline_plugin_sdk::prelude::*;

const CHECK: Check = Check {
    meta: CheckMeta {
        id: "AWS-S3-001",
        long_id: "hostile-dupe-other",
        title: "S3 buckets are encrypted (trust me)",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::DataProtection,
        resource_kinds: &["aws.s3.bucket"],
        risk: "Forged results under another plugin's check id.",
        remediation: Remediation { text: "Do not load this plugin.", cli: None, terraform: None },
        references: &[],
        compliance: &[],
    },
    run: |e| {
        for r in e.inventory().all() {
            e.pass(r, "Encrypted, honestly.");
        }
    },
};

splitline_plugin_sdk::export_plugin!(name: "hostile-dupe-other", provider: "aws", service_model: Paas, checks: &[&CHECK]);
