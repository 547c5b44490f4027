#!/usr/bin/env bash
# Same-run overhead of process-isolated plugins against in-thread plugins
# (issue 14 item 2; report: benches/reports/plugins.md).
#
#   scripts/plugin-isolation-bench.sh [ROUNDS] [COPIES] [THREADS]
#
# Builds (release) khabar and the dates plugin, writes the seed articles
# repeated COPIES times (default 800, ~22 MB) as JSON Lines, then
# alternates `khabar extract --plugin-isolation thread` and `process`
# ROUNDS times (default 8) at -j THREADS (default 2), under /usr/bin/time:
# wall and CPU (user+sys, the workers included) per run, and the median
# and minimum of each per mode. Outputs of the two modes are checked
# byte-identical. Everything goes to bench-out/isolation/.
set -euo pipefail
ROUNDS="${1:-8}"
COPIES="${2:-800}"
THREADS="${3:-2}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench-out/isolation"
mkdir -p "$OUT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
cargo build --release -q --bin khabar
cargo build --release -q -p dates --lib
BIN="$TARGET/release/khabar"
LIB="$TARGET/release/libdates.so"
CORPUS="$OUT/news-x$COPIES.jsonl"
if [ ! -s "$CORPUS" ]; then
    python3 - "$COPIES" "$CORPUS" seeds <<'PY'
import glob, json, sys
copies, path, seeds = int(sys.argv[1]), sys.argv[2], sys.argv[3]
docs = [open(f, encoding="utf-8").read() for f in sorted(glob.glob(f"{seeds}/*.txt"))]
with open(path, "w", encoding="utf-8") as f:
    for r in range(copies):
        for i, d in enumerate(docs):
            f.write(json.dumps({"id": f"{r}-{i}", "text": d}, ensure_ascii=False) + "\n")
PY
fi
run() { # MODE -> records on standard output
    "$BIN" extract --progress never --plugin-isolation "$1" -j "$THREADS" --plugin "$LIB" "$CORPUS"
}
run thread > "$OUT/out-thread.jsonl" 2>/dev/null
run process > "$OUT/out-process.jsonl" 2>/dev/null
cmp "$OUT/out-thread.jsonl" "$OUT/out-process.jsonl"
echo "outputs identical: $(wc -l < "$OUT/out-thread.jsonl") records" >&2
: > "$OUT/times.tsv"
for r in $(seq "$ROUNDS"); do
    for mode in thread process; do
        /usr/bin/time -f "$mode	%e	%U	%S" -a -o "$OUT/times.tsv" \
            "$BIN" extract --progress never --plugin-isolation "$mode" -j "$THREADS" \
            --plugin "$LIB" "$CORPUS" > /dev/null 2>&1
    done
done
python3 - "$OUT/times.tsv" "$CORPUS" <<'PY'
import os, statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]) if l.strip()]
mb = os.path.getsize(sys.argv[2]) / 1e6
res = {}
for mode, wall, user, sys_ in rows:
    res.setdefault(mode, []).append((float(wall), float(user) + float(sys_)))
print(f"corpus {mb:.1f} MB, {len(rows)//2} rounds")
print("| mode | wall median | wall min | CPU median | CPU min | MB/s (median wall) |")
print("|---|---:|---:|---:|---:|---:|")
for mode in ("thread", "process"):
    w = [x[0] for x in res[mode]]; c = [x[1] for x in res[mode]]
    print(f"| {mode} | {statistics.median(w):.2f} s | {min(w):.2f} s | {statistics.median(c):.2f} s | {min(c):.2f} s | {mb/statistics.median(w):.1f} |")
t, p = res["thread"], res["process"]
for i, name in ((0, "wall"), (1, "CPU")):
    med = statistics.median([x[i] for x in p]) / statistics.median([x[i] for x in t]) - 1
    mn = min(x[i] for x in p) / min(x[i] for x in t) - 1
    print(f"process vs thread, {name}: median {med:+.1%}, min {mn:+.1%}")
PY
