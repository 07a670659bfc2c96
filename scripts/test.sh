#!/usr/bin/env bash
# Runs every check and test; exits non-zero as soon as one fails.
#   formatting and clippy (host and wasm32), native tests (unit, layout rules, engine
#   properties, scenarios, lessons, explanations, the pvsim command), the conformance suite and
#   the lessons through pvsim, browser tests (wasm-bindgen-test in headless Chromium),
#   end-to-end tests (the release page and the example sites — plain HTML, mdBook, Hugo,
#   Docusaurus — in Chromium, with screenshots in target/e2e/; the build prints what the
#   standalone page and an embedded widget download, against their budgets).
. "$(dirname "$0")/setup.sh"
ensure_build_tools
ensure_chromium

started=$SECONDS
step() {
  local name=$1 t0=$SECONDS
  shift
  say "$name"
  "$@"
  say "$name: ok ($((SECONDS - t0)) s)"
}

step "format" cargo fmt --all --check
step "clippy, host" cargo clippy --locked --workspace --all-targets -- -D warnings
step "clippy, wasm32 (benches are native-only)" cargo clippy --locked --lib --bins --tests --target wasm32-unknown-unknown -- -D warnings
step "clippy, wasm32 lean widget (no default features)" cargo clippy --locked -p pv-playground --lib --bins --target wasm32-unknown-unknown --no-default-features -- -D warnings
step "native tests" cargo test --locked --workspace
step "conformance suite and lessons through pvsim" cargo run --locked --quiet --bin pvsim -- run tests/scenarios/*.yaml lessons/*.yaml
# The kubectl oracle (tests/kubectl/): the real kubectl against a loopback fake API server
# still prints the golden outputs the console is held to.
step "kubectl oracle self-test" node --test tests/kubectl/
step "browser tests (headless Chromium)" cargo test --locked --target wasm32-unknown-unknown --test browser
# The release page is built once here; every e2e file then uses it (PVP_PREBUILT), one file
# at a time, since they share dist/ and the two cores of a small CI machine.
step "release page, lean widget, example book and Hugo site, npm package (trunk build --release)" trunk build --release
step "Docusaurus example (npm ci, the npm package from its tarball, docusaurus build)" bash scripts/build-docusaurus.sh dist
step "end-to-end tests (release page in Chromium)" env PVP_PREBUILT=1 node --test --test-concurrency=1 tests/e2e/
say "all checks passed in $((SECONDS - started)) s"
