# Sourced by every script that builds the widget's wasm (never run alone).
#
# The wasm is built with a pinned nightly that rebuilds the standard library
# for it (`-Z build-std`): with `optimize_for_size` (core's smaller sort and
# formatting code) and the `immediate-abort` panic strategy (a panic traps at
# once, so no panic message or its formatting code is in the module), the
# widget's wasm is 28 KB smaller gzipped (204,937 → 176,859 bytes,
# `bash bench/wasm-size.sh`). The price: an unexpected panic shows as
# "RuntimeError: unreachable" in the console, without its message; errors
# the widget expects (a bad index, a failed fetch) are values and still
# reach the reader's alert box. Everything else (the CLI, tests, lints) is
# built with stable Rust. scripts/bootstrap.sh installs this toolchain
# (profile minimal plus rust-src, about 10 s). Set VERBATIM_STABLE_WASM=1 to
# build the wasm with stable Rust instead (larger, panic messages kept).
WASM_TOOLCHAIN=nightly-2026-05-20
if [ "${VERBATIM_STABLE_WASM:-}" != 1 ]; then
  export RUSTUP_TOOLCHAIN=$WASM_TOOLCHAIN
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
fi
