#!/usr/bin/env bash
# Trunk pre_build hook: builds the demo episode's index with the native CLI
# (target/verbatim/demo.idx), which index.html copies beside the widget.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/verbatim
# Trunk exports its own cargo settings; the native CLI must not inherit them.
env -u CARGO_TARGET_DIR -u CARGO_BUILD_TARGET cargo run --quiet --release --bin verbatim -- \
  index "${VERBATIM_EPISODE:-www/episodes/china-ai-strategy}" -o target/verbatim/demo.idx
