#!/usr/bin/env bash
# Installs everything the build and the tests need, skipping what is already
# there. Safe to run again and again; CI runs it on a bare machine.
# Versions: ../shared/TOOLCHAIN.md (what works on these machines and why).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
LEPTOSFMT_VERSION=0.1.33
BINARYEN_VERSION=132
# wasm-bindgen-cli must match the wasm-bindgen crate exactly: read it from Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The wasm's pinned nightly with the standard library's source (scripts/wasm-env.sh).
WASM_TOOLCHAIN=$(source scripts/wasm-env.sh && echo "$WASM_TOOLCHAIN")
if ! rustup component list --toolchain "$WASM_TOOLCHAIN" --installed 2>/dev/null | grep -qx rust-src; then
  say "installing Rust $WASM_TOOLCHAIN (the widget's wasm; profile minimal, rust-src)"
  rustup toolchain install "$WASM_TOOLCHAIN" --profile minimal --component rust-src
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (several minutes on 2 cores)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

# leptosfmt formats the view! blocks that rustfmt leaves alone (checked by the tests).
if [ "$(leptosfmt --version 2>/dev/null | awk '{print $2}')" != "$LEPTOSFMT_VERSION" ]; then
  say "installing leptosfmt $LEPTOSFMT_VERSION"
  cargo install --locked "leptosfmt@$LEPTOSFMT_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file names a crate version the registry does not serve.
  cargo install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# npm packages: playwright-core (drives chromium), axe-core (accessibility
# audit), binaryen (wasm-opt; Debian's is too old and breaks the module),
# terser (minifies wasm-bindgen's glue), pagefind (the scale benchmark only).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "$BINARYEN_VERSION" ]; then
  echo "bootstrap: wasm-opt $BINARYEN_VERSION not found in node_modules/.bin" >&2
  exit 1
fi
say "ready"
