//! Findings grouped by account: one row per account of the report (its
//! counts by status, its failures by severity, its coverage gaps and
//! errors), worst first, for the human formats (terminal, Markdown, HTML).
//! The JSON result keeps the flat list: every finding names its account.

use std::collections::HashMap;

use super::model::{Counts, ScanReport};
use crate::inventory::Account;
use crate::model::{Provider, Severity, Status};

/// One account's share of the report.
#[derive(Debug)]
pub struct AccountRow<'a> {
    pub account: &'a Account,
    pub counts: Counts,
    /// Failed findings per severity, in [`Severity::ALL`] order.
    pub failed: [usize; 5],
    pub gaps: usize,
    pub errors: usize,
}

impl AccountRow<'_> {
    /// What orders the rows: failures by severity, most severe first, then
    /// errors and gaps (what is unknown about the account).
    fn badness(&self) -> ([usize; 5], usize, usize) {
        (self.failed, self.counts.error, self.gaps + self.errors)
    }
}

/// Every account of the report, worst first (ties: report order).
pub fn rows(r: &ScanReport) -> Vec<AccountRow<'_>> {
    let index: HashMap<(Provider, &str), usize> =
        r.accounts.iter().enumerate().map(|(i, a)| ((a.provider, a.id.as_str()), i)).collect();
    let mut rows: Vec<AccountRow> = r
        .accounts
        .iter()
        .map(|account| AccountRow { account, counts: Counts::default(), failed: [0; 5], gaps: 0, errors: 0 })
        .collect();
    for f in &r.findings {
        let Some(&i) = index.get(&(f.provider, f.account.as_str())) else { continue };
        let status = f.effective_status();
        rows[i].counts.add(status);
        if status == Status::Fail {
            let sev = Severity::ALL.iter().position(|s| *s == f.severity).unwrap_or(4);
            rows[i].failed[sev] += 1;
        }
    }
    for g in &r.coverage_gaps {
        if let Some(&i) = index.get(&(g.provider, g.account.as_str())) {
            rows[i].gaps += 1;
        }
    }
    for e in &r.errors {
        let Some(account) = e.account.as_deref() else { continue };
        // An error names its account, not its provider: count it on each match.
        for row in rows.iter_mut().filter(|row| row.account.id == account) {
            row.errors += 1;
        }
    }
    // Stable: equal rows keep the report's order.
    rows.sort_by_key(|row| std::cmp::Reverse(row.badness()));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample_report;

    #[test]
    fn every_account_once_counts_add_up_worst_first() {
        let r = sample_report();
        assert!(r.accounts.len() > 1, "the sample has several accounts");
        let rows = rows(&r);
        assert_eq!(rows.len(), r.accounts.len());
        let mut sum = Counts::default();
        let mut failed = 0;
        for row in &rows {
            let c = &row.counts;
            sum.pass += c.pass;
            sum.fail += c.fail;
            sum.error += c.error;
            sum.manual += c.manual;
            sum.not_applicable += c.not_applicable;
            sum.muted += c.muted;
            failed += row.failed.iter().sum::<usize>();
            assert_eq!(row.failed.iter().sum::<usize>(), c.fail, "{}", row.account.id);
        }
        assert_eq!(sum, r.summary.totals, "every finding is in its account's row");
        assert_eq!(failed, r.summary.failed_by_severity.values().sum::<usize>());
        assert_eq!(rows.iter().map(|r| r.gaps).sum::<usize>(), r.coverage_gaps.len());
        for w in rows.windows(2) {
            assert!(w[0].badness() >= w[1].badness(), "{} before {}", w[0].account.id, w[1].account.id);
        }
    }

    #[test]
    fn the_account_with_a_critical_failure_comes_first() {
        let mut r = sample_report();
        let target = rows(&r).last().map(|row| row.account.clone()).unwrap();
        for f in &mut r.findings {
            f.mute = None;
            if (f.provider, f.account.as_str()) == (target.provider, target.id.as_str()) {
                f.status = Status::Fail;
                f.severity = Severity::Critical;
            } else {
                f.status = Status::Pass;
            }
        }
        r.coverage_gaps.clear();
        r.errors.clear();
        let rows = rows(&r);
        assert_eq!((rows[0].account.provider, rows[0].account.id.as_str()), (target.provider, target.id.as_str()));
        assert!(rows[0].failed[0] > 0);
        assert!(rows[1..].iter().all(|row| row.counts.fail == 0));
    }
}
