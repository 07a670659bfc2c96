#!/usr/bin/env bash
# Builds the page and serves it on http://127.0.0.1:8080, rebuilding on every change.
# Extra arguments go to `trunk serve` (for example `--release`).
. "$(dirname "$0")/setup.sh"
ensure_build_tools
say "serving on http://127.0.0.1:8080"
exec trunk serve "$@"
