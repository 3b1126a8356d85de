#!/usr/bin/env bash
# The whole test suite: installs what is missing, then checks formatting and
# lints, runs the native tests (parsers, index, search, CLI), builds the
# widget, checks the syntax of every shipped JavaScript file and runs the
# browser tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lints"
cargo fmt --check
leptosfmt --check --quiet src/ui   # the view! blocks (settings in leptosfmt.toml)
cargo clippy --all-targets --quiet -- -D warnings

step "native tests"
cargo test --quiet

step "widget build (trunk build --release --offline), embed assets, demo post"
cargo build --release --quiet --bin verbatim
bash scripts/build-widget-assets.sh
bash scripts/trunk.sh build --release --offline

step "shipped JavaScript parses (node --check): www/ and what \`verbatim embed\` writes"
while IFS= read -r -d '' js; do node --check "$js"; done < <(find www -name '*.js' -print0)
embed_out=$(mktemp -d)
target/release/verbatim embed www/episodes/china-ai-strategy --out "$embed_out" >/dev/null
for js in "$embed_out"/*.js; do node --check "$js"; done
rm -rf "$embed_out"

step "widget lints (wasm target)"
cargo clippy --target wasm32-unknown-unknown --lib --quiet --features archive-widget -- -D warnings

step "browser tests (Playwright + /usr/bin/chromium)"
cargo build --release --quiet --bin verbatim
node --test --test-concurrency=1 tests/browser/
