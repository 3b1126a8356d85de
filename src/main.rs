//! `verbatim`: the command line natively, the widget in WebAssembly.
//!
//! The command line ([`cli`]) and what it publishes ([`publish`]: the
//! offline page, the embeds' files; [`site`]: a show's static site) belong
//! to this binary: the library is
//! the transcript, index and search that both the CLI and the widget use.

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

#[cfg(target_arch = "wasm32")]
fn main() {
    verbatim::ui::mount();
}
