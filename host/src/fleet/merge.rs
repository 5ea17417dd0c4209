//! Combining partial results (one per unit, or one per shard) into one
//! report: the same result a single run over all their accounts gives.
//!
//! [`Merger`] folds results one at a time, so a fleet scan holds the merged
//! findings and one partial at a time, never every partial at once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::bail;

use super::shard::Shard;
use crate::model::Provider;
use crate::report::model::{ScanError, ScanReport};

/// Folds partial results into one.
#[derive(Default)]
pub struct Merger {
    base: Option<ScanReport>,
    plugin_index: HashMap<String, usize>,
    check_ids: HashSet<String>,
    accounts: HashSet<(Provider, String)>,
    targets: Vec<String>,
    mutes: BTreeMap<(usize, String), crate::report::mutes::MuteRuleReport>,
}

impl Merger {
    pub fn new() -> Merger {
        Merger::default()
    }

    /// Whether nothing was added yet.
    pub fn is_empty(&self) -> bool {
        self.base.is_none()
    }

    /// Adds one partial result. Its sections are appended (accounts,
    /// findings, gaps, errors), united by id (checks, plugins: accounts
    /// evaluated and failed are summed) or combined (resources summed,
    /// complete only when every part is). Errors not tied to an account
    /// (a plugin that failed to load) appear once however many parts have
    /// them. Baseline comparisons are dropped: apply `--baseline` to the
    /// merged result.
    pub fn add(&mut self, mut part: ScanReport) {
        part.baseline = None;
        for f in &mut part.findings {
            f.change = None;
        }
        for m in std::mem::take(&mut part.mutes) {
            match self.mutes.entry((m.rule, m.reason.clone())) {
                std::collections::btree_map::Entry::Occupied(mut e) => e.get_mut().matched += m.matched,
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(m);
                }
            }
        }
        if !self.targets.contains(&part.scan.target) {
            self.targets.push(part.scan.target.clone());
        }
        for a in &part.accounts {
            self.accounts.insert((a.provider, a.id.clone()));
        }
        let Some(base) = self.base.as_mut() else {
            self.plugin_index = part.plugins.iter().enumerate().map(|(i, p)| (p.meta.name.clone(), i)).collect();
            self.check_ids = part.checks.iter().map(|c| c.id.clone()).collect();
            part.scan.shard = None;
            self.base = Some(part);
            return;
        };
        base.scan.resources += part.scan.resources;
        base.scan.complete &= part.scan.complete;
        if part.scan.scan_time < base.scan.scan_time {
            base.scan.scan_time = part.scan.scan_time;
        }
        base.accounts.extend(part.accounts);
        for run in part.plugins {
            match self.plugin_index.get(&run.meta.name) {
                Some(&i) => {
                    base.plugins[i].accounts_evaluated += run.accounts_evaluated;
                    base.plugins[i].accounts_failed += run.accounts_failed;
                }
                None => {
                    self.plugin_index.insert(run.meta.name.clone(), base.plugins.len());
                    base.plugins.push(run);
                }
            }
        }
        for c in part.checks {
            if self.check_ids.insert(c.id.clone()) {
                base.checks.push(c);
            }
        }
        base.findings.extend(part.findings);
        base.coverage_gaps.extend(part.coverage_gaps);
        for e in part.errors {
            if e.account.is_some() || !base.errors.contains(&e) {
                base.errors.push(e);
            }
        }
    }

    /// Records an error of the merged run (a unit that failed, a missing shard).
    pub fn error(&mut self, error: ScanError) -> anyhow::Result<()> {
        let Some(base) = self.base.as_mut() else {
            bail!("an error was recorded before any result: {}", error.message)
        };
        base.scan.complete = false;
        base.errors.push(error);
        Ok(())
    }

    /// Whether a part already brought `provider`'s `account`.
    pub fn has_account(&self, provider: Provider, account: &str) -> bool {
        self.accounts.contains(&(provider, account.to_string()))
    }

    /// The merged report: findings, errors and checks in the order a single
    /// run gives them, the summary and derived views recomputed. `None`
    /// when nothing was added.
    pub fn finish(self) -> Option<ScanReport> {
        let mut report = self.base?;
        if self.targets.len() > 1 {
            report.scan.target = self.targets.join(", ");
        }
        report.mutes = self.mutes.into_values().collect();
        crate::scan::sort_findings(&mut report.findings);
        report.errors.sort_by(|a, b| (&a.plugin, &a.account).cmp(&(&b.plugin, &b.account)));
        report.checks.sort_by(|a, b| a.id.cmp(&b.id));
        crate::report::refresh_derived(&mut report);
        Some(report)
    }
}

