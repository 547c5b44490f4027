"""Pipeline options that mirror CLI flags: ``names`` (``--no-names``) and
``plugin_max_failures`` (``--plugin-max-failures``)."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
from pathlib import Path

import pytest

import khabar
from conftest import ROOT, run_cli

PEOPLE = "قال وزير الزراعة التونسي الأسبق سمير الطيب الحمروني إن تونس بخير. وأضاف الحمروني أن الحوار مستمر."


def test_names_off_reports_only_the_gazetteers_names():
    on = khabar.Pipeline().process(PEOPLE)
    off = khabar.Pipeline(names=False).process(PEOPLE)
    assert {e["how"] for e in on["entities"]} >= {"pattern", "coreference"}
    assert off["entities"] and {e["how"] for e in off["entities"]} == {"gazetteer"}
    assert off["figures"] == on["figures"]


def test_names_off_equals_the_cli_no_names(khabar_bin, seeds):
    cli = run_cli(khabar_bin, "--no-names", str(seeds))
    files = sorted(seeds.glob("*.txt"))
    got = khabar.Pipeline(names=False).process_batch([f.read_bytes() for f in files])
    assert [r["entities"] for r in got] == [w["entities"] for w in cli]
    with_names = run_cli(khabar_bin, str(seeds))
    assert [r["entities"] for r in got] != [w["entities"] for w in with_names]


def test_options_survive_pickling_and_repr():
    p = khabar.Pipeline(names=False, plugin_max_failures=5)
    q = pickle.loads(pickle.dumps(p))
    assert repr(q) == repr(p)
    assert "names=False" in repr(p) and "plugin_max_failures=5" in repr(p)
    assert q.process(PEOPLE) == p.process(PEOPLE)


def test_bad_max_failures_raise():
    with pytest.raises(ValueError, match="at least 1"):
        khabar.Pipeline(plugin_max_failures=0)
    with pytest.raises(TypeError, match="int"):
        khabar.Pipeline(plugin_max_failures="3")


@pytest.fixture(scope="module")
def panicky_plugin() -> Path:
    """The host tests' fixture plugin that panics on documents with PANIC."""
    if shutil.which("cargo") is None:
        pytest.skip("cargo is needed to build the fixture plugin")
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "fixtures"
    manifest = ROOT / "crates" / "plugin-test" / "tests" / "fixtures" / "Cargo.toml"
    subprocess.run(
        ["cargo", "build", "-q", "--manifest-path", str(manifest), "-p", "fixture-panicky", "--target-dir", str(target)],
        cwd=ROOT,
        check=True,
    )
    return target / "debug" / "libfixture_panicky.so"


def test_plugin_max_failures_quarantines_after_n_failures(panicky_plugin):
    texts = ["PANIC واحد", "نص ثان", "PANIC ثالث", "نص رابع"]

    def kinds(pipeline):
        recs = pipeline.process_batch(texts, threads=1)
        return [[e["kind"] for e in r.get("plugin_errors", [])] for r in recs]

    # Default (3): each panic is reported, the plugin keeps running.
    assert kinds(khabar.Pipeline(plugins=[panicky_plugin])) == [["panic"], [], ["panic"], []]
    # One failure is enough: every later document gets `quarantined`.
    assert kinds(khabar.Pipeline(plugins=[panicky_plugin], plugin_max_failures=1)) == [
        ["panic"],
        ["quarantined"],
        ["quarantined"],
        ["quarantined"],
    ]
