//! The WebAssembly side of the contract: converts between the WIT types and
//! the SDK's, so plugin authors never see generated bindings.

use crate::bindings::exports::splitline::plugin::plugin as wit;
use crate::check::Plugin;
use crate::eval::Context;
use crate::meta::{CheckMeta, ControlDomain, ServiceModel, Severity, Status};
use crate::resource::{Inventory, Resource};

pub use wit::{Guest, PluginInfo};

fn model(m: ServiceModel) -> wit::ServiceModel {
    match m {
        ServiceModel::Iaas => wit::ServiceModel::Iaas,
        ServiceModel::Paas => wit::ServiceModel::Paas,
        ServiceModel::Saas => wit::ServiceModel::Saas,
        ServiceModel::Serverless => wit::ServiceModel::Serverless,
    }
}

fn severity(s: Severity) -> wit::Severity {
    match s {
        Severity::Critical => wit::Severity::Critical,
        Severity::High => wit::Severity::High,
        Severity::Medium => wit::Severity::Medium,
        Severity::Low => wit::Severity::Low,
        Severity::Info => wit::Severity::Info,
    }
}

fn domain(d: ControlDomain) -> wit::ControlDomain {
    match d {
        ControlDomain::IdentityAccess => wit::ControlDomain::IdentityAccess,
        ControlDomain::DataProtection => wit::ControlDomain::DataProtection,
        ControlDomain::Network => wit::ControlDomain::Network,
        ControlDomain::LoggingMonitoring => wit::ControlDomain::LoggingMonitoring,
        ControlDomain::WorkloadOs => wit::ControlDomain::WorkloadOs,
        ControlDomain::ApplicationCode => wit::ControlDomain::ApplicationCode,
        ControlDomain::Secrets => wit::ControlDomain::Secrets,
        ControlDomain::Governance => wit::ControlDomain::Governance,
    }
}

fn status(s: Status) -> wit::Status {
    match s {
        Status::Pass => wit::Status::Pass,
        Status::Fail => wit::Status::Fail,
        Status::Error => wit::Status::Error,
        Status::Manual => wit::Status::Manual,
        Status::NotApplicable => wit::Status::NotApplicable,
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn meta(m: &CheckMeta) -> wit::CheckMeta {
    wit::CheckMeta {
        id: m.id.into(),
        long_id: m.long_id.into(),
        title: m.title.into(),
        severity: severity(m.severity),
        service_model: model(m.service_model),
        control_domain: domain(m.control_domain),
        resource_kinds: strings(m.resource_kinds),
        risk: m.risk.into(),
        remediation: wit::Remediation {
            text: m.remediation.text.into(),
            cli: m.remediation.cli.map(Into::into),
            terraform: m.remediation.terraform.map(Into::into),
        },
        references: strings(m.references),
        compliance: m
            .compliance
            .iter()
            .map(|c| wit::ComplianceRef { framework: c.framework.into(), control: c.control.into() })
            .collect(),
    }
}

/// `info` for a plugin.
pub fn info(p: &Plugin) -> wit::PluginInfo {
    wit::PluginInfo {
        name: p.name.into(),
        version: p.version.into(),
        provider: p.provider.into(),
        service_model: model(p.service_model),
        resource_kinds: strings(&p.resource_kinds()),
        checks: p.checks.iter().map(|c| meta(&c.meta)).collect(),
    }
}

/// `evaluate` for a plugin.
pub fn evaluate(p: &Plugin, ctx: wit::Context, resources: Vec<wit::Resource>) -> Result<Vec<wit::Finding>, String> {
    let settings = if ctx.settings.trim().is_empty() {
        serde_json::Value::Object(Default::default())
    } else {
        serde_json::from_str(&ctx.settings).map_err(|e| format!("plugin settings are not valid JSON: {e}"))?
    };
    let context = Context {
        scan_time: ctx.scan_time,
        provider: ctx.provider,
        account: ctx.account,
        inventory_schema: ctx.inventory_schema,
        settings,
    };
    let mut list = Vec::with_capacity(resources.len());
    for r in resources {
        let config =
            serde_json::from_str(&r.config).map_err(|e| format!("configuration of {} is not valid JSON: {e}", r.id))?;
        list.push(Resource {
            kind: r.kind,
            id: r.id,
            account: r.account,
            region: r.region,
            name: r.name,
            tags: r.tags.into_iter().map(|t| (t.key, t.value)).collect(),
            config,
        });
    }
    let inventory = Inventory::new(list);
    Ok(p.evaluate(&context, &inventory)
        .into_iter()
        .map(|f| wit::Finding {
            check_id: f.check_id,
            resource_id: f.resource_id,
            status: status(f.status),
            severity: severity(f.severity),
            message: f.message,
            evidence: f.evidence.into_iter().map(|e| wit::Evidence { property: e.property, value: e.value }).collect(),
        })
        .collect())
}
