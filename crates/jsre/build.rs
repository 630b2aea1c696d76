//! Packs the binary's relative relocations (RELR, `-z pack-relative-relocs`) where the C
//! library can load them.
//!
//! Why: jsre is a position-independent executable with ~35,000 relative relocations
//! (Boa's and aws-lc's tables of pointers). As RELA entries they fill 860 KB that the
//! loader reads at every start and that stay mapped; RELR packs them into ~8 KB, which
//! lowers the resident memory of every jsre process by ~0.6 MiB (docs/benchmarks.md).
//!
//! Only when building for the machine we build on, with glibc 2.36 or newer (older ones
//! refuse to start a RELR binary) and a linker that takes the flag; anywhere else the
//! binary is linked as before. A binary built here runs only where glibc is 2.36 or
//! newer: to build one for older systems, set `JSRE_NO_RELR=1` (docs/ARCHITECTURE.md).

use std::env;
use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=JSRE_NO_RELR");
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    if env::var_os("JSRE_NO_RELR").is_some_and(|v| !v.is_empty() && v != "0") {
        return;
    }
    let target = env::var("TARGET").unwrap_or_default();
    let host = env::var("HOST").unwrap_or_default();
    if target != host || !target.ends_with("-linux-gnu") {
        return;
    }
    if glibc_version().is_some_and(|v| v >= (2, 36)) && linker_packs_relocations() {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// The running glibc's (major, minor), from `getconf GNU_LIBC_VERSION` ("glibc 2.36").
fn glibc_version() -> Option<(u32, u32)> {
    let out = Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let version = text.trim().strip_prefix("glibc ")?;
    let mut parts = version.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// Whether the linker rustc will use (`RUSTC_LINKER` when one is configured, else `cc`,
/// rustc's default on Linux) accepts `-z pack-relative-relocs`, and the program it links
/// runs (binutils 2.38+ or lld 15+; and the loader takes DT_RELR).
fn linker_packs_relocations() -> bool {
    let Some(out_dir) = env::var_os("OUT_DIR") else {
        return false;
    };
    let dir = Path::new(&out_dir);
    let source = dir.join("relr-check.c");
    let program = dir.join("relr-check");
    let linker = env::var_os("RUSTC_LINKER").unwrap_or_else(|| "cc".into());
    if std::fs::write(&source, "int main(void) { return 0; }\n").is_err() {
        return false;
    }
    let linked = Command::new(&linker)
        .args(["-pie", "-fPIE", "-Wl,-z,pack-relative-relocs", "-o"])
        .arg(&program)
        .arg(&source)
        .output()
        .is_ok_and(|o| o.status.success());
    linked && Command::new(&program).status().is_ok_and(|s| s.success())
}
