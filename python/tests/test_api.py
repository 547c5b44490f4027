"""The Python API: options, inputs, errors (with the CLI's messages), GIL."""

from __future__ import annotations

import pickle
import subprocess
import threading
import time

import pytest

import khabar
from conftest import cli_error

NEWS = "أعلن البنتاغون أن نحو 10 آلاف جندي كوري شمالي وصلوا إلى روسيا، وزار لافروف بيونغ يانغ."


def test_process_finds_entities_and_figures():
    rec = khabar.Pipeline().process(NEWS)
    assert rec["id"] is None and rec["source"] is None
    assert rec["encoding"] == "utf-8"
    ids = [e["id"] for e in rec["entities"]]
    assert "sergey-lavrov" in ids and "pyongyang" in ids
    fig = next(f for f in rec["figures"] if f["unit"] == "جندي")
    assert (fig["low"], fig["high"], fig["approx"], fig["kind"]) == (10000, 10000, "about", "count")
    for e in rec["entities"]:
        assert NEWS.encode()[e["start"]:e["end"]].decode() == e["text"]


def test_str_and_bytes_give_the_same_record():
    p = khabar.Pipeline()
    assert p.process(NEWS) == p.process(NEWS.encode("utf-8"))


def test_legacy_encoding_bytes_are_decoded():
    rec = khabar.Pipeline().process("وصل لافروف إلى موسكو".encode("cp1256"))
    assert rec["encoding"] == "windows-1256"
    assert [e["id"] for e in rec["entities"]] == ["sergey-lavrov", "moscow"]


def test_char_offsets_index_the_str():
    rec = khabar.Pipeline(offsets="char").process(NEWS)
    for e in rec["entities"]:
        assert NEWS[e["start"]:e["end"]] == e["text"]


def test_binary_input_gives_an_error_record_not_an_exception():
    rec = khabar.Pipeline().process(bytes(range(256)) * 4, id="bin")
    assert rec["id"] == "bin"
    assert rec["error"]["kind"] == "binary"
    assert "entities" not in rec


def test_builtin_gazetteer_off_and_user_gazetteer(tmp_path):
    g = tmp_path / "mine.tsv"
    g.write_text("# test gazetteer\nkhabar-town\tLOC\tخبرستان\n", encoding="utf-8")
    rec = khabar.Pipeline(gazetteers=[g], builtin_gazetteer=False).process("زار لافروف خبرستان")
    assert [e["id"] for e in rec["entities"]] == ["khabar-town"]


def test_missing_gazetteer_raises_the_cli_message(khabar_bin, tmp_path, seeds):
    missing = tmp_path / "missing.tsv"
    with pytest.raises(khabar.ConfigError) as err:
        khabar.Pipeline(gazetteers=[missing])
    assert str(err.value) == cli_error(khabar_bin, "extract", "--gazetteer", str(missing), str(seeds))
    assert isinstance(err.value, khabar.KhabarError)


def test_bad_gazetteer_line_raises_the_cli_message(khabar_bin, tmp_path, seeds):
    bad = tmp_path / "bad.tsv"
    bad.write_text("only-one-field\n", encoding="utf-8")
    with pytest.raises(khabar.ConfigError) as err:
        khabar.Pipeline(gazetteers=[bad])
    assert str(err.value) == cli_error(khabar_bin, "extract", "--gazetteer", str(bad), str(seeds))


def test_missing_plugin_raises_the_cli_message(khabar_bin, tmp_path, seeds):
    lib = tmp_path / "libnothing.so"
    with pytest.raises(khabar.ConfigError) as err:
        khabar.Pipeline(plugins=[(lib, "")])
    assert str(err.value) == cli_error(khabar_bin, "extract", "--plugin", str(lib), str(seeds))


def test_bad_options_raise():
    with pytest.raises(ValueError, match="offsets"):
        khabar.Pipeline(offsets="utf16")
    with pytest.raises(ValueError, match="pair"):
        khabar.Pipeline(plugins=[("a", "b", "c")])


