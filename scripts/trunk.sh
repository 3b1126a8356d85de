#!/usr/bin/env bash
# Trunk with the widget's wasm toolchain (scripts/wasm-env.sh): use it in
# place of `trunk`, e.g. `bash scripts/trunk.sh build --release --offline`.
# Plain `trunk` works too, with stable Rust and a larger wasm.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
source scripts/wasm-env.sh
exec trunk "$@"
