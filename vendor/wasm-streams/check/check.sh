#!/usr/bin/env bash
# Builds check/ for the browser and runs check.mjs (see ../VENDORED.md).
# On demand, not in CI: it builds its own copy of the dependencies.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../../.. && pwd)
export PATH="$HOME/.cargo/bin:$root/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="$root/target/wasm-streams-check"
cargo build -q --release --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir "$CARGO_TARGET_DIR/pkg" --out-name check \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/wasm_streams_check.wasm"
node check.mjs "$CARGO_TARGET_DIR/pkg"
