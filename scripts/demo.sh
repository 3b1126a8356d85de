#!/usr/bin/env bash
# Sets everything up (first run: several minutes), builds the widget on the
# demo episode and serves it at http://127.0.0.1:8080 until Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
cargo build --release --quiet --bin verbatim
bash scripts/build-widget-assets.sh
echo "Verbatim demo: building, then serving at http://127.0.0.1:8080 (Ctrl+C stops it)"
echo "  the widget:               http://127.0.0.1:8080/"
echo "  a newsletter post with the script embed: http://127.0.0.1:8080/demo/"
exec bash scripts/trunk.sh serve --release --offline
