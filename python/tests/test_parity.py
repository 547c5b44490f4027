"""Records from Python (dicts, Arrow rows) equal the CLI's, on the seeds and
on a generated corpus."""

from __future__ import annotations

import pyarrow as pa
import pytest

import khabar
from conftest import run_cli
from parity import as_dict_record, assert_arrow_row_equals


@pytest.mark.parametrize("offsets", ["byte", "char"])
def test_seeds_dicts_equal_cli(khabar_bin, seeds, offsets):
    cli = run_cli(khabar_bin, "--offsets", offsets, str(seeds))
    files = sorted(seeds.glob("*.txt"))
    assert len(cli) == len(files) == 5
    p = khabar.Pipeline(offsets=offsets)
    for f, want in zip(files, cli):
        assert want["id"] == f.stem
        got = p.process(f.read_bytes(), id=f.stem)
        assert got == as_dict_record(want, f.stem)
    # The batch path gives the same records.
    got = p.process_batch([f.read_bytes() for f in files], ids=[f.stem for f in files], threads=2)
    assert got == [as_dict_record(w, w["id"]) for w in cli]


@pytest.mark.parametrize("offsets", ["byte", "char"])
def test_seeds_with_claims_equal_cli(khabar_bin, seeds, offsets):
    cli = run_cli(khabar_bin, "--claims", "--offsets", offsets, str(seeds))
    files = sorted(seeds.glob("*.txt"))
    p = khabar.Pipeline(offsets=offsets, claims=True)
    got = p.process_batch([f.read_bytes() for f in files], ids=[f.stem for f in files])
    assert got == [as_dict_record(w, w["id"]) for w in cli]
    assert sum(len(r["claims"]) for r in got) > 0
    table = pa.table({"id": [f.stem for f in files], "text": [f.read_bytes() for f in files]})
    rows = p.process_arrow(table, id_column="id").to_pylist()
    for row, want in zip(rows, cli):
        assert_arrow_row_equals(row, want)


@pytest.mark.parametrize("offsets", ["byte", "char"])
def test_seeds_arrow_rows_equal_cli(khabar_bin, seeds, offsets):
    cli = run_cli(khabar_bin, "--offsets", offsets, str(seeds))
    files = sorted(seeds.glob("*.txt"))
    table = pa.table(
        {"id": [f.stem for f in files], "body": [f.read_bytes() for f in files]}
    )
    out = khabar.Pipeline(offsets=offsets).process_arrow(table, text_column="body", id_column="id")
    rows = out.to_pylist()
    assert len(rows) == len(cli)
    for row, want in zip(rows, cli):
        assert_arrow_row_equals(row, want)


def test_corpus_dicts_equal_cli(khabar_bin, corpus, corpus_file):
    cli = run_cli(khabar_bin, str(corpus_file))
    assert len(cli) == len(corpus)
    got = khabar.Pipeline().process_batch(
        [d["text"] for d in corpus], ids=[d["id"] for d in corpus]
    )
    for g, w in zip(got, cli):
        assert g == as_dict_record(w, w["id"])


def test_corpus_arrow_rows_equal_cli(khabar_bin, corpus, corpus_file):
    cli = run_cli(khabar_bin, str(corpus_file))
    table = pa.Table.from_pylist([{"id": d["id"], "text": d["text"]} for d in corpus])
    for threads in (1, 2):
        out = khabar.Pipeline().process_arrow(table, id_column="id", threads=threads)
        rows = out.to_pylist()
        assert len(rows) == len(cli)
        for row, want in zip(rows, cli):
            assert_arrow_row_equals(row, want)
    assert sum(len(r["entities"]) for r in rows) > 100
    assert sum(len(r["figures"]) for r in rows) > 100
