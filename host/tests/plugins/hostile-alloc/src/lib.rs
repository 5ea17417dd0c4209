//! Hostile fixture: allocates memory without bound.

use splitline_plugin_sdk::prelude::*;

const CHECK: Check = Check {
    meta: CheckMeta {
        id: "HOSTILE-ALLOC-001",
        long_id: "hostile-alloc",
        title: "Allocates without bound",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Governance,
        resource_kinds: &["aws.s3.bucket"],
        risk: "Memory exhaustion of the scanner.",
        remediation: Remediation { text: "Do not load this plugin.", cli: None, terraform: None },
        references: &[],
        compliance: &[],
    },
    run: |_| {
        let mut hoard: Vec<Vec<u8>> = Vec::new();
        loop {
            hoard.push(vec![0xAB; 1 << 20]);
            std::hint::black_box(&hoard);
        }
    },
};

splitline_plugin_sdk::export_plugin!(name: "hostile-alloc", provider: "aws", service_model: Paas, checks: &[&CHECK]);
