"""Shared fixtures: the khabar CLI (the oracle), the seeds and a generated
corpus.

The CLI binary is taken from ``$KHABAR_BIN`` when set, else from the
checkout's ``target/release/khabar`` or ``target/debug/khabar``, else built
with ``cargo build --bin khabar`` (records do not depend on the profile).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def khabar_bin() -> Path:
    env = os.environ.get("KHABAR_BIN")
    if env:
        return Path(env)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    for profile in ("release", "debug"):
        exe = target / profile / "khabar"
        if exe.exists():
            return exe
    if shutil.which("cargo") is None:
        pytest.skip("no khabar CLI: set KHABAR_BIN or install cargo")
    subprocess.run(["cargo", "build", "--bin", "khabar"], cwd=ROOT, check=True)
    return target / "debug" / "khabar"


@pytest.fixture(scope="session")
def seeds() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def corpus(khabar_bin, tmp_path_factory) -> list:
    """A generated corpus (2 MiB, seed 7): a list of {"id", "text"}."""
    out = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    subprocess.run(
        [str(khabar_bin), "corpus", "generate", "--size", "2MiB", "--seed", "7", "-o", str(out)],
        check=True,
        capture_output=True,
    )
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]
    assert len(docs) > 100
    return docs


@pytest.fixture(scope="session")
def corpus_file(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus-in") / "docs.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for d in corpus:
            f.write(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n")
    return out


def run_cli(khabar_bin: Path, *args: str) -> list:
    """Runs ``khabar extract -j 1 ARGS`` and returns its records."""
    proc = subprocess.run(
        [str(khabar_bin), "extract", "-j", "1", "--progress", "never", *args],
        check=True,
        capture_output=True,
    )
    return [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines() if line]


def cli_error(khabar_bin: Path, *args: str) -> str:
    """The one-line message the CLI prints for a usage error (exit 2)."""
    proc = subprocess.run([str(khabar_bin), *args], capture_output=True)
    assert proc.returncode == 2, proc
    line = proc.stderr.decode("utf-8").strip().splitlines()[-1]
    prefix = "khabar: error: "
    assert line.startswith(prefix), line
    return line[len(prefix):]
