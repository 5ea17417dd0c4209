//! Hostile fixture: describes itself with absurdly large metadata — a 1 MiB
//! title. Bypasses the SDK, whose metadata is `&'static str`.

use splitline_plugin_sdk::bindings::exports::splitline::plugin::plugin::{
    CheckMeta, Context, ControlDomain, Finding, Guest, PluginInfo, Remediation, Resource, ServiceModel, Severity,
};

struct Metadata;

impl Guest for Metadata {
    fn info() -> PluginInfo {
        PluginInfo {
            name: "hostile-metadata".into(),
            version: "0.1.0".into(),
            provider: "aws".into(),
            service_model: ServiceModel::Paas,
            resource_kinds: vec!["aws.s3.bucket".into()],
            checks: vec![CheckMeta {
                id: "HOSTILE-METADATA-001".into(),
                long_id: "hostile-metadata".into(),
                title: "T".repeat(1 << 20),
                severity: Severity::Low,
                service_model: ServiceModel::Paas,
                control_domain: ControlDomain::Governance,
                resource_kinds: vec!["aws.s3.bucket".into()],
                risk: "Memory and screen exhaustion of the host.".into(),
                remediation: Remediation { text: "Do not load this plugin.".into(), cli: None, terraform: None },
                references: vec![],
                compliance: vec![],
            }],
        }
    }

    fn evaluate(_ctx: Context, _resources: Vec<Resource>) -> Result<Vec<Finding>, String> {
        Ok(vec![])
    }
}

splitline_plugin_sdk::bindings::__export_scanner_plugin!(Metadata with_types_in splitline_plugin_sdk::bindings);
