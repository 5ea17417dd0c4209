//! Emulator processes on 127.0.0.1, killed on drop.

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The workspace root (two levels above this crate's manifest... three:
/// `host/collect/testkit`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").canonicalize().expect("workspace root")
}

/// An installed emulator executable: `.tools/emulators/venv/bin/NAME` for
/// Python tools, `.tools/emulators/node/node_modules/.bin/NAME` for npm ones.
/// Panics with the command to run when it is missing.
pub fn tool(name: &str) -> PathBuf {
    let root = workspace_root().join(".tools/emulators");
    let candidates = [root.join("venv/bin").join(name), root.join("node/node_modules/.bin").join(name)];
    for c in &candidates {
        if c.is_file() {
            return c.clone();
        }
    }
    panic!(
        "emulator `{name}` is not installed (looked in {}): run `cargo xtask emulators` (or `cargo xtask test`)",
        candidates.iter().map(|c| c.display().to_string()).collect::<Vec<_>>().join(", ")
    )
}

/// A free TCP port on 127.0.0.1 (bound and released; good enough for tests).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A running emulator. Dropping it kills the process and waits for it.
pub struct EmulatorProcess {
    child: Child,
    pub port: u16,
    pub name: String,
    log: PathBuf,
}

impl EmulatorProcess {
    /// Starts `cmd` (stdout and stderr to a log file in the temp dir) and
    /// waits until 127.0.0.1:`port` accepts connections, at most `ready`.
    pub fn start(name: &str, mut cmd: Command, port: u16, ready: Duration) -> EmulatorProcess {
        let log = std::env::temp_dir().join(format!("splitline-{name}-{port}.log"));
        let out = File::create(&log).expect("emulator log file");
        let err = out.try_clone().expect("emulator log file");
        cmd.stdin(Stdio::null()).stdout(out).stderr(err);
        let child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {name} ({cmd:?}): {e}"));
        let mut p = EmulatorProcess { child, port, name: name.to_string(), log };
        let deadline = Instant::now() + ready;
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return p;
            }
            if let Ok(Some(status)) = p.child.try_wait() {
                panic!("{name} exited with {status} before listening on {port}; its output:\n{}", p.output());
            }
            if Instant::now() > deadline {
                panic!("{name} did not listen on 127.0.0.1:{port} within {ready:?}; its output:\n{}", p.output());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What the emulator printed so far.
    pub fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}
