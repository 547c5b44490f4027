"""khabar.spark.extract on a local[2] Spark over a generated corpus."""

from __future__ import annotations

import os
import shutil
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pyspark = pytest.importorskip("pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java for Spark", allow_module_level=True)

import khabar  # noqa: E402
import khabar.spark  # noqa: E402
from conftest import run_cli  # noqa: E402
from parity import assert_arrow_row_equals  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Executors' Python workers must be this interpreter (it has khabar).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("khabar-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_schema_matches_arrow():
    s = khabar.spark.spark_schema()
    assert [f.name for f in s.fields] == khabar.output_schema().names
    ent = s["entities"].dataType.elementType
    assert [f.name for f in ent.fields] == ["start", "end", "text", "id", "type", "name", "prefix", "how"]
    assert ent["start"].dataType.typeName() == "long"
    assert s["figures"].dataType.elementType["low"].dataType.typeName() == "double"


def test_pipeline_is_cached_per_process():
    a = khabar.spark._pipeline({"offsets": "char"})
    assert khabar.spark._pipeline({"offsets": "char"}) is a
    assert khabar.spark._pipeline({}) is not a


def test_extract_local2_equals_cli(spark, khabar_bin, corpus, corpus_file, tmp_path):
    src = tmp_path / "corpus.parquet"
    table = pa.Table.from_pylist([{"id": d["id"], "text": d["text"]} for d in corpus])
    pq.write_table(table, src, row_group_size=200)
    df = spark.read.parquet(str(src)).repartition(4)
    out = khabar.spark.extract(df, text_col="text", id_col="id")
    assert out.schema == khabar.spark.spark_schema()
    rows = [r.asDict(recursive=True) for r in out.collect()]
    cli = {r["id"]: r for r in run_cli(khabar_bin, str(corpus_file))}
    assert len(rows) == len(cli) == len(corpus)
    for row in rows:
        assert_arrow_row_equals(row, cli[row["id"]])


def test_extract_nulls_and_sql(spark):
    df = spark.createDataFrame(
        [("a", "زار لافروف موسكو"), ("b", None)], "id string, body string"
    )
    out = khabar.spark.extract(df, text_col="body", id_col="id", offsets="char")
    out.createOrReplaceTempView("facts")
    got = spark.sql(
        "SELECT id, e.id AS entity, e.start FROM facts LATERAL VIEW explode(entities) x AS e ORDER BY e.start"
    ).collect()
    assert [(r.id, r.entity, r.start) for r in got] == [("a", "sergey-lavrov", 4), ("a", "moscow", 11)]
    err = out.where("error IS NOT NULL").collect()
    assert [(r.id, r.error.kind) for r in err] == [("b", "null")]


def test_extract_with_claims(spark):
    text = "وقال البنتاغون إن نحو 10 آلاف جندي كوري شمالي وصلوا إلى روسيا."
    df = spark.createDataFrame([("a", text)], "id string, text string")
    row = khabar.spark.extract(df, id_col="id", claims=True).collect()[0].asDict(recursive=True)
    want = khabar.Pipeline(claims=True).process(text, id="a")
    assert_arrow_row_equals(row, want)
