//! Compiled components are cached on disk: the second run does not recompile.

use crate::support::{run, splitline};

#[test]
fn second_run_loads_compiled_plugins_from_the_cache() {
    let cache = tempfile::tempdir().unwrap();
    let first = run(splitline().args(["plugins", "list", "-vv", "--cache-dir"]).arg(cache.path()));
    assert_eq!(first.code, 0, "{}", first.stderr);
    let compiled = first.stderr.matches("component compiled").count();
    assert!(compiled >= 3, "every built-in plugin is compiled on a cold cache:\n{}", first.stderr);
    assert_eq!(first.stderr.matches("component loaded from cache").count(), 0);

    let second = run(splitline().args(["plugins", "list", "-vv", "--cache-dir"]).arg(cache.path()));
    assert_eq!(second.code, 0);
    assert_eq!(second.stderr.matches("component compiled").count(), 0, "{}", second.stderr);
    assert_eq!(second.stderr.matches("component loaded from cache").count(), compiled);

    let uncached = run(splitline().args(["plugins", "list", "-vv", "--no-cache"]));
    assert_eq!(uncached.stderr.matches("component compiled").count(), compiled);
}

#[test]
fn corrupt_cache_entry_is_recompiled_not_fatal() {
    let cache = tempfile::tempdir().unwrap();
    assert_eq!(run(splitline().args(["plugins", "list", "--cache-dir"]).arg(cache.path())).code, 0);
    for entry in std::fs::read_dir(cache.path().join("components")).unwrap() {
        std::fs::write(entry.unwrap().path(), b"garbage").unwrap();
    }
    let r = run(splitline().args(["plugins", "list", "-vv", "--cache-dir"]).arg(cache.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("component compiled"), "{}", r.stderr);
}
