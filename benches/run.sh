#!/usr/bin/env bash
# Whole-run measurements of khabar (issue 6, items 3 and 4), rerunnable by
# anyone from the repository root:
#
#   benches/run.sh                 # 64 MiB, 256 MiB and 1 GiB; -j 1 and -j 2;
#                                  # gazetteer 100 / 10k / 1M extra names; peers
#   benches/run.sh --quick         # 64 MiB only, gazetteer 100 / 10k / 100k
#   benches/run.sh --sizes "16MiB 64MiB" --threads "1 2" --gaz-names "100 10000"
#                  --peer-size 16MiB --cp1256-share 0.2 --seed 42
#                  --no-peers --no-gaz --no-dir --no-check --no-news --news-copies 3200
#
# What it does:
#  1. cargo build --release (honours CARGO_TARGET_DIR);
#  2. for each size: `khabar corpus generate` (deterministic, with
#     <corpus>.expected.json), then `khabar extract -j N` for each N under
#     /usr/bin/time -v: wall time, MB/s, CPU time, peak RSS; checks that the
#     -j outputs are byte-identical and that the records, entity mentions
#     per id and figures equal the expected counts;
#  3. news text: the bundled seed articles repeated --news-copies times
#     (default 3200, ~90 MB) as JSON Lines, extract -j N (output checked
#     for one record per line, no error, identical across -j);
#     gazetteer scaling: the smallest corpus with the built-in gazetteer plus
#     N generated names (--gazetteer), -j 1; and the smallest size again as a
#     directory of files, a share of them Windows-1256 (--cp1256-share,
#     default 0.2), through extract -j 1 (--no-dir to skip);
#  4. peers: a venv in bench-out/venv with camel-tools (--no-deps), emoji,
#     six, PyArabic, pyahocorasick and ftfy; benches/peers/python_stack.py on
#     the peer corpus, and khabar -j 1 on the same file, with the ratio;
#     then both again on news text (the seeds x600, ~17 MB).
# Everything goes to bench-out/ (gitignored): corpora, outputs, time logs,
# results.tsv and summary.md. Needs: cargo, python3 (3.9+), /usr/bin/time.
set -euo pipefail

SIZES="64MiB 256MiB 1GiB"
NEWS=1
NEWS_COPIES=3200
PEER_NEWS_COPIES=600
THREADS="1 2"
GAZ_NAMES="100 10000 1000000"
PEER_SIZE="16MiB"
SEED=42
PEERS=1
GAZ=1
DIR=1
CP1256_SHARE=0.2
CHECK=1
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) SIZES="64MiB"; GAZ_NAMES="100 10000 100000" ;;
        --sizes) SIZES="$2"; shift ;;
        --threads) THREADS="$2"; shift ;;
        --gaz-names) GAZ_NAMES="$2"; shift ;;
        --peer-size) PEER_SIZE="$2"; shift ;;
        --seed) SEED="$2"; shift ;;
        --no-peers) PEERS=0 ;;
        --no-gaz) GAZ=0 ;;
        --no-dir) DIR=0 ;;
        --cp1256-share) CP1256_SHARE="$2"; shift ;;
        --no-check) CHECK=0 ;;
        --no-news) NEWS=0 ;;
        --news-copies) NEWS_COPIES="$2"; shift ;;
        -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench-out"
mkdir -p "$OUT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/khabar"
RESULTS="$OUT/results.tsv"
SUMMARY="$OUT/summary.md"
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

