# Sourced by scripts/run and scripts/test: installs what is missing, once, and says so.
# Traps avoided here are measured in ../shared/notes/toolchain.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { printf '\033[1;34m==>\033[0m [%ss] %s\n' "$SECONDS" "$*"; }

# Build outside the clone so repeated CI runs on one machine stay incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/chuding/target}"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

CARGO_LEPTOS_VERSION=0.3.10
LEPTOSFMT_VERSION=0.1.33
SCHEMATHESIS_VERSION=4.32.5
# schemathesis (scripts/fuzz-api) lives in its own virtualenv, outside the clone.
export CHUDING_VENV="${CHUDING_VENV:-$HOME/.cache/chuding/venv}"
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)"

setup_debian_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" || missing+=(fonts-noto-cjk)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  # zbarimg reads the certificate's QR code back from the rendered PDF in the tests.
  command -v zbarimg >/dev/null || missing+=(zbar-tools)
  # brotli precompresses the desk bundle (cargo-leptos does its own files).
  command -v brotli >/dev/null || missing+=(brotli)
  # python3 -m venv for schemathesis (Debian splits ensurepip out of python3).
  python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages: chromium, fonts-noto-cjk, poppler-utils, zbar-tools, brotli already installed"
    return
  fi
  say "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

setup_rust_tools() {
  if rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
    say "Rust target wasm32-unknown-unknown already installed"
  else
    say "Adding the Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "cargo-leptos $CARGO_LEPTOS_VERSION already installed"
  else
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 11 minutes, once per machine)"
    # 0.3.11 needs a newer rustc; no_downloads stops it fetching tools from the internet.
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_TARGET_DIR="$HOME/.cache/chuding/tools-target" \
      cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
  fi
  if wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "wasm-bindgen-cli $WASM_BINDGEN_VERSION already installed"
  else
    say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION, the version in Cargo.lock (about 4 minutes, once)"
    CARGO_TARGET_DIR="$HOME/.cache/chuding/tools-target" \
      cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked
  fi
  if leptosfmt --version 2>/dev/null | grep -q "$LEPTOSFMT_VERSION"; then
    say "leptosfmt $LEPTOSFMT_VERSION already installed"
  else
    say "Installing leptosfmt $LEPTOSFMT_VERSION, the view! formatter (about 2 minutes, once)"
    CARGO_TARGET_DIR="$HOME/.cache/chuding/tools-target" \
      cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
  fi
}

setup_npm() {
  local stamp="$ROOT/end2end/node_modules/.chuding-lock"
  if [ -f "$stamp" ] && cmp -s "$stamp" "$ROOT/end2end/package-lock.json"; then
    say "npm packages in end2end/ already installed (Playwright, axe-core, binaryen for wasm-opt, Lighthouse)"
  else
    say "Installing npm packages in end2end/ (Playwright, axe-core, binaryen for wasm-opt, Lighthouse; no browser download)"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$ROOT/end2end/package-lock.json" "$stamp"
  fi
}

# schemathesis, the property-based API fuzzer of scripts/fuzz-api, from PyPI into its virtualenv.
setup_schemathesis() {
  if "$CHUDING_VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    say "schemathesis $SCHEMATHESIS_VERSION already installed"
  else
    say "Installing schemathesis $SCHEMATHESIS_VERSION into $CHUDING_VENV (PyPI, about a minute, once)"
    python3 -m venv "$CHUDING_VENV"
    "$CHUDING_VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
}

setup_all() {
  setup_debian_packages
  setup_rust_tools
  setup_npm
  setup_schemathesis
}

build_release() {
  say "Building the release site and server (cargo leptos build --release --precompress)"
  # Hashed names (hash-files in Cargo.toml) and brotli/gzip copies of every site file.
  cargo leptos build --release --precompress
  # The list of hashed names goes with the site, so the server finds it wherever its binary is.
  cp "$CARGO_TARGET_DIR/release/hash.txt" "$ROOT/target/site/hash.txt"
  build_desk_bundle
  build_seal_check
}

# The certificate check's WebAssembly (shared/examples/seal_check.rs): the seal alone, for the page
# a QR code opens, so a phone loads tens of kilobytes instead of the desk bundle.
build_seal_check() {
  say "Building the certificate check's WebAssembly (shared::seal alone, wasm-opt, brotli, gzip)"
  local front="$CARGO_TARGET_DIR/front" pkg="$ROOT/target/site/pkg" out wasm
  cargo build --package=shared --example=seal_check --target-dir="$front" \
    --target=wasm32-unknown-unknown --profile=wasm-release
  out="$(mktemp -d)"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --strip-debug \
    "$front/wasm32-unknown-unknown/wasm-release/examples/seal_check.wasm" -o "$out/seal.wasm"
  wasm="$(sha256sum "$out/seal.wasm" | cut -c1-22)"
  rm -f "$pkg"/chuding-seal.*
  cp "$out/seal.wasm" "$pkg/chuding-seal.$wasm.wasm"
  brotli -q 11 -f -k "$pkg/chuding-seal.$wasm.wasm"
  gzip -9 -f -k "$pkg/chuding-seal.$wasm.wasm"
  printf 'wasm: %s\n' "$wasm" > "$ROOT/target/site/hash-seal.txt"
  rm -rf "$out"
}

# The desk bundle (app/src/bundle.rs): every page (feature `desk`), loaded by the staff's pages and
# the certificate check, so the applicant's bundle that cargo-leptos builds leaves their code out.
# Built, optimised, hashed and precompressed the way cargo-leptos treats its own.
build_desk_bundle() {
  say "Building the desk bundle (app with the desk feature, wasm-bindgen, wasm-opt, brotli, gzip)"
  local front="$CARGO_TARGET_DIR/front" pkg="$ROOT/target/site/pkg" out js wasm
  cargo build --package=app --lib --target-dir="$front" --target=wasm32-unknown-unknown \
    --no-default-features --features=hydrate,desk --profile=wasm-release
  out="$(mktemp -d)"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name chuding-desk \
    "$front/wasm32-unknown-unknown/wasm-release/app.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$out/chuding-desk_bg.wasm" -o "$out/chuding-desk_bg.wasm"
  js="$(sha256sum "$out/chuding-desk.js" | cut -c1-22)"
  wasm="$(sha256sum "$out/chuding-desk_bg.wasm" | cut -c1-22)"
  rm -f "$pkg"/chuding-desk.*
  cp "$out/chuding-desk.js" "$pkg/chuding-desk.$js.js"
  cp "$out/chuding-desk_bg.wasm" "$pkg/chuding-desk.$wasm.wasm"
  for f in "$pkg/chuding-desk.$js.js" "$pkg/chuding-desk.$wasm.wasm"; do
    brotli -q 11 -f -k "$f"
    gzip -9 -f -k "$f"
  done
  printf 'js: %s\nwasm: %s\n' "$js" "$wasm" > "$ROOT/target/site/hash-desk.txt"
  rm -rf "$out"
}
