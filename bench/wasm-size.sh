#!/usr/bin/env bash
# Size of the widget's wasm as served (wasm-release profile, wasm-bindgen,
# wasm-opt -Os --converge), raw and gzip -9. With --breakdown, also where the bytes
# go, per crate and per module of this crate (twiggy on a copy that keeps
# its function names; installs twiggy if missing). Extra arguments go to
# cargo build. Run on demand, not in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
source scripts/wasm-env.sh
breakdown=false
if [ "${1:-}" = --breakdown ]; then breakdown=true; shift; fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build -q --profile wasm-release --target wasm32-unknown-unknown --bin verbatim "$@"
wasm-bindgen --target web --keep-debug --out-dir "$out" target/wasm32-unknown-unknown/wasm-release/verbatim.wasm
wasm-opt -Os --converge "$out/verbatim_bg.wasm" -o "$out/opt.wasm"
# As served: the names shared with the glue shortened (minify-glue.sh).
cp "$out/verbatim.js" "$out/glue.js"
node scripts/minify-names.mjs "$out/glue.js" "$out/opt.wasm" >/dev/null
echo "wasm: $(stat -c %s "$out/opt.wasm") bytes raw, $(gzip -9c "$out/opt.wasm" | wc -c) gzipped"
if $breakdown; then
  command -v twiggy >/dev/null || cargo install --locked twiggy
  wasm-opt -Os --converge -g "$out/verbatim_bg.wasm" -o "$out/named.wasm"
  node bench/wasm-breakdown.mjs "$out/named.wasm" "$out/opt.wasm"
fi