log() { printf '[run.sh %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

log "building (cargo build --release, target $TARGET)"
cargo build --release --quiet
[ -x "$BIN" ] || { echo "run.sh: no $BIN after the build" >&2; exit 2; }

{
    echo "# khabar whole-run measurements"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "- cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') ($(nproc) cores)"
    echo "- memory: $(free -g | awk '/Mem:/ {print $2}') GiB; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- $(rustc --version); $(python3 --version 2>&1)"
    echo "- sizes: $SIZES; threads: $THREADS; seed: $SEED; gazetteer extra names: $GAZ_NAMES; peer corpus: $PEER_SIZE"
    echo
} > "$SUMMARY"
printf 'run\tcorpus\tthreads\tbytes\twall_s\tuser_s\tsys_s\tpeak_rss_mb\tmb_per_s\tmb_per_cpu_s\tcheck\n' > "$RESULTS"

# Seconds from /usr/bin/time's "h:mm:ss" or "m:ss.ss".
wall_seconds() {
    awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$1"
}
field() { awk -F': ' -v k="$2" '$0 ~ k {print $2}' "$1" | head -n1; }

# record NAME CORPUS THREADS BYTES TIMELOG CHECK
record() {
    local wall user sys rss mbs cpu
    wall=$(wall_seconds "$5")
    user=$(field "$5" "User time")
    sys=$(field "$5" "System time")
    rss=$(field "$5" "Maximum resident set size")
    mbs=$(awk -v b="$4" -v w="$wall" 'BEGIN {printf "%.1f", (w > 0 ? b / 1e6 / w : 0)}')
    # MB per CPU-second (user + sys): the throughput the code gets from the
    # cores it ran on, less sensitive than wall time to a busy machine.
    cpu=$(awk -v b="$4" -v u="$user" -v s="$sys" 'BEGIN {printf "%.1f", (u + s > 0 ? b / 1e6 / (u + s) : 0)}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$wall" "$user" "$sys" \
        "$(awk -v r="$rss" 'BEGIN {print r / 1024}')" "$mbs" "$cpu" "$6" >> "$RESULTS"
    log "$1 $2 -j$3: ${wall}s, ${mbs} MB/s, peak RSS $((rss / 1024)) MB, check: $6"
}

# check OUTPUT EXPECTED.json [extra-names-allowed] -> prints "ok" or what differs
check_output() {
    python3 - "$1" "$2" <<'PY'
import json, sys
out_path, exp_path = sys.argv[1], sys.argv[2]
exp = json.load(open(exp_path, encoding="utf-8"))
records = errors = figures = 0
ents = {}
with open(out_path, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        records += 1
        if "error" in r:
            errors += 1
            continue
        for e in r.get("entities", []):
            ents[e["id"]] = ents.get(e["id"], 0) + 1
        figures += len(r.get("figures", []))
problems = []
if records != exp["documents"]:
    problems.append(f"records {records} != documents {exp['documents']}")
if errors:
    problems.append(f"{errors} error records")
found = sum(ents.values())
if found != exp["entity_mentions"]:
    problems.append(f"entities {found} != {exp['entity_mentions']}")
wrong = {k: (ents.get(k, 0), v) for k, v in exp["entities"].items() if ents.get(k, 0) != v}
extra = {k: v for k, v in ents.items() if k not in exp["entities"]}
if wrong:
    problems.append(f"{len(wrong)} ids differ, e.g. {dict(list(wrong.items())[:3])}")
if extra:
    problems.append(f"{len(extra)} unexpected ids, e.g. {dict(list(extra.items())[:3])}")
if figures != exp["figures"]:
    problems.append(f"figures {figures} != {exp['figures']}")
print("ok" if not problems else "; ".join(problems))
PY
}

SMALLEST=""
for size in $SIZES; do
    corpus="$OUT/corpus-$size-s$SEED.jsonl"
    if [ ! -s "$corpus" ] || [ ! -s "$corpus.expected.json" ]; then
        log "generating $corpus"
        /usr/bin/time -v "$BIN" corpus generate --size "$size" --seed "$SEED" -o "$corpus" 2> "$OUT/time-generate-$size.log"
        bytes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes"])' "$corpus.expected.json")
        record generate "$size" 1 "$bytes" "$OUT/time-generate-$size.log" "-"
    fi
    [ -n "$SMALLEST" ] || SMALLEST="$size"
    bytes=$(stat -c %s "$corpus")
    first=""
    for j in $THREADS; do
        out="$OUT/out-$size-j$j.jsonl"
        # Timed to /dev/null: writing GBs of records to the disk measures the
        # disk (the 1 GiB -j 2 run spent 5 s in the kernel behind the first
        # run's dirty pages); a second, untimed run writes the file checked.
        /usr/bin/time -v "$BIN" extract -j "$j" --progress never -o /dev/null "$corpus" 2> "$OUT/time-extract-$size-j$j.log" \
            || { log "extract -j $j failed: see $OUT/time-extract-$size-j$j.log"; tail -n 5 "$OUT/time-extract-$size-j$j.log" >&2; continue; }
        "$BIN" extract -j "$j" --progress never -o "$out" "$corpus" 2>/dev/null
        status="-"
        if [ -z "$first" ]; then
            first="$out"
            [ "$CHECK" = 1 ] && status=$(check_output "$out" "$corpus.expected.json")
        elif cmp -s "$first" "$out"; then
            status="identical to -j$(echo "$THREADS" | cut -d' ' -f1)"
            rm -f "$out"
        else
            status="DIFFERS from $first"
        fi
        record extract "$size" "$j" "$bytes" "$OUT/time-extract-$size-j$j.log" "$status"
    done
    [ -n "$first" ] && rm -f "$first"
done

# News text: the bundled seed articles repeated as JSON Lines (the targets
# of issue 6 are set on Arabic news text; the generated corpus, built from
# the gazetteer's names and the figure grammar's words with noise in every
# document, costs ~1.7x more per byte).
news_corpus() { # COPIES -> path
    local path="$OUT/news-x$1.jsonl"
    if [ ! -s "$path" ]; then
        python3 - "$1" "$path" seeds <<'PY'
import glob, json, sys
copies, path, seeds = int(sys.argv[1]), sys.argv[2], sys.argv[3]
docs = [open(f, encoding="utf-8").read() for f in sorted(glob.glob(f"{seeds}/*.txt"))]
with open(path, "w", encoding="utf-8") as f:
    for r in range(copies):
        for i, d in enumerate(docs):
            f.write(json.dumps({"id": f"{r}-{i}", "text": d}, ensure_ascii=False) + "\n")
PY
    fi
    echo "$path"
}
if [ "$NEWS" = 1 ]; then
    corpus=$(news_corpus "$NEWS_COPIES")
    bytes=$(stat -c %s "$corpus")
    docs=$(wc -l < "$corpus")
    first=""
    for j in $THREADS; do
        out="$OUT/out-news-j$j.jsonl"
        /usr/bin/time -v "$BIN" extract -j "$j" --progress never -o /dev/null "$corpus" 2> "$OUT/time-news-j$j.log" \
            || { log "extract -j $j on news text failed: see $OUT/time-news-j$j.log"; continue; }
        "$BIN" extract -j "$j" --progress never -o "$out" "$corpus" 2>/dev/null
        if [ -z "$first" ]; then
            first="$out"
            n=$(wc -l < "$out")
            errs=$(grep -c '"error":' "$out" || true)
            status="$n records for $docs lines, $errs errors"
        elif cmp -s "$first" "$out"; then
            status="identical to -j$(echo "$THREADS" | cut -d' ' -f1)"
            rm -f "$out"
        else
            status="DIFFERS from $first"
        fi
        record extract-news "seeds x$NEWS_COPIES" "$j" "$bytes" "$OUT/time-news-j$j.log" "$status"
    done
    [ -n "$first" ] && rm -f "$first"
fi

if [ "$GAZ" = 1 ]; then
    corpus="$OUT/corpus-$SMALLEST-s$SEED.jsonl"
    bytes=$(stat -c %s "$corpus")
    for n in $GAZ_NAMES; do
        gaz="$OUT/gazetteer-$n.tsv"
        if [ ! -s "$gaz" ]; then
            log "generating a gazetteer of $n names"
            python3 - "$n" "$gaz" <<'PY'
import random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(n)
# Two or three words of four to seven letters, each starting with a rare
# letter: a random name must not spell a phrase of the corpus, even through
# the engine's spelling variants (a one-word name such as پحسپ would match
# بحسب), or the check below reports it as an unexpected id.
rare, letters = "ظضذثخشص", "ظضذثخشصطزبتجحدرسعفكلمنهوي"
with open(path, "w", encoding="utf-8") as f:
    f.write(f"# {n} generated names for benches/run.sh (synthetic, no licence needed)\n")
    for i in range(n):
        words = [rng.choice(rare) + "".join(rng.choice(letters) for _ in range(rng.randint(3, 6))) for _ in range(rng.randint(2, 3))]
        f.write(f"synth-{i}\tORG\t{' '.join(words)}\n")
PY
        fi
        out="$OUT/out-gaz-$n.jsonl"
        if /usr/bin/time -v "$BIN" extract -j 1 --progress never --gazetteer "$gaz" -o "$out" "$corpus" 2> "$OUT/time-gaz-$n.log"; then
            status="-"
            [ "$CHECK" = 1 ] && status=$(check_output "$out" "$corpus.expected.json")
            record "extract+gaz$n" "$SMALLEST" 1 "$bytes" "$OUT/time-gaz-$n.log" "$status"
        else
            log "extract with $n extra names failed: see $OUT/time-gaz-$n.log"
        fi
        rm -f "$out"
    done
fi

if [ "$DIR" = 1 ]; then
    dir="$OUT/corpus-$SMALLEST-s$SEED-dir"
    if [ ! -s "$dir.expected.json" ]; then
        rm -rf "$dir"
        log "generating $dir (Windows-1256 share $CP1256_SHARE)"
        "$BIN" corpus generate --size "$SMALLEST" --seed "$SEED" --format dir --cp1256-share "$CP1256_SHARE" -o "$dir" 2>/dev/null
    fi
    bytes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["bytes"])' "$dir.expected.json")
    out="$OUT/out-dir.jsonl"
    if /usr/bin/time -v "$BIN" extract -j 1 --progress never -o "$out" "$dir" 2> "$OUT/time-dir.log"; then
        status="-"
        [ "$CHECK" = 1 ] && status=$(check_output "$out" "$dir.expected.json")
        record "extract-dir" "$SMALLEST" 1 "$bytes" "$OUT/time-dir.log" "$status"
    else
        log "extract on $dir failed: see $OUT/time-dir.log"
    fi
    rm -f "$out"
fi

if [ "$PEERS" = 1 ]; then
    VENV="$OUT/venv"
    if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import camel_tools, ahocorasick, ftfy, pyarabic, emoji, six' 2>/dev/null; then
        log "installing the Python peers into $VENV"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install --quiet --upgrade pip
        "$VENV/bin/pip" install --quiet camel-tools --no-deps
        "$VENV/bin/pip" install --quiet emoji six PyArabic pyahocorasick ftfy
    fi
    "$VENV/bin/pip" freeze 2>/dev/null | grep -iE '^(camel|emoji|six|pyarabic|pyahocorasick|ftfy)' > "$OUT/peer-versions.txt" || true
    corpus="$OUT/corpus-$PEER_SIZE-s$SEED.jsonl"
    if [ ! -s "$corpus" ]; then
        "$BIN" corpus generate --size "$PEER_SIZE" --seed "$SEED" -o "$corpus" 2>/dev/null
    fi
    bytes=$(stat -c %s "$corpus")
    out="$OUT/out-peer-khabar.jsonl"
    /usr/bin/time -v "$BIN" extract -j 1 --progress never -o "$out" "$corpus" 2> "$OUT/time-peer-khabar.log"
    status="-"
    [ "$CHECK" = 1 ] && status=$(check_output "$out" "$corpus.expected.json")
    record "extract" "$PEER_SIZE" 1 "$bytes" "$OUT/time-peer-khabar.log" "$status"
    rm -f "$out"
    log "running the Python stack on $corpus (slow: a few MB/s at best)"
    /usr/bin/time -v "$VENV/bin/python" benches/peers/python_stack.py "$corpus" \
        --gazetteer-dir crates/gazetteer/data -o "$OUT/out-peer-python.jsonl" --stats "$OUT/peer-python.json" \
        2> "$OUT/time-peer-python.log"
    found=$(python3 - "$OUT/peer-python.json" "$corpus.expected.json" <<'PY'
import json, sys
s, e = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print(f"found entities {s['entities']}/{e['entity_mentions']}, figures {s['figures']}/{e['figures']}")
PY
)
    record "python-stack" "$PEER_SIZE" 1 "$bytes" "$OUT/time-peer-python.log" "$found"
    rm -f "$OUT/out-peer-python.jsonl"
    # The same comparison on news text (the seeds repeated).
    corpus=$(news_corpus "$PEER_NEWS_COPIES")
    bytes=$(stat -c %s "$corpus")
    /usr/bin/time -v "$BIN" extract -j 1 --progress never -o /dev/null "$corpus" 2> "$OUT/time-peer-news-khabar.log"
    record "extract-news" "seeds x$PEER_NEWS_COPIES" 1 "$bytes" "$OUT/time-peer-news-khabar.log" "-"
    log "running the Python stack on $corpus"
    /usr/bin/time -v "$VENV/bin/python" benches/peers/python_stack.py "$corpus" \
        --gazetteer-dir crates/gazetteer/data -o /dev/null --stats "$OUT/peer-python-news.json" \
        2> "$OUT/time-peer-news-python.log"
    record "python-stack-news" "seeds x$PEER_NEWS_COPIES" 1 "$bytes" "$OUT/time-peer-news-python.log" "-"
fi

python3 - "$RESULTS" "$OUT/peer-python.json" >> "$SUMMARY" <<'PY'
import csv, json, os, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"))
print("| run | corpus | -j | MB | wall s | user s | sys s | peak RSS MB | MB/s (wall) | MB/CPU-s | check |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['run']} | {r['corpus']} | {r['threads']} | {int(r['bytes'])/1e6:.1f} | {r['wall_s']} | {r['user_s']} | {r['sys_s']} | {r['peak_rss_mb']} | {r['mb_per_s']} | {r['mb_per_cpu_s']} | {r['check']} |")
ext = {(r["corpus"], r["threads"]): float(r["mb_per_s"]) for r in rows if r["run"] == "extract"}
print()
for (c, j), v in sorted(ext.items()):
    if j != "1" and (c, "1") in ext and ext[(c, "1")] > 0:
        print(f"- {c}: -j {j} / -j 1 = {v / ext[(c, '1')]:.2f}x")
news = {(r["corpus"], r["threads"]): float(r["mb_per_s"]) for r in rows if r["run"] == "extract-news"}
for (c, j), v in sorted(news.items()):
    if j != "1" and (c, "1") in news and news[(c, "1")] > 0:
        print(f"- news text {c}: -j {j} / -j 1 = {v / news[(c, '1')]:.2f}x")
for run, table in (("python-stack", ext), ("python-stack-news", news)):
    for p in (r for r in rows if r["run"] == run):
        k = table.get((p["corpus"], "1"))
        if k and float(p["mb_per_s"]) > 0:
            print(f"- {p['corpus']}: khabar -j 1 / Python stack = {k / float(p['mb_per_s']):.1f}x (wall)")
peer = [r for r in rows if r["run"] == "python-stack"]
if peer:
    p = peer[0]
    if os.path.exists(sys.argv[2]):
        s = json.load(open(sys.argv[2]))
        print(f"- Python stack stages (MB/s): {s['stage_mb_per_s']}")
PY
log "done: $SUMMARY"
cat "$SUMMARY"
