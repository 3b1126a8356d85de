#!/usr/bin/env bash
# Size of the widget's wasm as served (wasm-release profile, wasm-bindgen,
# wasm-opt -Oz), raw and gzip -9. BENCHMARKS.md's per-part shares come from
# running this after temporarily removing one part from the code.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
out=$(mktemp -d)
cargo build -q --profile wasm-release --target wasm32-unknown-unknown --bin verbatim "$@"
wasm-bindgen --target web --out-dir "$out" target/wasm32-unknown-unknown/wasm-release/verbatim.wasm
wasm-opt -Oz "$out/verbatim_bg.wasm" -o "$out/opt.wasm"
echo "wasm: $(stat -c %s "$out/opt.wasm") bytes raw, $(gzip -9c "$out/opt.wasm" | wc -c) gzipped"
rm -rf "$out"
