//! The headless browser the HTML report test runs in: Debian's `chromium`
//! package at `/usr/bin/chromium`. Installed with apt-get when missing
//! (`sudo` when not root); the package lists are refreshed only when the
//! first install attempt fails.

use std::path::Path;
use std::process::Command;

/// Where the integration test (`host/tests/it/html.rs`) looks for it.
pub const CHROMIUM: &str = "/usr/bin/chromium";

pub fn install() -> Result<(), String> {
    if Path::new(CHROMIUM).is_file() {
        eprintln!("browser: {CHROMIUM} already installed");
        return Ok(());
    }
    if !Path::new("/usr/bin/apt-get").is_file() {
        return Err(format!(
            "{CHROMIUM} is missing and there is no apt-get to install it: install Chromium so that {CHROMIUM} \
             exists (Debian/Ubuntu package `chromium`), or set SPLITLINE_SKIP_BROWSER_TESTS=1 to skip the \
             HTML report's browser test"
        ));
    }
    let install = || apt(&["install", "-y", "--no-install-recommends", "chromium"]);
    if let Err(first) = install() {
        eprintln!("browser: {first}; refreshing the package lists and trying again");
        apt(&["update"]).map_err(|e| format!("{e}; cannot refresh the package lists to install chromium"))?;
        install().map_err(|e| format!("{e}; cannot install Debian's chromium package"))?;
    }
    if Path::new(CHROMIUM).is_file() {
        Ok(())
    } else {
        Err(format!("apt-get installed chromium, but {CHROMIUM} does not exist"))
    }
}

/// `apt-get ARGS`, non-interactive, through `sudo` unless already root.
fn apt(args: &[&str]) -> Result<(), String> {
    let mut cmd = if is_root() {
        Command::new("apt-get")
    } else {
        let mut c = Command::new("sudo");
        c.args(["--preserve-env=DEBIAN_FRONTEND", "apt-get"]);
        c
    };
    cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    crate::run(&mut cmd)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}
