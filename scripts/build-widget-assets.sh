#!/usr/bin/env bash
# Builds the widget for `verbatim bundle`, `verbatim embed` and `verbatim
# archive`: the served demo's wasm (same profile, so cargo reuses Trunk's
# build), wasm-bindgen's `no-modules` glue (a classic script, which runs from
# file://) and the stylesheets (archive.css and site.css for a show's site
# only), into target/verbatim/bundle/; and the same
# with the archive widget (feature `archive-widget`), the one wasm of a
# show's site, into target/verbatim/bundle/site/. The verbatim binary reads
# them from there, so publishing an episode or a show needs no Rust build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
source scripts/wasm-env.sh
out=target/verbatim/bundle
wasm=target/wasm32-unknown-unknown/wasm-release/verbatim.wasm
# build OUT [CARGO ARGS…]: one build of the widget, glue and wasm into OUT.
build() {
  local dir=$1
  shift
  mkdir -p "$dir"
  cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown --bin verbatim "$@"
  wasm-bindgen --target no-modules --no-typescript --out-dir "$dir" "$wasm"
  wasm-opt -Os --converge "$dir/verbatim_bg.wasm" -o "$dir/verbatim_bg.wasm"
  bash scripts/minify-glue.sh "$dir/verbatim.js"
  echo "widget assets in $dir: $(wc -c < "$dir/verbatim_bg.wasm") bytes of wasm"
}
# The site's build first: the episode build is last, so the wasm cargo
# leaves behind is the one Trunk builds next (same features) and it is not
# built again.
build "$out/site" --features archive-widget
build "$out"
cp www/verbatim.css www/archive.css www/page.css www/site.css "$out/"
