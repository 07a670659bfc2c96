#!/usr/bin/env bash
# Trunk's post_build hook: the lean widget module (build-widget.sh), the example sites
# (build-examples.sh), then what each reader downloads against its budget (size-report.mjs).
set -euo pipefail
here=$(dirname "$0")
bash "$here/build-widget.sh"
bash "$here/build-examples.sh"
node "$here/size-report.mjs"
