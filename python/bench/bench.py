"""Benchmarks of the khabar Python package against the CLI.

    python python/bench/bench.py --khabar target/release/khabar --size 32MiB [--spark] [--peers VENV]

Measures, on one generated corpus (``khabar corpus generate --seed 7``):

1. ``Pipeline.process_arrow`` (threads=1) vs ``khabar extract -j 1`` (same
   documents, JSON Lines in and out), wall time and MB/s of text;
2. ``process_batch`` at 1 and 2 threads (and ``process_arrow`` at 2);
3. ``khabar.spark.extract`` on ``local[2]`` (Parquet in, ``noop`` sink)
   vs ``khabar extract -j 2``;
4. ``khabar.normalize`` vs ``arabic-norm`` (when importable) on the texts.

Each timing is the best of ``--repeat`` runs (default 3). Prints a
Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import khabar
import khabar.spark


CPU = {}


def cpu_now():
    """CPU seconds of this process and its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def best(fn, repeat):
    """Best wall time of `repeat` runs; the CPU time of that run is kept
    in CPU[wall] (wall time is at the mercy of the machine's load, CPU time
    much less)."""
    times = []
    for _ in range(repeat):
        c = cpu_now()
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t, cpu_now() - c))
    wall, cpu = min(times)
    CPU[wall] = cpu
    return wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--khabar", required=True, help="the khabar CLI (release build)")
    ap.add_argument("--size", default="32MiB")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--spark", action="store_true", help="also run Spark local[2]")
    ap.add_argument("--peer", help="python of a venv with arabic-norm, for normalize")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="khabar-bench-"))
    corpus = tmp / "corpus.jsonl"
    subprocess.run(
        [args.khabar, "corpus", "generate", "--size", args.size, "--seed", "7", "-o", str(corpus)],
        check=True, capture_output=True,
    )
    docs = [json.loads(l) for l in corpus.read_text(encoding="utf-8").splitlines() if l]
    texts = [d["text"] for d in docs]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    table = pa.table({"id": [d["id"] for d in docs], "text": texts})
    rows = []

    def row(what, secs, note=""):
        rows.append((what, secs, mb / secs, note))

    def cli(j):
        subprocess.run(
            # A real file: the CLI writes FILE.partial and renames it, which
            # must never be pointed at /dev/null.
            [args.khabar, "extract", "-j", str(j), "--progress", "never", str(corpus), "-o", str(tmp / "out.jsonl")],
            check=True, capture_output=True,
        )

    p = khabar.Pipeline()
    cli1 = best(lambda: cli(1), args.repeat)
    row("CLI `khabar extract -j 1` (JSONL in, JSONL out)", cli1)
    arrow1 = best(lambda: p.process_arrow(table, id_column="id", threads=1), args.repeat)
    row("`process_arrow` threads=1", arrow1,
        f"{cli1 / arrow1:.2f}× the CLI -j 1 (wall), {CPU[cli1] / CPU[arrow1]:.2f}× per CPU-s")
    cli2 = best(lambda: cli(2), args.repeat)
    row("CLI `khabar extract -j 2`", cli2)
    arrow2 = best(lambda: p.process_arrow(table, id_column="id", threads=2), args.repeat)
    row("`process_arrow` threads=2", arrow2, f"{arrow1 / arrow2:.2f}× threads=1")
    b1 = best(lambda: p.process_batch(texts, threads=1), args.repeat)
    row("`process_batch` threads=1 (list of dicts)", b1)
    b2 = best(lambda: p.process_batch(texts, threads=2), args.repeat)
    row("`process_batch` threads=2", b2, f"{b1 / b2:.2f}× threads=1")
    nb1 = best(lambda: p._native.process_batch_json(texts, 1), args.repeat)
    row("`process_batch` native part only, threads=1 (JSON strings)", nb1)
    nb2 = best(lambda: p._native.process_batch_json(texts, 2), args.repeat)
    row("`process_batch` native part only, threads=2", nb2, f"{nb1 / nb2:.2f}× threads=1")

    norm = best(lambda: [khabar.normalize(t) for t in texts], args.repeat)
    row("`khabar.normalize` (search), per document", norm)

    if args.spark:
        os.environ["PYSPARK_PYTHON"] = sys.executable
        from pyspark.sql import SparkSession

        src = tmp / "corpus.parquet"
        pq.write_table(table, src, row_group_size=2000)
        spark = (
            SparkSession.builder.master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "2g")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        df = spark.read.parquet(str(src))

        def run_spark():
            khabar.spark.extract(df, id_col="id").write.format("noop").mode("overwrite").save()

        run_spark()  # warm-up: workers start, pipelines are built
        s = best(run_spark, args.repeat)
        row("Spark `local[2]` `extract` (Parquet in, noop sink)", s, f"{cli2 / s:.2f}× the CLI -j 2")

        def read_only():
            df.write.format("noop").mode("overwrite").save()

        r = best(read_only, args.repeat)
        row("Spark `local[2]` Parquet read alone (noop sink)", r)
        spark.stop()

    if args.peer:
        script = (
            "import sys, json, time\n"
            "import arabic_norm\n"
            "texts = [json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]\n"
            "fn = getattr(arabic_norm, 'normalize', None)\n"
            "best = 1e9\n"
            "for _ in range(3):\n"
            "    t = time.perf_counter(); [fn(x) for x in texts]; best = min(best, time.perf_counter() - t)\n"
            "print(best)\n"
        )
        out = subprocess.run([args.peer, "-c", script, str(corpus)], capture_output=True, text=True)
        if out.returncode == 0:
            row("`arabic_norm.normalize` (PyPI arabic-norm), per document", float(out.stdout.strip()))
        else:
            print("arabic-norm failed:", out.stderr.strip().splitlines()[-1:], file=sys.stderr)

    print(f"load average {os.getloadavg()[0]:.1f}; corpus: {len(docs)} documents, {mb:.1f} MB of text ({args.size}, seed 7); "
          f"{os.cpu_count()} cores; best of {args.repeat}\n")
    print("| run | wall s | MB/s (wall) | CPU s | MB per CPU-s | note |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for what, secs, rate, note in rows:
        cpu = CPU.get(secs)
        c = f"{cpu:.2f} | {mb / cpu:.1f}" if cpu and "Spark" not in what else "– | –"
        print(f"| {what} | {secs:.2f} | {rate:.1f} | {c} | {note} |")


if __name__ == "__main__":
    main()
