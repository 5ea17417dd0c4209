//! The plugin runtime: loads components, checks them against the contract,
//! and runs their calls in a sandbox.

mod bindings;
mod cache;
pub mod limits;
mod sandbox;
pub mod validate;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine};

pub use bindings::{CONTRACT_VERSION, wit};
pub use limits::Limits;
pub use sandbox::CallError;
pub use validate::RawFinding;

/// The default compile-cache directory.
pub fn default_cache_dir() -> Option<PathBuf> {
    ComponentCache::default_dir()
}

use crate::model::{CheckInfo, PluginMeta, PluginSource};
use bindings::{INTERFACE, ScannerPluginPre};
use cache::ComponentCache;
use sandbox::PluginState;

/// Why a plugin could not be loaded. Each renders as one sentence after the
/// plugin's file name.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("is not a WebAssembly file (it does not start with the `\\0asm` magic bytes)")]
    NotWasm,
    #[error(
        "is a core WebAssembly module, not a component; build plugins with `cargo build --target wasm32-wasip2` (or wrap the module with `wasm-tools component new`)"
    )]
    CoreModule,
    #[error("has an unknown WebAssembly binary version {0:02x?}")]
    UnknownBinary([u8; 4]),
    #[error("could not be compiled ({0}); the file may be truncated or corrupt")]
    Compile(String),
    #[error(
        "targets contract splitline:plugin@{found}, but this host serves splitline:plugin@{served}; rebuild the plugin against splitline-plugin-sdk {served} or use a splitline release that serves {found}"
    )]
    ContractVersion { found: String, served: &'static str },
    #[error("does not export the splitline:plugin interface, so it is not a splitline plugin (it exports: {0})")]
    NotAPlugin(String),
    #[error(
        "imports `{0}`, which splitline does not provide: plugins may import nothing but WASI, and WASI grants them nothing"
    )]
    ForeignImport(String),
    #[error("does not match the splitline:plugin@{served} contract: {detail}", served = CONTRACT_VERSION)]
    Mismatch { detail: String },
    #[error("failed while describing itself: {0}")]
    Info(CallError),
    #[error("{0}")]
    InvalidInfo(String),
}

/// Advances the engine's epoch every [`sandbox::TICK`] until dropped.
struct EpochTicker {
    stop: Arc<AtomicBool>,
    handle: Option<std::thread::JoinHandle<()>>,
}

impl EpochTicker {
    fn start(engine: Engine) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = std::thread::Builder::new()
            .name("splitline-epoch".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(sandbox::TICK);
                    engine.increment_epoch();
                }
            })
            .expect("spawn the epoch ticker thread");
        Self { stop, handle: Some(handle) }
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// The wasmtime engine, linker, compile cache and epoch ticker.
pub struct Runtime {
    engine: Engine,
    linker: Linker<PluginState>,
    cache: Option<ComponentCache>,
    _ticker: EpochTicker,
}

impl Runtime {
    /// Creates the runtime. `cache_dir: None` disables the compile cache.
    pub fn new(cache_dir: Option<PathBuf>) -> anyhow::Result<Self> {
        let mut config = Config::new();
        config.wasm_component_model(true);
        config.epoch_interruption(true);
        config.max_wasm_stack(1 << 20);
        config.cranelift_opt_level(wasmtime::OptLevel::Speed);
        let engine = Engine::new(&config)?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        Ok(Self {
            _ticker: EpochTicker::start(engine.clone()),
            cache: cache_dir.map(ComponentCache::new),
            engine,
            linker,
        })
    }

    /// Loads and checks one plugin: file format, contract version, imports,
    /// and its `info()`, under the given limits.
    pub fn load(&self, source: PluginSource, bytes: &[u8], limits: Limits) -> Result<LoadedPlugin, LoadError> {
        self.load_digested(source, bytes, crate::digest::sha256_hex(bytes), limits)
    }

    /// [`Self::load`] for a caller that already has the file's SHA-256 (hex).
    pub fn load_digested(
        &self,
        source: PluginSource,
        bytes: &[u8],
        digest: String,
        limits: Limits,
    ) -> Result<LoadedPlugin, LoadError> {
        check_header(bytes)?;
        let component = self.compile(&digest, bytes)?;
        check_contract(&self.engine, &component)?;
        let pre =
            self.linker.instantiate_pre(&component).map_err(|e| LoadError::Mismatch { detail: first_line(&e) })?;
        let pre = ScannerPluginPre::new(pre).map_err(|e| LoadError::Mismatch { detail: first_line(&e) })?;

        let mut store = sandbox::new_store(&self.engine, &limits, 0);
        let raw = pre
            .instantiate(&mut store)
            .and_then(|p| p.splitline_plugin_plugin().call_info(&mut store))
            .map_err(|e| LoadError::Info(sandbox::classify(e, &store, &limits)))?;
        let info = validate::info(raw).map_err(LoadError::InvalidInfo)?;
        Ok(LoadedPlugin {
            meta: PluginMeta {
                name: info.name,
                version: info.version,
                provider: info.provider,
                service_model: info.service_model,
                resource_kinds: info.resource_kinds,
                source,
                digest,
                contract: CONTRACT_VERSION.to_string(),
            },
            checks: info.checks,
            limits,
            pre,
            engine: self.engine.clone(),
        })
    }

