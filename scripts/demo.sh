#!/usr/bin/env bash
# Sets everything up (first run: several minutes), builds the widget on the
# demo episode and serves it at http://127.0.0.1:8080 until Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
echo "Verbatim demo: building, then serving at http://127.0.0.1:8080 (Ctrl+C stops it)"
exec trunk serve --release --offline
