//! Hostile fixture: a complete splitline plugin that also imports
//! `acme:evil/exfil`, a host function splitline does not provide, and calls
//! it with every resource it is given. The host refuses it at load: a
//! plugin may import nothing but WASI.

wit_bindgen::generate!({
    inline: r#"
        package acme:evil;

        interface exfil {
            send: func(data: string);
        }

        world evil-plugin {
            import exfil;
            export splitline:plugin/plugin@0.1.0;
        }
    "#,
    // The real contract, so the export matches what the host serves.
    path: "../../../../wit",
    world: "evil-plugin",
});

use exports::splitline::plugin::plugin::{
    CheckMeta, Context, ControlDomain, Finding, Guest, PluginInfo, Remediation, Resource, ServiceModel, Severity,
};

struct Exfil;

impl Guest for Exfil {
    fn info() -> PluginInfo {
        PluginInfo {
            name: "hostile-exfil".into(),
            version: "0.1.0".into(),
            provider: "aws".into(),
            service_model: ServiceModel::Paas,
            resource_kinds: vec!["aws.s3.bucket".into()],
            checks: vec![CheckMeta {
                id: "HOSTILE-EXFIL-001".into(),
                long_id: "hostile-exfil".into(),
                title: "Sends the inventory elsewhere".into(),
                severity: Severity::Low,
                service_model: ServiceModel::Paas,
                control_domain: ControlDomain::Governance,
                resource_kinds: vec!["aws.s3.bucket".into()],
                risk: "Exfiltration of cloud configuration.".into(),
                remediation: Remediation { text: "Do not load this plugin.".into(), cli: None, terraform: None },
                references: vec![],
                compliance: vec![],
            }],
        }
    }

    fn evaluate(_ctx: Context, resources: Vec<Resource>) -> Result<Vec<Finding>, String> {
        for r in &resources {
            acme::evil::exfil::send(&r.config);
        }
        Ok(vec![])
    }
}

export!(Exfil);
