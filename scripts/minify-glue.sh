#!/usr/bin/env bash
# Minifies wasm-bindgen's JavaScript glue in place with terser (an npm
# devDependency): about 64 KB raw / 10 KB gzipped down to 26 KB / 7.5 KB;
# first, the names the glue and the wasm beside it (verbatim_bg.wasm, in
# place) call each other by are shortened (scripts/minify-names.mjs):
# 7.2 KB down to 4.5 KB gzipped, and 3.5 KB off the wasm.
# Usage: minify-glue.sh FILE [--module]. Trunk runs it as a post_build hook
# on the served glue (an ES module); build-widget-assets.sh on the
# `no-modules` glue of embeds, bundles and sites, whose global
# `wasm_bindgen` is kept (top-level names of a classic script are not
# renamed).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
file=${1:-}
[ -n "$file" ] || file="${TRUNK_STAGING_DIR:-dist}/verbatim.js"
shift || true
node scripts/minify-names.mjs "$file" "$(dirname "$file")/verbatim_bg.wasm"
terser "$file" "$@" --compress --mangle --output "$file.min"
mv "$file.min" "$file"
