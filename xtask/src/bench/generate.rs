//! A deterministic synthetic estate for the benchmarks.
//!
//! The bundled demo inventory (`host/assets/demo-inventory.json`: 203
//! resources, all 60 kinds, three providers) is the template set. For a
//! given `(n, seed)` the generator writes exactly `n` resources:
//!
//! - **Accounts**: one per ~2 500 resources (at least two per provider), split
//!   AWS 50 %, Azure 30 %, GCP 20 % (1 M resources: 400 accounts).
//! - **Per-account singletons** (password policy, account summary, public
//!   access block, Azure subscription, GCP project settings, …) once per
//!   account, and **per-region settings** (Config, GuardDuty, Security Hub,
//!   Access Analyzer, EBS default encryption) once per region an account uses.
//! - **Everything else** is drawn by weight within the provider's share: the
//!   demo's count per kind, times five for the kinds estates hold many of
//!   (instances, volumes, snapshots, disks, buckets, roles, users, functions,
//!   security groups, firewalls, containers, role assignments).
//! - Each resource copies a random template of its kind (the demo holds good
//!   and bad examples of each), gets a unique id and name, the new account id
//!   and a region of its provider (substituted in id and configuration), tag
//!   values drawn from small vocabularies (10 % untagged), and each boolean
//!   of its configuration is flipped with probability 4 %: a realistic
//!   fraction of misconfigurations, not n copies of one bucket.
//!
//! Output is streamed (a million resources is ~1.3 GB) and identical for the
//! same `(n, seed)`.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::Path;

use serde_json::Value;

/// splitmix64: tiny, seedable, good enough for picking templates.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

/// Bumped whenever the output for a given `(n, seed)` changes (cached estates are regenerated).
pub const VERSION: u64 = 1;

const SHARE: [(&str, f64); 3] = [("aws", 0.5), ("azure", 0.3), ("gcp", 0.2)];
const RESOURCES_PER_ACCOUNT: usize = 2_500;
const FLIP_BOOLEAN: f64 = 0.04;
const UNTAGGED: f64 = 0.10;

/// Kinds that exist once per account.
const PER_ACCOUNT: &[&str] = &[
    "aws.iam.account-summary",
    "aws.iam.password-policy",
    "aws.s3.account-public-access-block",
    "azure.resources.subscription",
    "azure.entra.security-defaults",
    "azure.insights.diagnostic-setting",
    "gcp.compute.project",
    "gcp.resourcemanager.project",
    "gcp.resourcemanager.project-iam-policy",
    "gcp.securitycenter.settings",
];

/// Kinds that exist once per account and region.
const PER_REGION: &[&str] = &[
    "aws.accessanalyzer.region-settings",
    "aws.config.region-settings",
    "aws.ec2.ebs-encryption-by-default",
    "aws.guardduty.region-settings",
    "aws.guardduty.detector",
    "aws.securityhub.region-settings",
];

/// Kinds an estate holds many of.
const BULK: &[&str] = &[
    "instance",
    "volume",
    "snapshot",
    "disk",
    "bucket",
    "role",
    "user",
    "function",
    "security-group",
    "firewall",
    "blob-container",
    "role-assignment",
    "virtual-machine",
];

fn regions(provider: &str) -> &'static [&'static str] {
    match provider {
        "aws" => &["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"],
        "azure" => &["westeurope", "northeurope", "eastus", "uksouth"],
        _ => &["europe-west1", "us-central1", "asia-east1"],
    }
}

/// One demo resource, ready to be copied.
struct Template {
    kind: String,
    id: String,
    account: String,
    region: String,
    name: String,
    tag_keys: Vec<String>,
    /// Compact JSON.
    config: String,
}

struct Account {
    provider: &'static str,
    id: String,
    name: String,
    /// The regions this account uses (a prefix of the provider's list).
    regions: usize,
}

/// Statistics of a generated estate.
#[derive(Debug, Default, Clone)]
pub struct Estate {
    pub resources: usize,
    pub accounts: usize,
    pub kinds: usize,
    pub bytes: u64,
    pub flipped: usize,
}

