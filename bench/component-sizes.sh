#!/usr/bin/env bash
# What each of the widget's components costs in gzipped wasm: builds the
# widget once as it is, then once per component with that component left
# out of `Episode`'s layout (src/ui/widget.rs), and prints the difference.
# Works on a copy of the sources (the checkout is not touched), with its own
# target directory under target/component-sizes. Run on demand, not in CI
# (about 30 s per variant after a first cold build of a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
source scripts/wasm-env.sh
root=$PWD
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r Cargo.toml Cargo.lock build.rs src benches vendor "$copy/"
mkdir -p "$copy/tests" && cp tests/tests.rs "$copy/tests/"
export CARGO_TARGET_DIR="$root/target/component-sizes"
size() {
  (cd "$copy" && cargo build -q --profile wasm-release --target wasm32-unknown-unknown --bin verbatim)
  wasm-bindgen --target web --out-dir "$copy/out" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/verbatim.wasm"
  wasm-opt -Os --converge "$copy/out/verbatim_bg.wasm" -o "$copy/out/opt.wasm"
  gzip -9c "$copy/out/opt.wasm" | wc -c
}
whole=$(size)
echo "whole widget: $whole bytes of wasm, gzip -9"
echo
echo "| component left out | gzip bytes saved |"
echo "|---|---:|"
components=$(sed -n '/^fn Episode/,/^}/p' src/ui/widget.rs | grep -o '<[A-Z][A-Za-z]* state=state />' | sed 's/<\([A-Za-z]*\).*/\1/')
for component in $components; do
  cp src/ui/widget.rs "$copy/src/ui/widget.rs"
  sed -i "/^fn Episode/,/^}/{/<$component state=state \/>/d}" "$copy/src/ui/widget.rs"
  echo "| $component | $((whole - $(size))) |"
done
cp src/ui/widget.rs "$copy/src/ui/widget.rs"
