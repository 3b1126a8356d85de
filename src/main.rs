//! `verbatim`: the command line natively, the widget in WebAssembly.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    verbatim::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {
    verbatim::ui::mount();
}
