# Installs what building and testing need, skipping whatever is already there. Sourced by
# serve.sh and test.sh; every tool comes from a package registry (crates.io, npm, Debian), and
# nothing downloads a prebuilt binary from elsewhere.
#
# Needs: rustup's stable Rust, Node.js with npm; root (or sudo) only to install Chromium.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Trunk 0.22 needs a newer rustc than stable 1.95: keep to 0.21.x.
TRUNK_VERSION=0.21.14
# The example book (www/examples/book) is built by the build's post_build hook.
MDBOOK_VERSION=0.5.4

say() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else say "needs root to run: $*"; return 1
  fi
}

ensure_rust() {
  # shellcheck disable=SC1091
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
    say "Rust is missing: install rustup's stable toolchain first (see README.md)"
    return 1
  fi
  rustup target list --installed | grep -qx wasm32-unknown-unknown ||
    { say "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown; }
  cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
  cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
}

# The CLI must be exactly the wasm-bindgen version in Cargo.lock, or the generated glue and
# the test runner refuse to work with the crate.
ensure_wasm_bindgen_cli() {
  local want have
  want=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  [ "$have" = "$want" ] && return 0
  say "installing wasm-bindgen-cli $want (had: ${have:-none})"
  # Its own lockfile pins a release crates.io no longer serves: fall back to fresh resolution.
  cargo install wasm-bindgen-cli --version "$want" --locked ||
    cargo install wasm-bindgen-cli --version "$want"
}

ensure_trunk() {
  local have
  have=$(trunk --version 2>/dev/null | awk '{print $2}' || true)
  [ "$have" = "$TRUNK_VERSION" ] && return 0
  say "installing trunk $TRUNK_VERSION (had: ${have:-none}); the first time takes several minutes"
  cargo install trunk --version "$TRUNK_VERSION" --locked
}

# mdBook builds the embedding example book; without its serve/watch features it compiles in
# about 5 minutes on two cores (they would add a web server and a file watcher).
ensure_mdbook() {
  local have
  have=$(mdbook --version 2>/dev/null | awk '{print $2}' || true)
  [ "$have" = "v$MDBOOK_VERSION" ] && return 0
  say "installing mdbook $MDBOOK_VERSION (had: ${have:-none}); the first time takes several minutes"
  cargo install mdbook --version "$MDBOOK_VERSION" --locked --no-default-features
}

# npm packages from the committed lockfile: wasm-opt (binaryen 132; Debian's 108 cannot read
# what this rustc emits) and playwright-core. Their bin folder goes first on PATH.
ensure_npm_packages() {
  command -v npm >/dev/null || { say "Node.js and npm are missing (see README.md)"; return 1; }
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  export PATH="$ROOT/node_modules/.bin:$PATH"
}

# Trunk runs cargo offline (so it can never try to download a tool): fetch crates first.
ensure_crates() {
  cargo fetch --locked --quiet
}

# Hugo builds the example Hugo site (www/examples/hugo); Debian's package (0.111.3), without
# the Go toolchain it recommends.
ensure_hugo() {
  command -v hugo >/dev/null && return 0
  say "installing Debian's hugo"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hugo >/dev/null
}

ensure_chromium() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    return 0
  fi
  say "installing Debian's chromium and chromium-driver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    chromium chromium-driver fonts-liberation >/dev/null
}

ensure_build_tools() {
  ensure_rust
  ensure_wasm_bindgen_cli
  ensure_trunk
  ensure_mdbook
  ensure_hugo
  ensure_npm_packages
  ensure_crates
}
