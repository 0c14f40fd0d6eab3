#!/usr/bin/env bash
# Prints the benchmark figures (not part of the tests): native, then in headless
# Chromium. Release builds, so the figures are the ones a user gets.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
# wasm-opt for release builds comes from scripts/wasm-opt (see Trunk.toml).
export PATH="$HOME/.cargo/bin:$PWD/scripts/wasm-opt/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# The browser benchmark may take longer than a test is allowed.
export WASM_BINDGEN_TEST_TIMEOUT=600

echo "== native"
cargo build --release --locked --bin sightline
target/release/sightline bench ingest --rows 600000
if [ -n "${SIGHTLINE_DEMO_DIR:-}" ]; then
  target/release/sightline bench load "$SIGHTLINE_DEMO_DIR"
fi

# The page's own profile (Cargo.toml's `page`: optimised for size), so that
# these figures are what the page does.
echo "== headless Chromium"
cargo test --profile page --locked --target wasm32-unknown-unknown --test browser_bench -- --nocapture
cargo test --profile page --locked --target wasm32-unknown-unknown --test browser_worker_bench -- --nocapture

echo "== the page: size and first render"
trunk build --release --offline
(cd tests/e2e && node first_render.bench.mjs)
