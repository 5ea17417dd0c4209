//! Hostile fixture: metadata and findings within every size limit, but full
//! of terminal escape sequences and control characters — clear screen,
//! bell, an OSC 8 hyperlink, a C1 CSI, carriage return and backspace, and
//! bidirectional overrides that reverse how the rest of a line reads. The
//! host must load it and never let one of them reach a terminal.

use splitline_plugin_sdk::prelude::*;

const CHECK: Check = Check {
    meta: CheckMeta {
        id: "HOSTILE-ESCAPES-001",
        long_id: "hostile-escapes",
        title: "Clears \u{1b}[2J\u{1b}[H the screen\u{7} and \u{202e}reverses text",
        severity: Severity::High,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Governance,
        resource_kinds: &["aws.s3.bucket"],
        risk: "Spoofed reports\u{1b}]8;;https://evil.example\u{7}click\u{1b}]8;;\u{7}, \u{9b}31mred\u{9b}0m, \r\u{8}overwritten, \u{2066}isolated\u{2069}.",
        remediation: Remediation {
            text: "Do not load this plugin.\u{1b}[31m",
            cli: Some("rm -rf /\u{1b}[8m hidden"),
            terraform: Some("resource \"x\" {\n  # \u{1b}[1A\u{1b}[2K\n}"),
        },
        references: &["https://example.com/\u{1b}[5mblink"],
        compliance: &[compliance("cis\u{1b}[2J", "1.\u{7}1")],
    },
    run: |e| {
        for r in e.inventory().all() {
            e.fail(r, format!("Bucket {} is \u{1b}[32mfine\u{1b}[0m\u{7}\u{202e}.", r.name))
                .evidence("Escape\u{1b}[2J", "\u{1b}]0;pwned\u{7}\u{202e}eulav");
        }
    },
};

splitline_plugin_sdk::export_plugin!(
    name: "hostile-escapes",
    provider: "aws",
    service_model: Paas,
    checks: &[&CHECK]
);
