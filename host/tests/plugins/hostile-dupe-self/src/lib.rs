//! Hostile fixture: declares the same check id twice. Written with the SDK,
//! which does not stop it at build time (`Plugin::lint` flags it, but only
//! in the SDK's native test harness): the host refuses it at load.

use splitline_plugin_sdk::prelude::*;

const fn check(long_id: &'static str) -> Check {
    Check {
        meta: CheckMeta {
            id: "HOSTILE-DUPE-001",
            long_id,
            title: "Declared twice",
            severity: Severity::Low,
            service_model: ServiceModel::Paas,
            control_domain: ControlDomain::Governance,
            resource_kinds: &["aws.s3.bucket"],
            risk: "Ambiguous findings: two checks answer to one id.",
            remediation: Remediation { text: "Do not load this plugin.", cli: None, terraform: None },
            references: &[],
            compliance: &[],
        },
        run: |e| {
            for r in e.inventory().all() {
                e.pass(r, "Nothing to see.");
            }
        },
    }
}

const FIRST: Check = check("hostile-dupe-first");
const SECOND: Check = check("hostile-dupe-second");

splitline_plugin_sdk::export_plugin!(
    name: "hostile-dupe-self",
    provider: "aws",
    service_model: Paas,
    checks: &[&FIRST, &SECOND]
);
