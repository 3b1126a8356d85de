//! `verbatim`: the command line natively, the widget in WebAssembly.
//!
//! The command line ([`cli`]) and what it publishes ([`publish`]: the
//! offline page, the embeds' files; [`site`]: a show's static site) belong
//! to this binary: the library is
//! the transcript, index and search that both the CLI and the widget use.
#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod publish;
#[cfg(not(target_arch = "wasm32"))]
mod site;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    // Rust ignores SIGPIPE, so printing to a closed pipe (`verbatim search
    // … | head`) would panic; the default action ends the process quietly,
    // as other command-line tools do.
    #[cfg(unix)]
    // SAFETY: called first thing, before any other thread exists; restoring
    // a signal's default action touches no memory of this program.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    cli::main()
}

/// The widget's entry point, which wasm-bindgen's glue calls once the
/// module is instantiated. Not `main`: std's `main` shim also flushes
/// stdout on exit, which brought stdout's buffered writer into the wasm
/// (285 bytes gzipped, `bash bench/wasm-size.sh`).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    verbatim::ui::mount();
}

/// The widget's allocator: lol_alloc's free list instead of dlmalloc, 664
/// bytes gzipped smaller (`bash bench/wasm-size.sh`). It walks its list on
/// every allocation and free, so many blocks freed out of the order they
/// were allocated make it slow (`index::postings_table` frees in order).
/// On the 10-hour episodes measured, loading and keystrokes took no longer
/// than with dlmalloc (BENCHMARKS.md has the A/Bs).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: the widget's wasm has one thread (no atomics, no workers).
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
