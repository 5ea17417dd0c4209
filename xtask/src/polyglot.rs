//! The example plugins written in other languages (`examples/python-plugin`,
//! `examples/js-plugin`): installing their build tools into the project-local
//! `.tools/` and building them into `target/polyglot/`.
//!
//! Everything comes from the package registries (PyPI, npm) through their
//! ordinary clients, at pinned versions; every step is skipped when its result
//! is already there, so a second run costs a few file reads and one
//! `componentize-py --version`.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

/// Pinned in `examples/python-plugin/requirements.txt` too.
const COMPONENTIZE_PY_VERSION: &str = "0.25.1";
/// Pinned in `examples/js-plugin/package.json` (and its lock file) too.
const COMPONENTIZE_JS_VERSION: &str = "0.23.0";

const PY_DIR: &str = "examples/python-plugin";
const JS_DIR: &str = "examples/js-plugin";
const PY_OUT: &str = "py-iam-hygiene.wasm";
const JS_OUT: &str = "js-firewall.wasm";
const WORLD: &str = "scanner-plugin";

/// Installs componentize-py into `root/.tools/venv` and componentize-js into
/// `root/.tools/node`, each at its pinned version, skipping what is there.
pub fn install_tools(root: &Path) -> Result<(), String> {
    install_python(root)?;
    install_js(root)?;
    Ok(())
}

/// Builds `examples/python-plugin` into `target/polyglot/py-iam-hygiene.wasm`
/// (installing componentize-py first if needed); rebuilds only when a source
/// file, the WIT or the tool is newer than the component.
pub fn build_python(root: &Path) -> Result<PathBuf, String> {
    let tool = install_python(root)?;
    let src = root.join(PY_DIR);
    let out = root.join("target/polyglot").join(PY_OUT);
    let sources = files_with_ext(&src, &["py"])?;
    let mut inputs = sources.clone();
    inputs.extend(files_with_ext(&root.join("wit"), &["wit"])?);
    inputs.push(tool.clone());
    if is_fresh(&out, &inputs)? {
        eprintln!("polyglot: {} is up to date", rel(root, &out));
        return Ok(out);
    }
    let tmp = prepare_output(&out)?;
    // Build from a copy of the sources without the tests: componentize-py
    // writes a __pycache__ next to the modules it loads.
    let stage = root.join("target/polyglot/python-src");
    match fs::remove_dir_all(&stage) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot remove {}: {e}", stage.display())),
    }
    for file in &sources {
        let to = stage.join(file.strip_prefix(&src).expect("found under src"));
        fs::create_dir_all(to.parent().expect("file has a parent"))
            .and_then(|()| fs::copy(file, &to))
            .map_err(|e| format!("cannot copy {} to {}: {e}", file.display(), to.display()))?;
    }
    // componentize-py runs the app once at build time (pre-initialization),
    // so the build also catches import errors in app.py.
    run(Command::new(&tool)
        .arg("--quiet")
        .arg("--wit-path")
        .arg(root.join("wit"))
        .args(["--world", WORLD, "componentize", "--python-path"])
        .arg(&stage)
        .arg("--output")
        .arg(&tmp)
        .arg("app"))?;
    finish_output(root, &tmp, &out)
}

/// Generates the Python bindings of the contract into
/// `target/polyglot/py-bindings`, so the example's unit tests run under
/// plain CPython. Regenerated every time: it takes well under a second.
pub fn python_bindings(root: &Path) -> Result<PathBuf, String> {
    let tool = install_python(root)?;
    let out = root.join("target/polyglot/py-bindings");
    match fs::remove_dir_all(&out) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot remove {}: {e}", out.display())),
    }
    run(Command::new(&tool)
        .arg("--quiet")
        .arg("--wit-path")
        .arg(root.join("wit"))
        .args(["--world", WORLD, "bindings"])
        .arg(&out))?;
    Ok(out)
}

/// Builds `examples/js-plugin` into `target/polyglot/js-firewall.wasm`
/// (installing componentize-js first if needed); rebuilds only when a source
/// file, the WIT or the tool is newer than the component.
pub fn build_js(root: &Path) -> Result<PathBuf, String> {
    let tool = install_js(root)?;
    let src = root.join(JS_DIR);
    let out = root.join("target/polyglot").join(JS_OUT);
    let mut inputs = files_with_ext(&src, &["js", "mjs"])?;
    inputs.extend(files_with_ext(&root.join("wit"), &["wit"])?);
    inputs.push(tool.join("package.json"));
    if is_fresh(&out, &inputs)? {
        eprintln!("polyglot: {} is up to date", rel(root, &out));
        return Ok(out);
    }
    let tmp = prepare_output(&out)?;
    run(Command::new("node").arg(src.join("build.mjs")).arg(&tool).arg(root.join("wit")).arg(&tmp))?;
    finish_output(root, &tmp, &out)
}

