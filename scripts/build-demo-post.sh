#!/usr/bin/env bash
# Trunk post_build hook: puts the Substack-style demo post (www/demo/) with
# both embeds of the demo episode, and the strict-CSP page, at dist/demo/, when the widget
# assets for embeds exist (scripts/build-widget-assets.sh builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
staging="${TRUNK_STAGING_DIR:-dist}"
if [ ! -f target/verbatim/bundle/verbatim_bg.wasm ]; then
  echo "demo post skipped: run scripts/build-widget-assets.sh to build it"
  exit 0
fi
mkdir -p "$staging/demo"
cp www/demo/index.html www/demo/csp.html www/demo/csp.css "$staging/demo/"
target/release/verbatim embed www/episodes/china-ai-strategy --out "$staging/demo/embed" >/dev/null