    fn compile(&self, digest: &str, bytes: &[u8]) -> Result<Component, LoadError> {
        if let Some(c) = self.cache.as_ref().and_then(|c| c.get(&self.engine, digest)) {
            tracing::debug!(digest, "component loaded from cache");
            return Ok(c);
        }
        let started = std::time::Instant::now();
        let component = Component::new(&self.engine, bytes).map_err(|e| LoadError::Compile(first_line(&e)))?;
        tracing::debug!(digest, ms = started.elapsed().as_millis() as u64, "component compiled");
        if let Some(cache) = &self.cache {
            cache.put(&self.engine, digest, &component);
        }
        Ok(component)
    }
}

fn first_line(e: &wasmtime::Error) -> String {
    validate::clean(&format!("{e:#}"), 400)
}

/// Magic and version bytes: a component is `\0asm` + `0d 00 01 00`.
fn check_header(bytes: &[u8]) -> Result<(), LoadError> {
    if bytes.len() < 8 || &bytes[..4] != b"\0asm" {
        return Err(LoadError::NotWasm);
    }
    match bytes[4..8] {
        [0x01, 0x00, 0x00, 0x00] => Err(LoadError::CoreModule),
        [0x0d, 0x00, 0x01, 0x00] => Ok(()),
        [a, b, c, d] => Err(LoadError::UnknownBinary([a, b, c, d])),
        _ => unreachable!("slice of four bytes"),
    }
}

/// The plugin must export `splitline:plugin/plugin@0.1.0` and import
/// nothing but WASI.
fn check_contract(engine: &Engine, component: &Component) -> Result<(), LoadError> {
    let ty = component.component_type();
    let exports: Vec<String> = ty.exports(engine).map(|(name, _)| name.to_string()).collect();
    let wanted = format!("{INTERFACE}@{CONTRACT_VERSION}");
    if !exports.contains(&wanted) {
        if let Some(other) =
            exports.iter().find_map(|e| e.strip_prefix(INTERFACE).map(|v| v.trim_start_matches('@').to_string()))
        {
            return Err(LoadError::ContractVersion {
                found: if other.is_empty() { "(unversioned)".into() } else { other },
                served: CONTRACT_VERSION,
            });
        }
        let list = if exports.is_empty() { "nothing".to_string() } else { validate::clean(&exports.join(", "), 300) };
        return Err(LoadError::NotAPlugin(list));
    }
    for (name, _) in ty.imports(engine) {
        if !name.starts_with("wasi:") {
            return Err(LoadError::ForeignImport(validate::clean(name, 200)));
        }
    }
    Ok(())
}

/// What one `evaluate` call gets.
pub struct CallInput<'a> {
    pub context: &'a wit::Context,
    pub resources: &'a [wit::Resource],
}

/// A plugin that loaded and described itself correctly.
pub struct LoadedPlugin {
    pub meta: PluginMeta,
    pub checks: Vec<CheckInfo>,
    pub limits: Limits,
    pre: ScannerPluginPre<PluginState>,
    engine: Engine,
}

/// What one call cost.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallStats {
    pub instantiate: std::time::Duration,
    pub call: std::time::Duration,
    pub peak_memory: u64,
}

impl LoadedPlugin {
    /// Runs `evaluate` for one account in a fresh sandboxed instance and
    /// validates the answer.
    pub fn evaluate(&self, input: CallInput<'_>) -> Result<Vec<RawFinding>, CallError> {
        self.evaluate_with_stats(input).0
    }

    /// [`Self::evaluate`], also reporting time and memory.
    pub fn evaluate_with_stats(&self, input: CallInput<'_>) -> (Result<Vec<RawFinding>, CallError>, CallStats) {
        let mut stats = CallStats::default();
        let mut store = sandbox::new_store(&self.engine, &self.limits, input.context.scan_time);
        let started = std::time::Instant::now();
        let result = self.pre.instantiate(&mut store).and_then(|p| {
            stats.instantiate = started.elapsed();
            p.splitline_plugin_plugin().call_evaluate(&mut store, input.context, input.resources)
        });
        stats.call = started.elapsed().saturating_sub(stats.instantiate);
        stats.peak_memory = store.data().peak_memory();
        let raw = match result {
            Ok(Ok(findings)) => findings,
            Ok(Err(message)) => return (Err(CallError::Returned(validate::clean(&message, 500))), stats),
            Err(e) => return (Err(sandbox::classify(e, &store, &self.limits)), stats),
        };
        drop(store);
        let declared: HashSet<&str> = self.checks.iter().map(|c| c.id.as_str()).collect();
        let given: HashMap<&str, usize> = input.resources.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
        (validate::findings(raw, &declared, &given, self.limits.output_bytes).map_err(CallError::Invalid), stats)
    }
}