def test_claims_option():
    rec = khabar.Pipeline(claims=True).process(NEWS)
    assert "claims" in rec and rec["claims"]
    claim = rec["claims"][0]
    assert rec["figures"][claim["figure"]]["unit"] == "جندي"
    assert "claims" not in khabar.Pipeline().process(NEWS)


def test_wrong_document_type_raises_type_error():
    p = khabar.Pipeline()
    with pytest.raises(TypeError, match="str or bytes"):
        p.process(42)
    with pytest.raises(TypeError, match="str or bytes"):
        p.process_batch(["نص", None])


def test_process_batch_keeps_order_and_ids_for_any_thread_count():
    texts = [f"زار لافروف موسكو {i} مرة" if i % 3 else "وصل إلى بيونغ يانغ" for i in range(500)]
    ids = [f"d{i}" for i in range(500)]
    p = khabar.Pipeline()
    one = p.process_batch(texts, ids=ids, threads=1)
    assert [r["id"] for r in one] == ids
    assert one == p.process_batch(texts, ids=ids, threads=2)
    assert one == p.process_batch(iter(texts), ids=ids)
    assert [p.process(t, id=i) for t, i in zip(texts, ids)] == one
    assert p.process_batch([]) == []
    with pytest.raises(ValueError, match="2 ids for 3 texts"):
        p.process_batch(["a", "b", "c"], ids=["x", "y"])
    with pytest.raises(ValueError, match="at least 1"):
        p.process_batch(["a"], threads=0)


def test_pipeline_pickles_by_options():
    p = khabar.Pipeline(offsets="char", variants=False)
    q = pickle.loads(pickle.dumps(p))
    assert repr(q) == repr(p)
    assert q.process(NEWS) == p.process(NEWS)


def test_process_batch_releases_the_gil():
    """A Python thread keeps running while the native batch runs."""
    p = khabar.Pipeline()
    texts = [NEWS * 20] * 3000
    progress = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            progress[0] += 1

    t = threading.Thread(target=spin)
    t.start()
    try:
        time.sleep(0.05)
        before = progress[0]
        # The native call alone: the JSON parsing after it is Python work
        # that would let the thread run anyway.
        records = p._native.process_batch_json(texts, 1)
        during = progress[0] - before
    finally:
        stop.set()
        t.join()
    assert len(records) == len(texts)
    # With the GIL held for the whole call the thread could not count at
    # all while it ran (a hundred or so at the call's edges at most).
    assert during > 10_000, during


def test_normalize_profiles():
    assert khabar.normalize("أَحْمَد") == "احمد"
    assert khabar.normalize("بيـــروت", profile="display") == "بيروت"
    with pytest.raises(ValueError, match='unknown profile "loud"'):
        khabar.normalize("نص", profile="loud")


def test_normalize_equals_the_cli(khabar_bin, seeds):
    for f in sorted(seeds.glob("*.txt")):
        cli = subprocess.run(
            [str(khabar_bin), "normalize", str(f)], check=True, capture_output=True
        ).stdout.decode("utf-8")
        assert khabar.normalize(f.read_bytes()) == cli


def test_decode_repairs_and_equals_the_cli(khabar_bin, seeds):
    text, repairs = khabar.decode("\ufeffمرحبا".encode("utf-8"))
    assert text == "مرحبا"
    assert repairs == [{"kind": "bom", "start": 0, "end": 0, "original": "\ufeff"}]
    for f in sorted(seeds.glob("*.txt")):
        cli = subprocess.run(
            [str(khabar_bin), "decode", str(f)], check=True, capture_output=True
        )
        text, repairs = khabar.decode(f.read_bytes())
        assert text == cli.stdout.decode("utf-8")
        assert f"{len(repairs)} repairs" in cli.stderr.decode("utf-8")


def test_decode_binary_raises():
    with pytest.raises(khabar.DecodeError):
        khabar.decode(bytes(range(256)) * 4)
