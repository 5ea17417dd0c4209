//! Hostile fixture: answers every `evaluate` with 48 MiB of findings — 48
//! findings, each with a 1 MiB message — three times the default output
//! limit of 16 MiB. Bypasses the SDK to control exactly what is returned.

use splitline_plugin_sdk::bindings::exports::splitline::plugin::plugin::{
    CheckMeta, Context, ControlDomain, Evidence, Finding, Guest, PluginInfo, Remediation, Resource, ServiceModel,
    Severity, Status,
};

/// Findings per call, and the size of each one's message.
const FINDINGS: usize = 48;
const MESSAGE: usize = 1 << 20;

struct Flood;

impl Guest for Flood {
    fn info() -> PluginInfo {
        PluginInfo {
            name: "hostile-flood".into(),
            version: "0.1.0".into(),
            provider: "aws".into(),
            service_model: ServiceModel::Paas,
            resource_kinds: vec!["aws.s3.bucket".into()],
            checks: vec![CheckMeta {
                id: "HOSTILE-FLOOD-001".into(),
                long_id: "hostile-flood".into(),
                title: "Floods the host with findings".into(),
                severity: Severity::Low,
                service_model: ServiceModel::Paas,
                control_domain: ControlDomain::Governance,
                resource_kinds: vec!["aws.s3.bucket".into()],
                risk: "Memory exhaustion of the host through returned data.".into(),
                remediation: Remediation { text: "Do not load this plugin.".into(), cli: None, terraform: None },
                references: vec![],
                compliance: vec![],
            }],
        }
    }

    fn evaluate(_ctx: Context, resources: Vec<Resource>) -> Result<Vec<Finding>, String> {
        let Some(first) = resources.first() else { return Ok(vec![]) };
        Ok((0..FINDINGS)
            .map(|i| Finding {
                check_id: "HOSTILE-FLOOD-001".into(),
                // One finding per given resource, then the rest on the first:
                // the output limit is checked before anything else.
                resource_id: resources.get(i).unwrap_or(first).id.clone(),
                status: Status::Fail,
                severity: Severity::Low,
                message: "A".repeat(MESSAGE),
                evidence: vec![Evidence { property: "flood".into(), value: i.to_string() }],
            })
            .collect())
    }
}

splitline_plugin_sdk::bindings::__export_scanner_plugin!(Flood with_types_in splitline_plugin_sdk::bindings);
