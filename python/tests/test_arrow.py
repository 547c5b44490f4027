"""process_arrow: input types through the PyCapsule interface, the output
schema, nulls, order, Parquet and polars."""

from __future__ import annotations

import threading
import time

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import khabar

NEWS = "وقال البنتاغون إن ما بين 25 ألفًا و30 ألف جندي انتشروا قرب بيونغ يانغ."

S, I, F = pa.string(), pa.int64(), pa.float64()


def st(*fields):
    """A struct type; a name ending in "?" is nullable."""
    return pa.struct([pa.field(n.rstrip("?"), t, nullable=n.endswith("?")) for n, t in fields])


REPAIR = st(("kind", S), ("start", I), ("end", I), ("original", S))
ENTITY = st(
    ("start", I), ("end", I), ("text", S), ("id?", S), ("type", S), ("name", S), ("prefix?", S),
    ("how", S),
)
FIGURE = st(
    ("start", I), ("end", I), ("text", S), ("low?", F), ("high?", F),
    ("approx", S), ("unit?", S), ("kind", S),
)
LINK = st(("role", S), ("start", I), ("end", I), ("text", S))
ANNOTATION = st(
    ("plugin", S), ("label", S), ("start", I), ("end", I), ("text", S), ("attrs?", S),
    ("links?", pa.list_(pa.field("item", LINK, nullable=False))),
)


def test_output_schema_types():
    s = khabar.output_schema()
    assert s.names == [
        "id", "encoding", "repairs", "entities", "figures", "annotations",
        "plugin_errors", "claims", "error",
    ]
    assert s.field("id").type == pa.string()
    assert s.field("repairs").type.value_type == REPAIR
    assert s.field("entities").type.value_type == ENTITY
    assert s.field("figures").type.value_type == FIGURE
    assert s.field("annotations").type.value_type == ANNOTATION
    claim = s.field("claims").type.value_type
    assert [f.name for f in claim] == ["figure", "subject", "sentence", "entities", "source"]
    assert s.field("error").type == st(("kind", S), ("message", S))
    assert not s.field("entities").type.value_field.nullable


def test_table_output_and_nulls():
    t = pa.table({"text": [NEWS, None, "", NEWS]})
    out = khabar.Pipeline().process_arrow(t)
    assert out.schema == khabar.output_schema()
    assert out.num_rows == 4
    rows = out.to_pylist()
    assert rows[0]["id"] is None and rows[0]["error"] is None
    fig = next(f for f in rows[0]["figures"] if f["unit"] == "جندي")
    assert (fig["low"], fig["high"]) == (25000.0, 30000.0)
    assert rows[1]["error"] == {"kind": "null", "message": "the text is null"}
    assert rows[1]["entities"] is None and rows[1]["encoding"] is None
    assert rows[2]["entities"] == [] and rows[2]["error"] is None
    assert rows[3] == rows[0]
    assert out.column("claims").null_count == 4


@pytest.mark.parametrize(
    "typ", [pa.string(), pa.large_string(), pa.string_view(), pa.binary(), pa.large_binary(), pa.binary_view()]
)
def test_text_column_types(typ):
    texts = [NEWS, None, "زار لافروف موسكو"]
    if pa.types.is_binary(typ) or pa.types.is_large_binary(typ) or pa.types.is_binary_view(typ):
        arr = pa.array([t.encode() if t is not None else None for t in texts], type=typ)
    else:
        arr = pa.array(texts, type=typ)
    out = khabar.Pipeline().process_arrow(pa.table({"text": arr}))
    want = khabar.Pipeline().process_arrow(pa.table({"text": pa.array(texts)}))
    assert out.equals(want)


def test_binary_column_in_a_legacy_encoding():
    t = pa.table({"text": pa.array(["زار لافروف موسكو".encode("cp1256")], pa.binary())})
    row = khabar.Pipeline().process_arrow(t).to_pylist()[0]
    assert row["encoding"] == "windows-1256"
    assert [e["id"] for e in row["entities"]] == ["sergey-lavrov", "moscow"]


@pytest.mark.parametrize("ids", [["a", None, "c"], [1, 2, None]])
def test_id_column(ids):
    t = pa.table({"doc": ids, "text": [NEWS] * 3})
    out = khabar.Pipeline().process_arrow(t, id_column="doc")
    assert out.column("id").to_pylist() == [None if i is None else str(i) for i in ids]


