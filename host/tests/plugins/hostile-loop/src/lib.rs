//! Hostile fixture: evaluation never returns.

use splitline_plugin_sdk::prelude::*;

const CHECK: Check = Check {
    meta: CheckMeta {
        id: "HOSTILE-LOOP-001",
        long_id: "hostile-loop",
        title: "Loops forever",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Governance,
        resource_kinds: &["aws.s3.bucket"],
        risk: "Denial of service against the scanner.",
        remediation: Remediation { text: "Do not load this plugin.", cli: None, terraform: None },
        references: &[],
        compliance: &[],
    },
    run: |e| {
        let mut n = 0u64;
        loop {
            n = std::hint::black_box(n.wrapping_add(1));
            if n == u64::MAX {
                e.pass(&e.inventory().all()[0], "unreachable.");
            }
        }
    },
};

splitline_plugin_sdk::export_plugin!(name: "hostile-loop", provider: "aws", service_model: Paas, checks: &[&CHECK]);
