#!/usr/bin/env bash
# Trunk's post_build hook (and usable alone): the lean widget module beside the page, as
# pv-explainer.js + pv-explainer_bg.wasm. It is the `pv-explainer` binary built without the
# default `full` feature (src/web/explainer.rs only: no Yew, forms, YAML panel, Diagnose,
# lessons, tables or cluster graph, and an engine without workload controllers), so an
# embedded flow widget downloads a fraction of the playground; the embedding script loads the
# full module only for the widgets that need it (an explainer over workloads among them).
# Release builds use the size profile `page` and wasm-opt -Oz, as Trunk does for the page.
set -euo pipefail
out="${TRUNK_STAGING_DIR:-dist}"
mkdir -p "$out"
profile=page
args=(--profile page)
if [ "${TRUNK_PROFILE:-release}" != release ]; then
  profile=debug
  args=()
fi
# -p: with no package named, cargo selects the workspace's default members, and their
# features (pv-engine's workloads, through pvsim and the worker) would be unified into this one.
cargo build --quiet "${args[@]}" --offline --target wasm32-unknown-unknown \
  -p pv-playground --bin pv-explainer --no-default-features
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name pv-explainer \
  "target/wasm32-unknown-unknown/$profile/pv-explainer.wasm"
if [ "$profile" = page ]; then
  wasm-opt -Oz "$out/pv-explainer_bg.wasm" -o "$out/pv-explainer_bg.wasm"
fi
