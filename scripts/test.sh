#!/usr/bin/env bash
# Sets everything up and runs every test, at its three levels, and the Python
# package's:
#   1. the engine and the command line, natively (`cargo test`);
#   2. the store and the components in headless Chromium (`wasm-bindgen-test`);
#   3. the release build served from a sub-path, in headless Chromium (Playwright),
#      and a new user's walk in Firefox and WebKit (WebDriver, under Xvfb);
#   4. the Python wheel and the Spark job in local mode (pytest), against the
#      command line's exports.
# Ends with one line counting every test of every level.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
# wasm-opt for release builds comes from scripts/wasm-opt (see Trunk.toml).
export PATH="$HOME/.cargo/bin:$PWD/scripts/wasm-opt/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1/4 engine and command line (native)"
cargo test --locked 2>&1 | tee -a "$log"

step "2/4 store and components (wasm-bindgen-test in headless Chromium)"
cargo test --locked --target wasm32-unknown-unknown --test browser 2>&1 | tee -a "$log"

step "3/4 the release build from a sub-path (headless Chromium, then Firefox and WebKit)"
trunk build --release --offline
(cd tests/e2e && node --test --test-concurrency=1 app.test.mjs) 2>&1 | tee -a "$log"
(cd tests/e2e && xvfb-run -a node --test --test-concurrency=1 browsers.test.mjs) 2>&1 | tee -a "$log"

step "4/4 the Python wheel and the Spark job (pytest, Spark in local mode)"
rm -rf python/target/wheels
python/.venv/bin/maturin build --release --locked --quiet -m python/Cargo.toml -o python/target/wheels
python/.venv/bin/pip install --quiet --disable-pip-version-check --force-reinstall --no-deps python/target/wheels/sightline-*.whl
(cd python && SIGHTLINE_CLI="$PWD/../target/debug/sightline" PYSPARK_PYTHON="$PWD/.venv/bin/python" \
  .venv/bin/pytest -q -p no:warnings) 2>&1 | tee -a "$log"

# cargo prints `test result: ok. N passed; M failed`, node `# pass N` / `# fail N`,
# pytest `N failed, M passed in S s`.
awk '
  /^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
  /^[0-9]+ (passed|failed).* in [0-9.]+s/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
  /^# pass /      { p += $3 }
  /^# fail /      { f += $3 }
  END             { printf "\nall levels: %d passed, %d failed\n", p, f }
' "$log"