def test_record_batch_array_and_reader_inputs():
    p = khabar.Pipeline()
    batch = pa.record_batch({"text": [NEWS, "زار لافروف موسكو"]})
    want = p.process_arrow(pa.Table.from_batches([batch]))
    assert p.process_arrow(batch).equals(want)
    # A plain string array is taken as the text column.
    assert p.process_arrow(batch.column(0)).equals(want)
    reader = pa.RecordBatchReader.from_batches(batch.schema, [batch])
    assert p.process_arrow(reader).equals(want)


def test_many_batches_keep_order():
    texts = [f"{NEWS} {i}" if i % 2 else f"زار لافروف موسكو {i}" for i in range(1000)]
    t = pa.table({"text": texts, "id": [str(i) for i in range(1000)]})
    chunked = pa.Table.from_batches(t.to_batches(max_chunksize=97))
    p = khabar.Pipeline()
    a = p.process_arrow(chunked, id_column="id", threads=2)
    b = p.process_arrow(t, id_column="id", threads=1)
    assert a.column("id").to_pylist() == [str(i) for i in range(1000)]
    assert a.to_pylist() == b.to_pylist()


def test_empty_input():
    out = khabar.Pipeline().process_arrow(pa.table({"text": pa.array([], pa.string())}))
    assert out.num_rows == 0 and out.schema == khabar.output_schema()


def test_bad_inputs_raise():
    p = khabar.Pipeline()
    with pytest.raises(ValueError, match=r'no column "body" in the input \(columns: text\)'):
        p.process_arrow(pa.table({"text": ["x"]}), text_column="body")
    with pytest.raises(TypeError, match="must be a string or binary column"):
        p.process_arrow(pa.table({"text": [1, 2]}))
    with pytest.raises(TypeError, match="string or integer"):
        p.process_arrow(pa.table({"text": ["x"], "id": [1.5]}), id_column="id")
    with pytest.raises(TypeError, match="Arrow data"):
        p.process_arrow(["not", "arrow"])


def test_parquet_round_trip(tmp_path):
    src = tmp_path / "news.parquet"
    pq.write_table(pa.table({"url": ["u1", "u2"], "body": [NEWS, "زار لافروف موسكو"]}), src)
    # The five lines of the README.
    import khabar
    import pyarrow.parquet as pq2
    p = khabar.Pipeline()
    facts = p.process_arrow(pq2.read_table(src), text_column="body", id_column="url")
    pq2.write_table(facts, tmp_path / "facts.parquet")

    back = pq.read_table(tmp_path / "facts.parquet")
    assert back.schema.equals(khabar.output_schema())
    assert back.to_pylist() == facts.to_pylist()
    assert back.column("id").to_pylist() == ["u1", "u2"]


def test_polars_in_and_out():
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"id": ["a", "b"], "text": [NEWS, None]})
    out = khabar.Pipeline().process_arrow(df, id_column="id")
    want = khabar.Pipeline().process_arrow(pa.table({"id": ["a", "b"], "text": [NEWS, None]}), id_column="id")
    assert out.equals(want)
    facts = pl.from_arrow(out)
    ents = facts.select("id", pl.col("entities").list.eval(pl.element().struct.field("id")))
    assert "pyongyang" in ents.row(0)[1]


def test_process_arrow_releases_the_gil():
    p = khabar.Pipeline()
    t = pa.table({"text": [NEWS * 20] * 3000})
    progress = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            progress[0] += 1

    th = threading.Thread(target=spin)
    th.start()
    try:
        time.sleep(0.05)
        before = progress[0]
        p._native.process_arrow(t, "text", None, 1)
        during = progress[0] - before
    finally:
        stop.set()
        th.join()
    assert during > 10_000, during


def test_chunked_array_and_polars_series_are_texts():
    p = khabar.Pipeline()
    texts = [NEWS, None, "زار لافروف موسكو"]
    want = p.process_arrow(pa.table({"text": texts}))
    assert p.process_arrow(pa.chunked_array([texts[:1], texts[1:]])).to_pylist() == want.to_pylist()
    assert p.process_arrow(pa.array(texts), text_column="ignored").equals(want)
    with pytest.raises(ValueError, match="id_column needs a table"):
        p.process_arrow(pa.array(texts), id_column="id")
    pl = pytest.importorskip("polars")
    assert p.process_arrow(pl.Series("body", texts)).to_pylist() == want.to_pylist()


def test_struct_array_with_null_rows_is_refused():
    arr = pa.array([{"text": NEWS}, None], pa.struct([("text", pa.string())]))
    with pytest.raises(ValueError, match="null rows"):
        khabar.Pipeline().process_arrow(arr)