/// Writes an estate of `n` resources to `out`.
pub fn generate(demo: &Path, n: usize, seed: u64, out: &Path) -> Result<Estate, String> {
    let text = std::fs::read_to_string(demo).map_err(|e| format!("cannot read {}: {e}", demo.display()))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", demo.display()))?;
    let scan_time = doc["scan_time"].as_str().unwrap_or("2026-11-01T00:00:00Z").to_string();
    let mut by_kind: BTreeMap<String, Vec<Template>> = BTreeMap::new();
    for r in doc["resources"].as_array().ok_or("demo inventory has no resources")? {
        let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
        let t = Template {
            kind: s("kind"),
            id: s("id"),
            account: s("account"),
            region: s("region"),
            name: s("name"),
            tag_keys: r["tags"].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default(),
            config: r["config"].to_string(),
        };
        by_kind.entry(t.kind.clone()).or_default().push(t);
    }

    let mut rng = Rng::new(seed);
    let accounts = make_accounts(n, &mut rng);

    // Singletons first, then the weighted bulk fills up to n.
    let mut plan: Vec<(usize, &str, Option<&str>)> = Vec::new(); // (account, kind, fixed region)
    for (ai, a) in accounts.iter().enumerate() {
        for kind in PER_ACCOUNT.iter().filter(|k| k.starts_with(a.provider) && by_kind.contains_key(**k)) {
            plan.push((ai, kind, None));
        }
        for kind in PER_REGION.iter().filter(|k| k.starts_with(a.provider) && by_kind.contains_key(**k)) {
            for region in &regions(a.provider)[..a.regions] {
                plan.push((ai, kind, Some(region)));
            }
        }
    }
    plan.truncate(n);

    let mut weighted: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for (kind, ts) in &by_kind {
        if PER_ACCOUNT.contains(&kind.as_str()) || PER_REGION.contains(&kind.as_str()) {
            continue;
        }
        let provider = kind.split('.').next().unwrap_or_default();
        let bulk = BULK.iter().any(|b| kind.rsplit('.').next().is_some_and(|last| last.contains(b)));
        let provider = SHARE.iter().map(|(p, _)| *p).find(|p| *p == provider).ok_or("unknown provider")?;
        weighted.entry(provider).or_default().push((kind, ts.len() * if bulk { 5 } else { 1 }));
    }
    let by_provider: BTreeMap<&str, Vec<usize>> = SHARE
        .iter()
        .map(|(p, _)| (*p, accounts.iter().enumerate().filter(|(_, a)| a.provider == *p).map(|(i, _)| i).collect()))
        .collect();

    let file = std::fs::File::create(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let mut estate = Estate { accounts: accounts.len(), ..Default::default() };
    let io = |e: std::io::Error| format!("cannot write {}: {e}", out.display());
    write!(
        w,
        "{{\"format\":\"splitline-inventory\",\"version\":\"1.0\",\"scan_time\":{},\"source\":{{\"tool\":\"cargo xtask bench\",\"description\":\"synthetic estate n={n} seed={seed}\"}},\n\"accounts\":[",
        json(&scan_time)
    )
    .map_err(io)?;
    for (i, a) in accounts.iter().enumerate() {
        let sep = if i == 0 { "\n" } else { ",\n" };
        write!(w, "{sep}{{\"provider\":\"{}\",\"id\":{},\"name\":{}}}", a.provider, json(&a.id), json(&a.name))
            .map_err(io)?;
    }
    w.write_all(b"],\n\"resources\":[").map_err(io)?;
    let mut kinds = std::collections::BTreeSet::new();
    let mut line = String::with_capacity(16 << 10);
    for seq in 0..n {
        let (account, kind, region) = if let Some(&planned) = plan.get(seq) {
            planned
        } else {
            let roll = rng.below(1000) as f64 / 1000.0;
            let mut acc = 0.0;
            let provider = SHARE
                .iter()
                .find(|(_, s)| {
                    acc += s;
                    roll < acc
                })
                .map_or("aws", |(p, _)| *p);
            let ks = &weighted[provider];
            let total: usize = ks.iter().map(|(_, w)| w).sum();
            let mut pick = rng.below(total);
            let kind = ks
                .iter()
                .find(|(_, w)| {
                    if pick < *w {
                        true
                    } else {
                        pick -= w;
                        false
                    }
                })
                .map_or(ks[0].0, |k| k.0);
            let accs = &by_provider[provider];
            (accs[rng.below(accs.len())], kind, None)
        };
        kinds.insert(kind);
        let a = &accounts[account];
        let ts = &by_kind[kind];
        let t = &ts[rng.below(ts.len())];
        let region = match region {
            Some(r) => r,
            None if t.region == "global" => "global",
            None => regions(a.provider)[rng.below(a.regions)],
        };
        line.clear();
        estate.flipped += write_resource(&mut line, t, a, region, seq, &mut rng);
        w.write_all(if seq == 0 { b"\n" } else { b",\n" }).map_err(io)?;
        w.write_all(line.as_bytes()).map_err(io)?;
    }
    w.write_all(b"],\n\"coverage_gaps\":[]}\n").map_err(io)?;
    w.flush().map_err(io)?;
    estate.resources = n;
    estate.kinds = kinds.len();
    estate.bytes = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    Ok(estate)
}

fn make_accounts(n: usize, rng: &mut Rng) -> Vec<Account> {
    let total = n.div_ceil(RESOURCES_PER_ACCOUNT);
    let mut out = Vec::new();
    for (provider, share) in SHARE {
        let count = ((total as f64 * share).round() as usize).max(2);
        for i in 0..count {
            let r = rng.next_u64();
            let id = match provider {
                "aws" => format!("{:012}", r % 1_000_000_000_000),
                "azure" => format!(
                    "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                    r >> 32,
                    (r >> 16) & 0xffff,
                    r & 0xfff,
                    (r >> 20) & 0xfff,
                    rng.next_u64() & 0xffff_ffff_ffff
                ),
                _ => format!("estate-{i:04}-{:06}", r % 1_000_000),
            };
            let env = ["prod", "staging", "dev", "sandbox"][i % 4];
            out.push(Account {
                provider,
                id,
                name: format!("{env}-{provider}-{i:04}"),
                regions: 1 + rng.below(regions(provider).len()),
            });
        }
    }
    out
}

/// One resource as a compact JSON object; returns how many booleans it flipped.
fn write_resource(out: &mut String, t: &Template, a: &Account, region: &str, seq: usize, rng: &mut Rng) -> usize {
    use std::fmt::Write as _;
    let swap = |s: &str| -> String {
        let s = s.replace(&t.account, &a.id);
        if t.region != "global" && region != "global" { s.replace(&t.region, region) } else { s }
    };
    let suffix = format!("-{seq:07x}");
    let id = format!("{}{suffix}", swap(&t.id));
    let name = format!("{}{suffix}", t.name);
    let (config, flipped) = flip_booleans(&swap(&t.config), rng);
    let _ = write!(
        out,
        "{{\"kind\":\"{}\",\"id\":{},\"account\":{},\"region\":\"{region}\",\"name\":{},\"tags\":{{",
        t.kind,
        json(&id),
        json(&a.id),
        json(&name)
    );
    if !rng.chance(UNTAGGED) {
        let mut first = true;
        for key in &t.tag_keys {
            let value = match key.as_str() {
                "env" | "environment" => ["prod", "staging", "dev", "test"][rng.below(4)].to_string(),
                "team" | "owner" => ["platform", "payments", "data", "web", "ml", "security"][rng.below(6)].to_string(),
                _ => format!("v{}", rng.below(50)),
            };
            let _ = write!(out, "{}{}:{}", if first { "" } else { "," }, json(key), json(&value));
            first = false;
        }
        let _ = write!(out, "{}\"cost-center\":\"cc-{:03}\"", if first { "" } else { "," }, rng.below(200));
    }
    let _ = write!(out, "}},\"config\":{config}}}");
    flipped
}

/// Flips each JSON `true`/`false` (outside strings) with probability
/// [`FLIP_BOOLEAN`].
fn flip_booleans(json: &str, rng: &mut Rng) -> (String, usize) {
    let b = json.as_bytes();
    let mut out = String::with_capacity(json.len() + 8);
    let (mut i, mut start, mut in_str, mut flipped) = (0, 0, false, 0);
    while i < b.len() {
        match b[i] {
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            b't' if !in_str && b[i..].starts_with(b"true") => {
                if rng.chance(FLIP_BOOLEAN) {
                    out.push_str(&json[start..i]);
                    out.push_str("false");
                    start = i + 4;
                    flipped += 1;
                }
                i += 3;
            }
            b'f' if !in_str && b[i..].starts_with(b"false") => {
                if rng.chance(FLIP_BOOLEAN) {
                    out.push_str(&json[start..i]);
                    out.push_str("true");
                    start = i + 5;
                    flipped += 1;
                }
                i += 4;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&json[start..]);
    (out, flipped)
}

fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../host/assets/demo-inventory.json")
    }

    #[test]
    fn output_is_deterministic_valid_and_varied() {
        let dir = std::env::temp_dir().join(format!("splitline-gen-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b) = (dir.join("a.json"), dir.join("b.json"));
        let ea = generate(&demo(), 3000, 7, &a).unwrap();
        generate(&demo(), 3000, 7, &b).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&a).unwrap()).unwrap();
        let rs = v["resources"].as_array().unwrap();
        assert_eq!(rs.len(), 3000);
        let ids: std::collections::HashSet<_> = rs.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), 3000, "ids are unique");
        assert!(ea.kinds >= 55, "most kinds appear: {}", ea.kinds);
        assert!(ea.flipped > 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn flips_only_booleans_outside_strings() {
        let mut rng = Rng::new(1);
        let mut any = false;
        for _ in 0..200 {
            let (s, n) = flip_booleans(r#"{"a":true,"b":"true","c":[false]}"#, &mut rng);
            assert!(s.contains(r#""b":"true""#));
            any |= n > 0;
        }
        assert!(any);
    }
}
