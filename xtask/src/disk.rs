//! Disk space: the test command's clean build needs about
//! [`TEST_BUILD_NEEDS_GIB`] GiB in the target directory (the AWS SDK's EC2
//! crate alone is over 1 GiB of build artefacts). A build that runs out of
//! space fails deep inside rustc with "No space left on device"; saying so
//! up front, with the figure, saves a half-hour run.

use std::ffi::CString;
use std::path::Path;

/// A clean clone's run used 7.7 GiB (docs/benchmarks.md, "Disk and build
/// time of the test command"); the rest is margin.
pub const TEST_BUILD_NEEDS_GIB: u64 = 10;

/// Free bytes available to this user on the filesystem holding `path`
/// (the nearest existing ancestor when `path` does not exist yet).
pub fn free_bytes(path: &Path) -> Option<u64> {
    let existing = path.ancestors().find(|p| p.exists())?;
    let c = CString::new(existing.as_os_str().as_encoded_bytes()).ok()?;
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is a valid NUL-terminated path and `st` a writable statvfs.
    let rc = unsafe { libc::statvfs(c.as_ptr(), &mut st) };
    (rc == 0).then(|| st.f_bavail as u64 * st.f_frsize as u64)
}

/// Prints the free space where the build will write, and a warning with
/// what to do when it is below what the build needs. Never fails: the
/// filesystem may compress, or the build may already be mostly done.
pub fn preflight(target_dir: &Path, needs_gib: u64) {
    let Some(free) = free_bytes(target_dir) else { return };
    let gib = free as f64 / (1u64 << 30) as f64;
    eprintln!("xtask: {gib:.1} GiB free for {}", target_dir.display());
    if free < needs_gib << 30 {
        eprintln!(
            "xtask: warning: a clean build of the test suite needs about {needs_gib} GiB in {}; only {gib:.1} GiB \
             is free. Free some space (for example `cargo clean` in other checkouts) or point CARGO_TARGET_DIR \
             at a larger disk, or the build may stop with \"No space left on device\".",
            target_dir.display()
        );
    }
}
