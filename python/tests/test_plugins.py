"""A real plugin (plugins/dates): annotations equal the CLI's, in dicts and
in Arrow rows."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pyarrow as pa
import pytest

import khabar
from conftest import ROOT, run_cli
from parity import as_dict_record, assert_arrow_row_equals


@pytest.fixture(scope="module")
def dates_plugin() -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for profile in ("release", "debug"):
        lib = target / profile / "libdates.so"
        if lib.exists():
            return lib
    if shutil.which("cargo") is None:
        pytest.skip("no dates plugin built and no cargo")
    subprocess.run(["cargo", "build", "-p", "dates"], cwd=ROOT, check=True)
    return target / "debug" / "libdates.so"


def test_dates_plugin_annotations_equal_cli(khabar_bin, seeds, dates_plugin, tmp_path):
    extra = tmp_path / "extra.txt"
    extra.write_text("وفي 12 مارس 2024 أعلنت الوزارة أن الاجتماع سيعقد في يونيو المقبل.", encoding="utf-8")
    files = sorted(seeds.glob("*.txt"))
    cli = run_cli(khabar_bin, "--plugin", str(dates_plugin), str(seeds))
    cli += run_cli(khabar_bin, "--plugin", str(dates_plugin), str(extra))
    files.append(extra)
    p = khabar.Pipeline(plugins=[(dates_plugin, "")])
    got = p.process_batch([f.read_bytes() for f in files], ids=[f.stem for f in files])
    assert got == [as_dict_record(w, w["id"]) for w in cli]
    assert sum(len(r["annotations"]) for r in got) > 0
    table = pa.table({"id": [f.stem for f in files], "text": [f.read_bytes() for f in files]})
    rows = p.process_arrow(table, id_column="id", threads=2).to_pylist()
    for row, want in zip(rows, cli):
        assert_arrow_row_equals(row, want)
    ann = next(a for r in rows for a in r["annotations"])
    assert ann["plugin"] == "dates" and ann["label"]
