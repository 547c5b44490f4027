"""Comparing khabar's Python outputs with the CLI's records."""

from __future__ import annotations

import json

LIST_COLUMNS = ("repairs", "entities", "figures", "annotations")


def as_dict_record(cli: dict, id=None) -> dict:
    """The CLI record as ``Pipeline.process`` returns it (source None)."""
    rec = dict(cli)
    rec["id"] = id
    rec["source"] = None
    return rec


def assert_arrow_row_equals(row: dict, cli: dict) -> None:
    """An Arrow row (``Table.to_pylist()`` or a Spark ``Row.asDict(True)``)
    against the CLI's record for the same document."""
    assert row["id"] == cli["id"]
    if "error" in cli:
        assert row["error"] == cli["error"]
        for col in LIST_COLUMNS:
            assert row[col] is None
        return
    assert row["error"] is None
    assert row["encoding"] == cli["encoding"]
    for col in LIST_COLUMNS:
        got = row[col]
        want = cli[col]
        assert len(got) == len(want), (cli["id"], col)
        for g, w in zip(got, want):
            # Every field of the record is a field of the struct: a field
            # added to the record must be added to the Arrow schema too.
            assert set(w) <= set(g), (col, sorted(set(w) - set(g)))
            g = dict(g)
            if col == "annotations" and g.get("attrs") is not None:
                g["attrs"] = json.loads(g["attrs"])
            assert {k: g[k] for k in w} == w, (cli["id"], col)
    assert row["plugin_errors"] == cli.get("plugin_errors", [])
    assert row["claims"] == cli.get("claims")
    if cli.get("claims"):
        # Every field of a claim (and of its source) is in the struct.
        for g, w in zip(row["claims"], cli["claims"]):
            assert set(w) <= set(g)
