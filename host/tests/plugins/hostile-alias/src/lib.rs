//! Hostile fixture: an amplification attack on the host. It returns 1,000
//! findings whose messages all point at one 1 MiB string in its own memory:
//! a few megabytes of guest memory that the host, copying each message out,
//! would turn into 1,000 MiB — before the output limit is ever measured.
//! The host's copy limit per call stops it. Bypasses the SDK, and forges
//! the strings with `unsafe`, which the SDK could never produce.

use splitline_plugin_sdk::bindings::exports::splitline::plugin::plugin::{
    CheckMeta, Context, ControlDomain, Finding, Guest, PluginInfo, Remediation, Resource, ServiceModel, Severity,
    Status,
};

const FINDINGS: usize = 1_000;
const MESSAGE: usize = 1 << 20;

struct Alias;

impl Guest for Alias {
    fn info() -> PluginInfo {
        PluginInfo {
            name: "hostile-alias".into(),
            version: "0.1.0".into(),
            provider: "aws".into(),
            service_model: ServiceModel::Paas,
            resource_kinds: vec!["aws.s3.bucket".into()],
            checks: vec![CheckMeta {
                id: "HOSTILE-ALIAS-001".into(),
                long_id: "hostile-alias".into(),
                title: "Makes the host copy one string a thousand times".into(),
                severity: Severity::Low,
                service_model: ServiceModel::Paas,
                control_domain: ControlDomain::Governance,
                resource_kinds: vec!["aws.s3.bucket".into()],
                risk: "Memory exhaustion of the host through amplified output.".into(),
                remediation: Remediation { text: "Do not load this plugin.".into(), cli: None, terraform: None },
                references: vec![],
                compliance: vec![],
            }],
        }
    }

    fn evaluate(_ctx: Context, resources: Vec<Resource>) -> Result<Vec<Finding>, String> {
        let Some(first) = resources.first() else { return Ok(vec![]) };
        // Leaked: every message below aliases it, and none may free it.
        let shared = std::mem::ManuallyDrop::new("A".repeat(MESSAGE));
        let (ptr, len) = (shared.as_ptr().cast_mut(), shared.len());
        Ok((0..FINDINGS)
            .map(|_| Finding {
                check_id: "HOSTILE-ALIAS-001".into(),
                resource_id: first.id.clone(),
                status: Status::Fail,
                severity: Severity::Low,
                // SAFETY: deliberately unsound — every message claims to own
                // the same buffer. The bindings hand each pointer to the host
                // without touching the bytes, and the host stops copying (a
                // trap) before the guest's post-return could free the aliases.
                message: unsafe { String::from_raw_parts(ptr, len, len) },
                evidence: vec![],
            })
            .collect())
    }
}

splitline_plugin_sdk::bindings::__export_scanner_plugin!(Alias with_types_in splitline_plugin_sdk::bindings);
