//! Secrets never leak into output: canary values in the environment (where
//! cloud credentials live) and in the inventory appear in no report format
//! and no log line, even at RUST_LOG=trace.

use crate::support::{root, run, splitline};

const ENV_CANARIES: &[(&str, &str)] = &[
    ("AWS_SECRET_ACCESS_KEY", "CANARY-ENV-aws-3b6f0e1c"),
    ("AWS_SESSION_TOKEN", "CANARY-ENV-session-91d2"),
    ("AZURE_CLIENT_SECRET", "CANARY-ENV-azure-77a0"),
    ("GOOGLE_OAUTH_ACCESS_TOKEN", "CANARY-ENV-gcp-c4e5"),
];
const DATA_CANARIES: &[&str] = &["CANARY-TAG-7f3e9b21", "CANARY-POLICY-5d1c8a44", "CANARY-CONFIG-0a9b8c7d"];

#[test]
fn canaries_appear_in_no_output_at_trace_level() {
    let inventory = root().join("host/tests/data/canary-inventory.json");
    for format in ["terminal", "json", "sarif", "ocsf", "asff", "csv", "junit", "markdown", "html"] {
        let mut cmd = splitline();
        cmd.args(["scan", "--format", format, "--inventory"]).arg(&inventory).env("RUST_LOG", "splitline=trace");
        for (k, v) in ENV_CANARIES {
            cmd.env(k, v);
        }
        let r = run(&mut cmd);
        assert!(r.code == 1 || r.code == 0, "the scan ran: {}", r.stderr);
        assert!(!r.stderr.is_empty(), "trace logging produced output to inspect");
        for canary in ENV_CANARIES.iter().map(|(_, v)| *v).chain(DATA_CANARIES.iter().copied()) {
            assert!(!r.stdout.contains(canary), "{canary} leaked into the {format} report");
            assert!(!r.stderr.contains(canary), "{canary} leaked into the logs");
        }
    }
}
