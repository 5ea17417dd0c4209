//! Hostile fixture: panics during evaluation.

use splitline_plugin_sdk::prelude::*;

const CHECK: Check = Check {
    meta: CheckMeta {
        id: "HOSTILE-PANIC-001",
        long_id: "hostile-panic",
        title: "Panics",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Governance,
        resource_kinds: &["aws.s3.bucket"],
        risk: "A crash in a plugin.",
        remediation: Remediation { text: "Do not load this plugin.", cli: None, terraform: None },
        references: &[],
        compliance: &[],
    },
    run: |e| {
        let n = e.inventory().all().len();
        panic!("hostile plugin gave up after seeing {n} resources");
    },
};

splitline_plugin_sdk::export_plugin!(name: "hostile-panic", provider: "aws", service_model: Paas, checks: &[&CHECK]);
