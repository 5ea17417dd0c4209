//! The local emulators the collector tests run against, installed into
//! `.tools/emulators/`: moto server and gcp-storage-emulator (PyPI, in a
//! virtual environment) and Azurite (npm, exactly as locked). Skips what is
//! installed and current: the requirements and lock files are copied next
//! to the install and compared on the next run.

use std::fs;
use std::path::Path;
use std::process::Command;

const REQUIREMENTS: &str = "host/collect/testkit/requirements.txt";
const NODE_DIR: &str = "host/collect/testkit/node";

pub fn install(root: &Path) -> Result<(), String> {
    install_python(root)?;
    install_node(root)
}

fn install_python(root: &Path) -> Result<(), String> {
    let venv = root.join(".tools/emulators/venv");
    let wanted = fs::read(root.join(REQUIREMENTS)).map_err(|e| format!("cannot read {REQUIREMENTS}: {e}"))?;
    let stamp = venv.join("splitline-requirements.txt");
    let python = venv.join("bin/python");
    if python.is_file() && fs::read(&stamp).ok().as_ref() == Some(&wanted) && venv.join("bin/moto_server").is_file() {
        eprintln!("emulators: Python emulators already installed in .tools/emulators/venv");
        return Ok(());
    }
    if !python.is_file() {
        crate::run(Command::new("python3").args(["-m", "venv"]).arg(&venv)).map_err(|e| {
            format!("{e}; a Python 3 with the venv module is needed (Debian: apt-get install python3-venv)")
        })?;
    }
    crate::run(
        Command::new(&python)
            .args(["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--requirement"])
            .arg(root.join(REQUIREMENTS)),
    )?;
    fs::write(&stamp, &wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

fn install_node(root: &Path) -> Result<(), String> {
    let prefix = root.join(".tools/emulators/node");
    let src = root.join(NODE_DIR);
    let lock = fs::read(src.join("package-lock.json"))
        .map_err(|e| format!("cannot read {NODE_DIR}/package-lock.json: {e}"))?;
    let lock_dst = prefix.join("package-lock.json");
    if prefix.join("node_modules/.bin/azurite-blob").exists() && fs::read(&lock_dst).ok().as_ref() == Some(&lock) {
        eprintln!("emulators: Azurite already installed in .tools/emulators/node");
        return Ok(());
    }
    fs::create_dir_all(&prefix).map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    fs::copy(src.join("package.json"), prefix.join("package.json"))
        .map_err(|e| format!("cannot copy {NODE_DIR}/package.json: {e}"))?;
    fs::write(&lock_dst, &lock).map_err(|e| format!("cannot write {}: {e}", lock_dst.display()))?;
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    crate::run(Command::new(npm).args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(&prefix))
        .map_err(|e| format!("{e}; Node.js 18 or newer with npm is needed"))
}
