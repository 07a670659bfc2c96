#!/usr/bin/env bash
# The Docusaurus example (www/examples/docusaurus) into DIR/examples/docusaurus/ (DIR: the
# trunk build, dist/ by default): its packages from its lockfile (npm ci, skipped when
# node_modules is current), then the pv-playground package from the tarball scripts/pack-npm.sh
# made (target/npm/), then `docusaurus build` and `pvsim prerender` over its pages. Run by the
# test command.
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
# Webpack's persistent cache keeps the static folder's files from the last build, even when
# the package installed above has new ones (the same version, other bytes): build from none.
rm -rf node_modules/.cache .docusaurus
PVP_BASE_URL=/examples/docusaurus/ npx --no-install docusaurus build --out-dir "$dist/examples/docusaurus" >/dev/null
[ -f "$dist/examples/docusaurus/index.html" ] || { echo "error: the Docusaurus example did not build" >&2; exit 1; }
# The widgets' pictures into the built pages (the site's own `npm run build` does the same).
cargo build --quiet --offline --release -p pvsim
"$root/target/release/pvsim" prerender "$dist/examples/docusaurus" >/dev/null