/// `splitline merge`: combines saved results, refusing inputs that cannot
/// be parts of one scan. Returns the merged report and the warnings to
/// print (a missing shard).
pub fn merge_files(paths: &[PathBuf]) -> anyhow::Result<(ScanReport, Vec<String>)> {
    let mut parts = Vec::with_capacity(paths.len());
    for path in paths {
        let report = crate::report::baseline::read_result(path)?;
        parts.push((path.clone(), report));
    }
    merge_results(parts)
}

/// [`merge_files`] on results already read (`path` only names them in messages).
pub fn merge_results(mut parts: Vec<(PathBuf, ScanReport)>) -> anyhow::Result<(ScanReport, Vec<String>)> {
    if parts.is_empty() {
        bail!("nothing to merge: pass the JSON results to combine, e.g. `splitline merge shard-*.json`");
    }
    let show = |p: &Path| p.display().to_string();
    let (first_path, first) = &parts[0];
    for (path, r) in &parts[1..] {
        if r.tool.version != first.tool.version || r.tool.contract != first.tool.contract {
            bail!(
                "cannot merge results of different splitline versions: {} was written by splitline {} (plugin contract {}), {} by splitline {} (plugin contract {}); re-run the scans with one version",
                show(first_path),
                first.tool.version,
                first.tool.contract,
                show(path),
                r.tool.version,
                r.tool.contract
            );
        }
    }

    // Shards: all or none, of one count, each index once.
    let sharded: Vec<&(PathBuf, ScanReport)> = parts.iter().filter(|(_, r)| r.scan.shard.is_some()).collect();
    let mut warnings = Vec::new();
    let mut missing = Vec::new();
    if !sharded.is_empty() {
        if let Some((path, _)) = parts.iter().find(|(_, r)| r.scan.shard.is_none()) {
            let (spath, s) = sharded[0];
            bail!(
                "cannot merge {}, a shard ({}), with {}, which is not a shard: merge the shards of one `scan --shard K/N` run",
                show(spath),
                s.scan.shard.expect("sharded"),
                show(path)
            );
        }
        let (p0, r0) = sharded[0];
        let count = r0.scan.shard.expect("sharded").count;
        let mut seen: BTreeMap<usize, &Path> = BTreeMap::new();
        for (path, r) in &sharded {
            let s = r.scan.shard.expect("sharded");
            if s.count != count {
                bail!(
                    "cannot merge shards of different counts: {} is shard {} but {} is shard {}; merge the shards of one `scan --shard K/N` run (one N)",
                    show(p0),
                    r0.scan.shard.expect("sharded"),
                    show(path),
                    s
                );
            }
            if let Some(other) = seen.insert(s.index, path) {
                bail!(
                    "{} and {} are both shard {s}: each shard may be merged once (was one shard scanned twice?)",
                    show(other),
                    show(path)
                );
            }
        }
        missing = (1..=count).filter(|k| !seen.contains_key(k)).map(|index| Shard { index, count }).collect();
        for s in &missing {
            warnings.push(format!(
                "shard {s} is missing from the merge: the accounts it covers were not scanned, so the merged result is marked incomplete"
            ));
        }
        parts.sort_by_key(|(_, r)| r.scan.shard.expect("sharded").index);
    }

    // No account twice.
    let mut owner: HashMap<(Provider, String), PathBuf> = HashMap::new();
    for (path, r) in &parts {
        for a in &r.accounts {
            if let Some(other) = owner.insert((a.provider, a.id.clone()), path.clone()) {
                bail!(
                    "{} account {} is in both {} and {}: two inputs scanned the same account, so their findings would be counted twice; merge only results of disjoint accounts (the shards of one `scan --shard K/N` run)",
                    a.provider,
                    a.id,
                    show(&other),
                    show(path)
                );
            }
        }
    }

    let mut merger = Merger::new();
    for (_, r) in parts {
        merger.add(r);
    }
    for s in &missing {
        merger.error(ScanError {
            plugin: "splitline merge".into(),
            account: None,
            kind: "missing-shard".into(),
            message: format!(
                "shard {s} is missing from the merge: the accounts it covers were not scanned; merge its result too"
            ),
        })?;
    }
    let report = merger.finish().expect("at least one part");
    Ok((report, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample result split by account into one part per account.
    fn parts() -> (ScanReport, Vec<ScanReport>) {
        let mut whole = crate::report::sample_report();
        // The fixture lists its gap-derived finding last; a scan sorts it.
        crate::scan::sort_findings(&mut whole.findings);
        let mut parts = Vec::new();
        for a in &whole.accounts {
            let mut part = whole.clone();
            part.accounts = vec![a.clone()];
            part.findings.retain(|f| f.provider == a.provider && f.account == a.id);
            part.coverage_gaps.retain(|g| g.provider == a.provider && g.account == a.id);
            part.errors.retain(|e| e.account.as_deref().is_none_or(|acc| acc == a.id));
            part.mutes.clear();
            parts.push(part);
        }
        (whole, parts)
    }

    #[test]
    fn parts_merge_back_into_the_whole_in_any_order() {
        let (whole, mut parts) = parts();
        assert!(parts.len() > 1);
        parts.reverse();
        let mut merger = Merger::new();
        for p in parts {
            merger.add(p);
        }
        let merged = merger.finish().unwrap();
        let ids = |r: &ScanReport| r.findings.iter().map(|f| (f.id.clone(), f.status)).collect::<Vec<_>>();
        assert_eq!(ids(&merged), ids(&whole));
        assert_eq!(merged.summary, whole.summary);
        assert_eq!(merged.checks.len(), whole.checks.len());
        assert_eq!(merged.accounts.len(), whole.accounts.len());
        let load_errors = |r: &ScanReport| r.errors.iter().filter(|e| e.account.is_none()).count();
        assert_eq!(load_errors(&merged), load_errors(&whole), "errors of no account appear once");
    }

    #[test]
    fn refuses_overlaps_and_mixed_shard_counts() {
        let (_, parts) = parts();
        let p = |n: &str| PathBuf::from(n);
        let err = merge_results(vec![(p("a.json"), parts[0].clone()), (p("b.json"), parts[0].clone())]).unwrap_err();
        assert!(err.to_string().contains("is in both a.json and b.json"), "{err}");

        let shard = |r: &ScanReport, index, count| {
            let mut r = r.clone();
            r.scan.shard = Some(Shard { index, count });
            r
        };
        let err = merge_results(vec![(p("a.json"), shard(&parts[0], 1, 2)), (p("b.json"), shard(&parts[1], 1, 3))])
            .unwrap_err();
        assert!(err.to_string().contains("a.json is shard 1/2 but b.json is shard 1/3"), "{err}");

        let mut other = parts[1].clone();
        other.tool.version = "0.0.1".into();
        let err = merge_results(vec![(p("a.json"), parts[0].clone()), (p("b.json"), other)]).unwrap_err();
        assert!(err.to_string().contains("different splitline versions"), "{err}");

        let (merged, warnings) =
            merge_results(vec![(p("c.json"), shard(&parts[2], 3, 3)), (p("a.json"), shard(&parts[0], 1, 3))]).unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("shard 2/3 is missing"), "{warnings:?}");
        assert!(!merged.scan.complete);
        assert!(merged.scan.shard.is_none());
        assert_eq!(merged.accounts[0].id, parts[0].accounts[0].id, "shards in index order");
    }
}
