#!/usr/bin/env bash
# CI for the khabar Python package: a fresh venv with the pinned test
# dependencies, the wheel built with maturin and installed, then pytest
# (API, CLI parity, Arrow, Parquet, polars, a PySpark local[2] job).
#
#   bash python/ci.sh
#
# Environment: PYTHON (default python3, >= 3.9), KHABAR_BIN (the CLI the
# records are compared with; default: target/release/khabar or
# target/debug/khabar, built in debug if neither exists), CARGO_TARGET_DIR
# (default: the checkout's target/, so that the workspace's compiled
# crates are reused). Needs Rust, and Java 17 for the Spark test.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
python=${PYTHON:-python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/khabar-python-ci.XXXXXX")
trap 'rm -rf "$work"' EXIT
start=$SECONDS

echo "python/ci.sh: venv in $work"
"$python" -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-test.txt"

echo "python/ci.sh: building the wheel ($((SECONDS - start)) s)"
"$work/venv/bin/maturin" build --release --quiet --manifest-path "$here/Cargo.toml" --out "$work/dist"
"$py" -m pip install --quiet --disable-pip-version-check --no-deps "$work"/dist/khabar-*.whl

if [ -z "${KHABAR_BIN:-}" ]; then
    # The records do not depend on the profile: a debug CLI (built by the
    # workspace's `cargo test` already) is enough for the parity tests.
    for profile in release debug; do
        if [ -x "$CARGO_TARGET_DIR/$profile/khabar" ]; then
            export KHABAR_BIN="$CARGO_TARGET_DIR/$profile/khabar"
            break
        fi
    done
fi
if [ -z "${KHABAR_BIN:-}" ]; then
    echo "python/ci.sh: building the khabar CLI ($((SECONDS - start)) s)"
    (cd "$root" && cargo build --quiet --bin khabar)
    export KHABAR_BIN="$CARGO_TARGET_DIR/debug/khabar"
fi
echo "python/ci.sh: CLI $KHABAR_BIN"

echo "python/ci.sh: running pytest ($((SECONDS - start)) s)"
# From an empty directory, so that `import khabar` is the installed wheel,
# not the source folder python/khabar (which has no native module).
cd "$work"
"$py" -c 'import khabar, sys; assert "site-packages" in khabar.__file__, khabar.__file__'
rc=0
"$py" -m pytest -p no:cacheprovider -q -c "$here/pyproject.toml" --rootdir "$here" "$here/tests" || rc=$?
echo "python/ci.sh: done in $((SECONDS - start)) s (pytest exit $rc)"
case $rc in
    0) ;;
    5) echo "python/ci.sh: pytest collected no tests"; exit 0 ;;
    *) exit "$rc" ;;
esac
