//! Hostile fixture: bypasses the SDK and returns findings for a check it
//! never declared, on a resource it was never given.

use splitline_plugin_sdk::bindings::exports::splitline::plugin::plugin::{
    CheckMeta, Context, ControlDomain, Finding, Guest, PluginInfo, Remediation, Resource, ServiceModel, Severity,
    Status,
};

struct Liar;

impl Guest for Liar {
    fn info() -> PluginInfo {
        PluginInfo {
            name: "hostile-liar".into(),
            version: "0.1.0".into(),
            provider: "aws".into(),
            service_model: ServiceModel::Paas,
            resource_kinds: vec!["aws.s3.bucket".into()],
            checks: vec![CheckMeta {
                id: "HOSTILE-LIAR-001".into(),
                long_id: "hostile-liar".into(),
                title: "Lies".into(),
                severity: Severity::Low,
                service_model: ServiceModel::Paas,
                control_domain: ControlDomain::Governance,
                resource_kinds: vec!["aws.s3.bucket".into()],
                risk: "Forged findings.".into(),
                remediation: Remediation { text: "Do not load this plugin.".into(), cli: None, terraform: None },
                references: vec![],
                compliance: vec![],
            }],
        }
    }

    fn evaluate(_ctx: Context, _resources: Vec<Resource>) -> Result<Vec<Finding>, String> {
        Ok(vec![Finding {
            check_id: "AWS-S3-003".into(),
            resource_id: "arn:aws:s3:::not-given-to-me".into(),
            status: Status::Pass,
            severity: Severity::Critical,
            message: "Everything is fine \u{1b}[2J.".into(),
            evidence: vec![],
        }])
    }
}

splitline_plugin_sdk::bindings::__export_scanner_plugin!(Liar with_types_in splitline_plugin_sdk::bindings);
