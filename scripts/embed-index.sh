#!/usr/bin/env bash
# Trunk pre_build hook: builds the demo episode's index with the native CLI
# (target/verbatim/demo.idx), which index.html copies beside the widget.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/verbatim
# Trunk exports its own cargo settings, and scripts/trunk.sh the wasm's
# toolchain (scripts/wasm-env.sh): the native CLI must inherit neither.
env -u CARGO_TARGET_DIR -u CARGO_BUILD_TARGET -u RUSTUP_TOOLCHAIN -u CARGO_UNSTABLE_BUILD_STD \
  -u CARGO_UNSTABLE_BUILD_STD_FEATURES -u CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS cargo run --quiet --release --bin verbatim -- \
  index "${VERBATIM_EPISODE:-www/episodes/china-ai-strategy}" -o target/verbatim/demo.idx
