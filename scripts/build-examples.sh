#!/usr/bin/env bash
# Trunk's post_build hook: the example pages into the build's examples/ folder, beside the
# embedding script they load (two-widgets.html, scenario.yaml), and the example mdBook book
# built into examples/book/. Without mdbook (scripts/setup.sh installs it) the book is
# skipped with a warning, so `trunk serve` still works; the end-to-end tests then fail on it.
set -euo pipefail
out="${TRUNK_STAGING_DIR:-dist}/examples"
mkdir -p "$out"
cp www/examples/*.html www/examples/*.yaml "$out/"
if command -v mdbook >/dev/null; then
  mdbook build www/examples/book --dest-dir "$(realpath "$out")/book" 2>&1 | grep -v ' INFO ' || true
else
  echo "warning: mdbook is not installed (bash scripts/setup.sh installs it): no example book" >&2
fi
