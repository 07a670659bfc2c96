#!/usr/bin/env bash
# `npm pack` of the embedding package (www/npm/package.json): the embedding script and its
# TypeScript types, both wasm modules with their JS glue, the Web Worker, the style sheet. Takes the built
# files from DIR (default dist/) and leaves target/npm/pv-playground-VERSION.tgz.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist=$(realpath "${1:-$root/dist}")
stage="$root/target/npm/package"
rm -rf "$stage"
mkdir -p "$stage"
cp "$root/www/npm/package.json" "$root/www/npm/README.md" "$root/www/pv-playground-embed.d.ts" "$stage/"
for file in pv-playground-embed.js pv-explainer.js pv-explainer_bg.wasm pv-playground.js pv-playground_bg.wasm pv-worker.js pv-worker_bg.wasm style.css; do
  cp "$dist/$file" "$stage/"
done
cd "$root/target/npm"
npm pack --silent "$stage"
