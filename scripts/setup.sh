#!/usr/bin/env bash
# Installs what Sightline needs on a Debian machine that has the Rust toolchain,
# Node/npm and apt. Idempotent: what is already there at the right version is left
# alone, so a second run takes seconds.
#
#   scripts/setup.sh serve   # what `scripts/serve.sh` needs
#   scripts/setup.sh test    # that, plus Chromium, Firefox, WebKit and the
#                            # browser-test tools
#
# Nothing downloads its own binaries: trunk, wasm-bindgen and geckodriver come
# from crates.io (pinned), wasm-opt (binaryen) from npm (pinned), Chromium, ChromeDriver, Firefox ESR, WebKitGTK's
# WebDriver and Xvfb from Debian, playwright-core from npm (it drives Debian's
# Chromium; no browser download).
set -euo pipefail
cd "$(dirname "$0")/.."

purpose="${1:-test}"
TRUNK_VERSION="0.21.14"   # trunk 0.22 needs a newer rustc than these machines have
GECKODRIVER_VERSION="0.37.1"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m== %s\033[0m\n' "$*"; }

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in
# Cargo.lock (Cargo.toml pins it with `=`), or the generated glue does not match.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

wbg="$(wasm_bindgen_version)"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wbg" ]; then
  say "installing wasm-bindgen-cli $wbg (a few minutes, once)"
  # Not --locked: one of its locked dependencies is no longer on the registry.
  cargo install wasm-bindgen-cli --version "$wbg"
fi

# wasm-opt shrinks the release build (trunk runs it, see Trunk.toml): binaryen
# from the npm registry, a Node program (Debian bookworm's binaryen 108 breaks
# wasm-bindgen's externref table).
if [ "$(scripts/wasm-opt/node_modules/.bin/wasm-opt --version 2>/dev/null || true)" != "wasm-opt version 123 (version_123)" ]; then
  say "installing wasm-opt (binaryen 123, from npm)"
  (cd scripts/wasm-opt && npm ci --no-audit --no-fund --silent)
fi

# The help pages are docs/*.md turned into HTML after each build (Trunk.toml):
# marked, from the npm registry (pinned in scripts/docs/package-lock.json).
if [ ! -f scripts/docs/node_modules/marked/package.json ]; then
  say "installing marked (the help pages, from npm)"
  (cd scripts/docs && npm ci --no-audit --no-fund --silent)
fi

say "fetching crates"
cargo fetch --locked --quiet

if [ "$purpose" = "test" ]; then
  # The browsers the tests run in: Chromium (every test), Firefox ESR and
  # WebKitGTK (the walk of tests/e2e/browsers.test.mjs, under Xvfb).
  missing=""
  for program in chromium chromedriver firefox-esr WebKitWebDriver xvfb-run; do
    command -v "$program" >/dev/null || missing="$missing $program"
  done
  if [ -n "$missing" ]; then
    say "installing Debian's chromium, chromium-driver, firefox-esr, webkit2gtk-driver and xvfb (for:$missing)"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
      chromium chromium-driver firefox-esr webkit2gtk-driver xvfb xauth >/dev/null
  fi
  if [ "$(geckodriver --version 2>/dev/null | head -1 || true)" != "geckodriver $GECKODRIVER_VERSION" ]; then
    say "installing geckodriver $GECKODRIVER_VERSION (a minute or two, once)"
    cargo install --locked geckodriver --version "$GECKODRIVER_VERSION"
  fi
  # The Python package and its Spark job (python/, docs/scale-out.md): Spark
  # runs on Java (Debian's openjdk-17-jre-headless); maturin, pyarrow, pyspark
  # and pytest come from PyPI, pinned in python/requirements-test.txt, into
  # python/.venv.
  if ! command -v java >/dev/null; then
    say "installing Debian's openjdk-17-jre-headless (for Spark)"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
      openjdk-17-jre-headless >/dev/null
  fi
  if ! python3 -c 'import ensurepip' 2>/dev/null; then
    say "installing Debian's python3-venv (for the Python tests' environment)"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
      python3-venv >/dev/null
  fi
  if ! cmp -s python/requirements-test.txt python/.venv/requirements-test.txt; then
    say "installing the Python test tools (maturin, pyarrow, pyspark, pytest; a few minutes, once)"
    python3 -m venv python/.venv
    python/.venv/bin/pip install --quiet --disable-pip-version-check -r python/requirements-test.txt
    cp python/requirements-test.txt python/.venv/requirements-test.txt
  fi
  if [ ! -d tests/e2e/node_modules/playwright-core ]; then
    say "installing the end-to-end test driver (playwright-core, no browser download)"
    (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  fi
fi
say "setup done ($purpose)"
