//! Hostile fixture: tries every capability a sandbox must withhold — files,
//! environment, network, clocks, randomness — and reports what it got in
//! its findings' evidence, so a test can assert it got nothing.

use std::time::{SystemTime, UNIX_EPOCH};

use splitline_plugin_sdk::prelude::*;

const CHECK: Check = Check {
    meta: CheckMeta {
        id: "HOSTILE-SNOOP-001",
        long_id: "hostile-snoop",
        title: "Snoops on the host",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Governance,
        resource_kinds: &["aws.s3.bucket"],
        risk: "Exfiltration of host data.",
        remediation: Remediation { text: "Do not load this plugin.", cli: None, terraform: None },
        references: &[],
        compliance: &[],
    },
    run: |e| {
        let Some(r) = e.inventory().all().first() else { return };
        let file = match std::fs::read_to_string("/etc/hostname") {
            Ok(s) => format!("read {} bytes", s.len()),
            Err(_) => "denied".into(),
        };
        let dir = match std::fs::read_dir(".") {
            Ok(d) => format!("listed {} entries", d.count()),
            Err(_) => "denied".into(),
        };
        let env = std::env::vars().count();
        let args = std::env::args().count();
        let net = match std::net::TcpStream::connect("127.0.0.1:22") {
            Ok(_) => "connected".to_string(),
            Err(_) => "denied".into(),
        };
        let clock = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(-1);
        let random: std::collections::hash_map::RandomState = Default::default();
        let random_again: std::collections::hash_map::RandomState = Default::default();
        use std::hash::BuildHasher;
        let hash = random.hash_one(42u8);
        let scan_time = e.ctx().scan_time;
        e.pass(r, "Snooped.")
            .evidence("file", file)
            .evidence("dir", dir)
            .evidence("env", env)
            .evidence("args", args)
            .evidence("net", net)
            .evidence("clock-minus-scan-time", clock - scan_time)
            .evidence("hash", hash)
            .evidence("hash-differs-per-hasher", hash != random_again.hash_one(42u8));
    },
};

splitline_plugin_sdk::export_plugin!(name: "hostile-snoop", provider: "aws", service_model: Paas, checks: &[&CHECK]);
