#!/usr/bin/env bash
# Builds the widget for `verbatim bundle` and `verbatim embed`: the served
# demo's wasm (same profile, so cargo reuses Trunk's build), wasm-bindgen's
# `no-modules` glue (a classic script, which runs from
# file://) and the stylesheet, into target/verbatim/bundle/. The verbatim
# binary reads them from there, so bundling an episode needs no Rust build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
out=target/verbatim/bundle
mkdir -p "$out"
cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown --bin verbatim
wasm-bindgen --target no-modules --no-typescript --out-dir "$out" target/wasm32-unknown-unknown/wasm-release/verbatim.wasm
wasm-opt -Oz "$out/verbatim_bg.wasm" -o "$out/verbatim_bg.wasm"
cp www/verbatim.css www/page.css "$out/"
echo "widget assets in $out: $(wc -c < "$out/verbatim_bg.wasm") bytes of wasm"
