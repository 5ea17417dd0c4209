//! `--shard K/N`: which units (provider, account) a shard scans.
//!
//! A unit belongs to shard `1 + (h mod N)`, where `h` is the first eight
//! bytes, big-endian, of the SHA-256 of `provider/account-id` (e.g.
//! `aws/123456789012`). The assignment depends on nothing else — not the
//! splitline version, the machine, the order of the accounts or which other
//! accounts exist — so N machines that each run `--shard K/N` over the same
//! estate cover every account exactly once. It is part of the documented
//! behaviour (docs/organizations.md) and will not change within major
//! version 1 of the result format.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::Provider;

/// Shard `index` of `count` (1-based: `1/4` … `4/4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// Whether this shard scans `provider`'s `account`.
    pub fn contains(&self, provider: Provider, account: &str) -> bool {
        shard_of(provider, account, self.count) == self.index
    }
}

/// The shard (1-based, of `count`) that scans `provider`'s `account`.
pub fn shard_of(provider: Provider, account: &str, count: usize) -> usize {
    assert!(count > 0, "a shard count is at least 1");
    let digest = Sha256::digest(format!("{}/{}", provider.as_str(), account).as_bytes());
    let mut head = [0u8; 8];
    head.copy_from_slice(&digest[..8]);
    (u64::from_be_bytes(head) % count as u64) as usize + 1
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let expected = "expected K/N with 1 ≤ K ≤ N, e.g. 1/4 for the first of four shards";
        let Some((k, n)) = s.split_once('/') else {
            return Err(format!("`{s}` is not a shard: {expected}"));
        };
        let number = |part: &str, what: &str| {
            part.trim()
                .parse::<usize>()
                .map_err(|_| format!("`{s}` is not a shard: {what} `{part}` is not a number; {expected}"))
        };
        let index = number(k, "the index")?;
        let count = number(n, "the count")?;
        if count == 0 {
            return Err(format!("`{s}` is not a shard: the count must be at least 1; {expected}"));
        }
        if index == 0 || index > count {
            return Err(format!("`{s}` is not a shard: shards are numbered 1 to {count}; {expected}"));
        }
        Ok(Shard { index, count })
    }
}

impl clap::builder::ValueParserFactory for Shard {
    type Parser = clap::builder::ValueParser;
    fn value_parser() -> Self::Parser {
        clap::builder::ValueParser::new(|s: &str| s.parse::<Shard>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_k_of_n() {
        assert_eq!("1/1".parse::<Shard>(), Ok(Shard { index: 1, count: 1 }));
        assert_eq!("3/4".parse::<Shard>(), Ok(Shard { index: 3, count: 4 }));
        assert_eq!(Shard { index: 2, count: 5 }.to_string(), "2/5");
    }

    #[test]
    fn refuses_what_is_not_a_shard() {
        let err = |s: &str| s.parse::<Shard>().unwrap_err();
        assert!(err("0/2").contains("numbered 1 to 2"), "{}", err("0/2"));
        assert!(err("3/2").contains("numbered 1 to 2"), "{}", err("3/2"));
        assert!(err("1/0").contains("at least 1"), "{}", err("1/0"));
        assert!(err("x").contains("`x` is not a shard"), "{}", err("x"));
        assert!(err("a/2").contains("index `a` is not a number"), "{}", err("a/2"));
        assert!(err("1/b").contains("count `b` is not a number"), "{}", err("1/b"));
        assert!(err("-1/2").contains("not a number"), "{}", err("-1/2"));
    }

    /// The assignment is part of the documented behaviour: these values must
    /// never change, or shards of one scan run by different splitline
    /// versions would overlap.
    #[test]
    fn assignment_is_pinned() {
        let got: Vec<usize> = ["111111111111", "222222222222", "333333333333", "444444444444"]
            .iter()
            .map(|a| shard_of(Provider::Aws, a, 7))
            .collect();
        assert_eq!(got, PINNED);
        assert_eq!(shard_of(Provider::Gcp, "any-project", 1), 1);
    }
    const PINNED: [usize; 4] = [3, 4, 4, 3];

    proptest! {
        #[test]
        fn every_account_lands_in_exactly_one_shard(
            accounts in proptest::collection::vec("[a-z0-9-]{1,30}", 1..40),
            count in 1usize..20,
        ) {
            for a in &accounts {
                for p in Provider::ALL {
                    let hits = (1..=count).filter(|&k| Shard { index: k, count }.contains(*p, a)).count();
                    prop_assert_eq!(hits, 1);
                }
            }
        }
    }
}
