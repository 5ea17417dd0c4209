//! Hostile fixture: recurses without bound during evaluation. Rust on
//! wasm32 has two stacks, and this plugin overflows each of them in one of
//! the demo's two AWS accounts:
//!
//! - account 111122223333: frames that keep a buffer in linear memory (Rust's
//!   "shadow" stack, 1 MiB at the bottom of memory). When it overflows, the
//!   stack pointer wraps below address zero and the next store faults near
//!   the top of the 32-bit address space: an out-of-bounds memory access.
//! - any other account: frames of plain scalars, which live on wasmtime's
//!   native wasm stack (`max_wasm_stack`): a stack-overflow trap.

use std::sync::atomic::{AtomicU64, Ordering};

use splitline_plugin_sdk::prelude::*;

/// Keeps a buffer in linear memory alive across the recursive call.
#[allow(unconditional_recursion)]
#[inline(never)]
fn shadow(depth: u64) -> u64 {
    let frame = std::hint::black_box([depth; 16]);
    let below = shadow(std::hint::black_box(depth + 1));
    frame.iter().fold(below, |a, b| a.wrapping_add(*b))
}

static DEPTH: AtomicU64 = AtomicU64::new(0);

/// Scalars only: no linear-memory frame, and the result is used in a way
/// tail-recursion elimination cannot turn into a loop.
#[inline(never)]
fn native(depth: u64) -> u64 {
    DEPTH.store(depth, Ordering::Relaxed);
    if DEPTH.load(Ordering::Relaxed) == u64::MAX {
        return 0;
    }
    native(depth + 1).rotate_left((depth & 63) as u32) ^ depth
}

const CHECK: Check = Check {
    meta: CheckMeta {
        id: "HOSTILE-RECURSION-001",
        long_id: "hostile-recursion",
        title: "Recurses without bound",
        severity: Severity::Low,
        service_model: ServiceModel::Paas,
        control_domain: ControlDomain::Governance,
        resource_kinds: &["aws.s3.bucket"],
        risk: "Stack exhaustion of the scanner.",
        remediation: Remediation { text: "Do not load this plugin.", cli: None, terraform: None },
        references: &[],
        compliance: &[],
    },
    run: |e| {
        let Some(r) = e.inventory().all().first() else { return };
        let depth = if e.ctx().account == "111122223333" { shadow(0) } else { native(0) };
        e.pass(r, format!("Reached depth {depth}."));
    },
};

splitline_plugin_sdk::export_plugin!(
    name: "hostile-recursion",
    provider: "aws",
    service_model: Paas,
    checks: &[&CHECK]
);
