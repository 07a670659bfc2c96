#!/usr/bin/env bash
# The Docusaurus example (www/examples/docusaurus) into DIR/examples/docusaurus/ (DIR: the
# trunk build, dist/ by default): its packages from its lockfile (npm ci, skipped when
# node_modules is current), then the pv-playground package from the tarball scripts/pack-npm.sh
# made (target/npm/), then `docusaurus build`. Run by the test command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$(realpath "${1:-$root/dist}")
site="$root/www/examples/docusaurus"
cd "$site"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
tarball=$(ls "$root"/target/npm/pv-playground-*.tgz)
npm install --no-save --no-audit --no-fund --loglevel=error "$tarball"
rm -rf "$dist/examples/docusaurus"
PVP_BASE_URL=/examples/docusaurus/ npx --no-install docusaurus build --out-dir "$dist/examples/docusaurus" >/dev/null
[ -f "$dist/examples/docusaurus/index.html" ] || { echo "error: the Docusaurus example did not build" >&2; exit 1; }
