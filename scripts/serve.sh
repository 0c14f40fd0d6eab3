#!/usr/bin/env bash
# Sets everything up, builds the page and serves it on http://127.0.0.1:8080/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh serve
# wasm-opt for release builds comes from scripts/wasm-opt (see Trunk.toml).
export PATH="$HOME/.cargo/bin:$PWD/scripts/wasm-opt/node_modules/.bin:$PATH"
echo
echo "Sightline will be at http://127.0.0.1:8080/ once built (Ctrl+C stops it)."
echo
exec trunk serve --offline "$@"