/// Makes sure `.tools/venv` has componentize-py at the pinned version and
/// returns the path of its executable.
fn install_python(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join(".tools/venv");
    let bin = venv.join(if cfg!(windows) { "Scripts" } else { "bin" });
    let tool = bin.join(exe("componentize-py"));
    let want = format!("componentize-py {COMPONENTIZE_PY_VERSION}");
    if tool.is_file() && version_output(&tool).as_deref() == Some(want.as_str()) {
        eprintln!("polyglot: {want} already installed in {}", rel(root, &venv));
        return Ok(tool);
    }
    let python = bin.join(exe("python"));
    if !python.is_file() {
        eprintln!("polyglot: creating the Python virtual environment {}", rel(root, &venv));
        run(Command::new(if cfg!(windows) { "python" } else { "python3" }).args(["-m", "venv"]).arg(&venv)).map_err(
            |e| format!("{e}; a Python 3 with the venv module is needed (Debian: apt-get install python3-venv)"),
        )?;
    }
    eprintln!("polyglot: installing {want} into {}", rel(root, &venv));
    run(Command::new(&python)
        .args(["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--requirement"])
        .arg(root.join(PY_DIR).join("requirements.txt")))?;
    match version_output(&tool) {
        Some(v) if v == want => Ok(tool),
        other => Err(format!(
            "after installing, {} reports {:?} instead of {want:?}: is {PY_DIR}/requirements.txt pinned to {COMPONENTIZE_PY_VERSION}?",
            tool.display(),
            other.unwrap_or_default()
        )),
    }
}

/// Makes sure `.tools/node` has componentize-js (and its dependencies, exactly
/// as in the example's lock file) and returns the package's directory.
fn install_js(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join(".tools/node");
    let pkg = prefix.join("node_modules/@bytecodealliance/componentize-js");
    let lock_src = root.join(JS_DIR).join("package-lock.json");
    let lock_dst = prefix.join("package-lock.json");
    let want = format!("@bytecodealliance/componentize-js {COMPONENTIZE_JS_VERSION}");
    let lock = fs::read(&lock_src).map_err(|e| format!("cannot read {}: {e}", lock_src.display()))?;
    // The lock file is copied in before `npm ci` and `npm ci` never changes
    // it, so an identical copy plus the package at the pinned version means
    // the install is complete and current.
    if package_version(&pkg).as_deref() == Some(COMPONENTIZE_JS_VERSION)
        && fs::read(&lock_dst).ok().as_ref() == Some(&lock)
    {
        eprintln!("polyglot: {want} already installed in {}", rel(root, &prefix));
        return Ok(pkg);
    }
    eprintln!("polyglot: installing {want} into {}", rel(root, &prefix));
    fs::create_dir_all(&prefix).map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    let manifest = root.join(JS_DIR).join("package.json");
    fs::copy(&manifest, prefix.join("package.json"))
        .map_err(|e| format!("cannot copy {} into {}: {e}", manifest.display(), prefix.display()))?;
    fs::write(&lock_dst, &lock).map_err(|e| format!("cannot write {}: {e}", lock_dst.display()))?;
    // `npm ci` installs exactly the lock file's versions (an `npm install`
    // that never resolves anything anew), replacing any partial install.
    run(Command::new(exe_cmd("npm")).args(["ci", "--no-audit", "--no-fund", "--prefix"]).arg(&prefix))
        .map_err(|e| format!("{e}; Node.js 18 or newer with npm is needed"))?;
    match package_version(&pkg) {
        Some(v) if v == COMPONENTIZE_JS_VERSION => Ok(pkg),
        other => Err(format!(
            "after installing, {} has version {:?} instead of {COMPONENTIZE_JS_VERSION}: is {JS_DIR}/package-lock.json current?",
            pkg.display(),
            other.unwrap_or_default()
        )),
    }
}

/// The `"version"` of an npm package's package.json (a top-level string
/// field; found without a JSON parser since xtask is std only).
fn package_version(pkg: &Path) -> Option<String> {
    let text = fs::read_to_string(pkg.join("package.json")).ok()?;
    // Top-level fields of npm's package.json are indented by two spaces.
    let line = text.lines().find(|l| l.starts_with("  \"version\""))?;
    let value = line.split_once(':')?.1.trim().trim_end_matches(',').trim();
    Some(value.trim_matches('"').to_string())
}

