#!/usr/bin/env bash
# Soak test of process-isolated plugins (issue 14 item 6; not run in CI):
# a generated corpus (default 5 GiB) through worker processes with a flaky
# plugin (crates/plugin-worker/tests/fixtures/flaky: of every 20 000
# documents about 4 abort, 4 segfault, 4 panic and 1 loops forever) and a
# well-behaved one, then checks that there is exactly one record per input
# line, in input order, that the run ended with status 0, and counts the
# plugin errors by kind.
#
#   scripts/soak.sh [SIZE] [THREADS]      # e.g. scripts/soak.sh 5GiB 2
#
# Uses the `pool_run` example of khabar-plugin-worker (the same pool the
# CLI's --plugin-isolation process uses) with --timeout 2 and no quarantine
# (--max-failures 1000000000), so that every fault is exercised. Work files
# go to bench-out/soak/ (the corpus is kept between runs).
set -euo pipefail
SIZE="${1:-5GiB}"
THREADS="${2:-2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench-out/soak"
mkdir -p "$OUT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
log() { printf '[soak %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

log "building (release): khabar, pool_run, fixture plugins"
cargo build --release -q --bin khabar
cargo build --release -q -p khabar-plugin-worker --example pool_run
cargo build --release -q --manifest-path crates/plugin-worker/tests/fixtures/Cargo.toml \
    --target-dir "$TARGET/soak-fixtures" --workspace
LIBS="$TARGET/soak-fixtures/release"
CORPUS="$OUT/corpus-$SIZE.jsonl"
if [ ! -s "$CORPUS" ]; then
    log "generating $SIZE corpus"
    "$TARGET/release/khabar" corpus generate --size "$SIZE" --seed 7 -o "$CORPUS"
fi
log "running: -j $THREADS, plugins good + flaky"
status=0
/usr/bin/time -v "$TARGET/release/examples/pool_run" --mode process -j "$THREADS" \
    --timeout 2 --max-failures 1000000000 \
    --plugin "$LIBS/libfixture_good.so" --plugin "$LIBS/libfixture_flaky.so" \
    "$CORPUS" > "$OUT/records.jsonl" 2> "$OUT/run.log" || status=$?
grep -E 'pool_run:|khabar:|Maximum resident|Elapsed' "$OUT/run.log" >&2 || true
[ "$status" = 0 ] || { log "FAIL: exit status $status (see $OUT/run.log)"; exit 1; }
log "checking record count and order"
python3 - "$CORPUS" "$OUT/records.jsonl" <<'PY'
import json, sys
from collections import Counter
kinds = Counter()
n = 0
with open(sys.argv[1], encoding="utf-8") as inp, open(sys.argv[2], encoding="utf-8") as out:
    for n, (i, o) in enumerate(zip(inp, out), 1):
        want = json.loads(i)["id"]
        rec = json.loads(o)
        if rec["id"] != want:
            sys.exit(f"FAIL: record {n} has id {rec['id']!r}, input line {n} has {want!r}")
        if "error" in rec:
            kinds["error:" + rec["error"]["kind"]] += 1
            continue
        labels = [a["label"] for a in rec["annotations"]]
        if "GOOD" not in labels:
            sys.exit(f"FAIL: record {n} lacks the good plugin's annotation")
        errs = rec.get("plugin_errors", [])
        for e in errs:
            kinds[f'{e["plugin"]}:{e["kind"]}'] += 1
        if not errs and "FLAKY" not in labels:
            sys.exit(f"FAIL: record {n} has neither FLAKY nor a plugin error")
    if next(inp, None) is not None:
        sys.exit(f"FAIL: fewer records than input lines ({n})")
    if next(out, None) is not None:
        sys.exit(f"FAIL: more records than input lines ({n})")
print(f"OK: {n} records, one per input line, in order; plugin errors: {dict(kinds)}")
PY
