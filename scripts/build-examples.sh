#!/usr/bin/env bash
# The example sites, into the build's examples/ folder beside the widget files they load
# (run by scripts/post-build.sh after each trunk build, and usable alone):
#   two-widgets.html and scenario.yaml  plain HTML;
#   book/       the mdBook book, its fences prerendered by the mdbook-pv-playground
#               preprocessor (built here), its assets put in by `mdbook-pv-playground install`;
#   hugo/       the Hugo site (Debian's hugo), the shortcode's widgets beside pv-playground/,
#               their pictures put in by `pvsim prerender` after the build;
#   the npm package, packed into target/npm/ (the Docusaurus example installs it:
#   scripts/build-docusaurus.sh, run by the test command).
# Without mdbook or hugo (scripts/setup.sh installs both) that site is skipped with a
# warning, so `trunk serve` still works; the end-to-end tests then fail on it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$(realpath "${TRUNK_STAGING_DIR:-dist}")
out="$dist/examples"
mkdir -p "$out"
cp "$root"/www/examples/*.html "$root"/www/examples/*.yaml "$out/"

# The preprocessor and pvsim (which prerenders the Hugo site's widgets), at full speed
# (profile release), first on PATH for mdbook.
cargo build --quiet --offline --release -p mdbook-pv-playground -p pvsim
export PATH="$root/target/release:$PATH"
if command -v mdbook >/dev/null; then
  book=$(mktemp -d)
  cp -r "$root/www/examples/book/." "$book/"
  mdbook-pv-playground install --assets "$dist" "$book" >/dev/null
  mdbook build "$book" --dest-dir "$out/book" 2>&1 | grep -v ' INFO ' || true
  rm -rf "$book"
  [ -f "$out/book/index.html" ] || { echo "error: the example book did not build" >&2; exit 1; }
else
  echo "warning: mdbook is not installed (bash scripts/setup.sh installs it): no example book" >&2
fi

if command -v hugo >/dev/null; then
  rm -rf "$out/hugo"
  hugo --quiet --source "$root/www/examples/hugo" --destination "$out/hugo" --baseURL /examples/hugo/
  # Hugo cannot run pvsim per shortcode: the built pages get their widgets' pictures after.
  pvsim prerender "$out/hugo" >/dev/null
  mkdir -p "$out/hugo/pv-playground"
  for file in pv-playground-embed.js pv-explainer.js pv-explainer_bg.wasm pv-playground.js pv-playground_bg.wasm pv-worker.js pv-worker_bg.wasm style.css; do
    cp "$dist/$file" "$out/hugo/pv-playground/"
  done
else
  echo "warning: hugo is not installed (bash scripts/setup.sh installs it): no example Hugo site" >&2
fi

bash "$root/scripts/pack-npm.sh" "$dist" >/dev/null