/// First line of `TOOL --version`, or `None` when it does not run.
fn version_output(tool: &Path) -> Option<String> {
    let out = Command::new(tool).arg("--version").stdin(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or("").trim().to_string())
}

/// Files under `dir` (recursively, skipping `node_modules`, `__pycache__`
/// and tests: `test_*.py`, `*.test.mjs`) whose extension is one of `exts`.
fn files_with_ext(dir: &Path, exts: &[&str]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = fs::read_dir(&d).map_err(|e| format!("cannot read {}: {e}", d.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("cannot read {}: {e}", d.display()))?.path();
            let name = path.file_name().and_then(OsStr::to_str).unwrap_or("");
            if path.is_dir() {
                if !matches!(name, "node_modules" | "__pycache__") && !name.starts_with('.') {
                    stack.push(path);
                }
            } else if path.extension().and_then(OsStr::to_str).is_some_and(|x| exts.contains(&x))
                && !name.starts_with("test_")
                && !name.contains(".test.")
            {
                found.push(path);
            }
        }
    }
    if found.is_empty() {
        return Err(format!("found no {} files in {}", exts.join("/"), dir.display()));
    }
    Ok(found)
}

/// Whether `out` exists and is at least as new as every input.
fn is_fresh(out: &Path, inputs: &[PathBuf]) -> Result<bool, String> {
    let Some(built) = modified(out) else { return Ok(false) };
    for input in inputs {
        let changed =
            modified(input).ok_or_else(|| format!("cannot read the modification time of {}", input.display()))?;
        if changed > built {
            return Ok(false);
        }
    }
    Ok(true)
}

fn modified(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Creates the output directory; returns the temporary path to build into,
/// so a failed build never leaves a truncated component behind.
fn prepare_output(out: &Path) -> Result<PathBuf, String> {
    let dir = out.parent().expect("output path has a parent");
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let tmp = out.with_extension("wasm.tmp");
    match fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot remove {}: {e}", tmp.display())),
    }
    Ok(tmp)
}

fn finish_output(root: &Path, tmp: &Path, out: &Path) -> Result<PathBuf, String> {
    fs::rename(tmp, out).map_err(|e| format!("cannot move {} to {}: {e}", tmp.display(), out.display()))?;
    let size = fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    eprintln!("polyglot: built {} ({:.1} MB)", rel(root, out), size as f64 / 1e6);
    Ok(out.to_path_buf())
}

/// Runs a command with its output on stderr (xtask's stdout stays clean).
fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    eprintln!("$ {shown}");
    let status =
        cmd.stdin(Stdio::null()).stdout(io::stderr()).status().map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("`{shown}` failed ({status})")) }
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

fn exe(name: &str) -> String {
    if cfg!(windows) { format!("{name}.exe") } else { name.to_string() }
}

/// npm is a batch file on Windows, which `Command` does not find by bare name.
fn exe_cmd(name: &str) -> String {
    if cfg!(windows) { format!("{name}.cmd") } else { name.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
    }

    /// The pins live in the examples' own files (so authors can use them
    /// without xtask) and here; they must agree.
    #[test]
    fn pins_match_the_examples_files() {
        let req = fs::read_to_string(root().join(PY_DIR).join("requirements.txt")).unwrap();
        assert!(
            req.lines().any(|l| l.trim() == format!("componentize-py=={COMPONENTIZE_PY_VERSION}")),
            "{PY_DIR}/requirements.txt does not pin componentize-py=={COMPONENTIZE_PY_VERSION}"
        );
        let manifest = fs::read_to_string(root().join(JS_DIR).join("package.json")).unwrap();
        assert!(
            manifest.contains(&format!("\"@bytecodealliance/componentize-js\": \"{COMPONENTIZE_JS_VERSION}\"")),
            "{JS_DIR}/package.json does not pin @bytecodealliance/componentize-js {COMPONENTIZE_JS_VERSION}"
        );
        let lock = fs::read_to_string(root().join(JS_DIR).join("package-lock.json")).unwrap();
        let entry =
            lock.split("\"node_modules/@bytecodealliance/componentize-js\": {").nth(1).expect("lock has the package");
        assert!(
            entry.trim_start().starts_with(&format!("\"version\": \"{COMPONENTIZE_JS_VERSION}\"")),
            "{JS_DIR}/package-lock.json is not at {COMPONENTIZE_JS_VERSION}: run npm install --package-lock-only there"
        );
    }
}
