"""khabar as a Spark DataFrame transformation.

Example (``spark`` a SparkSession)::

    from khabar.spark import extract
    facts = extract(spark.read.parquet("news.parquet"), text_col="body", id_col="url")
    facts.selectExpr("id", "explode(entities) AS e").groupBy("e.id").count().show()

The work runs on the executors with ``mapInArrow``: Arrow batches in, Arrow
batches out, no Python per row. Each executor's Python worker builds the
pipeline once (per set of options) and reuses it for every batch and task
it runs. Executors need the ``khabar`` wheel installed (and any gazetteer
or plugin file at the same path).
"""

from __future__ import annotations

import threading
from typing import Any, Dict, Optional, Tuple

from . import Pipeline, output_schema

__all__ = ["extract", "spark_schema"]

_LOCK = threading.Lock()
_PIPELINES: Dict[Tuple, Pipeline] = {}


def _key(options: Dict[str, Any]) -> Tuple:
    def freeze(v):
        if isinstance(v, (list, tuple)):
            return tuple(freeze(x) for x in v)
        return v

    return tuple(sorted((k, freeze(v)) for k, v in options.items()))


def _pipeline(options: Dict[str, Any]) -> Pipeline:
    """The pipeline for ``options`` in this process, built on first use."""
    key = _key(options)
    with _LOCK:
        p = _PIPELINES.get(key)
        if p is None:
            p = Pipeline(**options)
            _PIPELINES[key] = p
        return p


def _spark_type(t):
    import pyarrow as pa
    from pyspark.sql import types as T

    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return T.StringType()
    if pa.types.is_int64(t):
        return T.LongType()
    if pa.types.is_float64(t):
        return T.DoubleType()
    if pa.types.is_list(t):
        return T.ArrayType(_spark_type(t.value_type), t.value_field.nullable)
    if pa.types.is_struct(t):
        return T.StructType(
            [T.StructField(f.name, _spark_type(f.type), f.nullable) for f in t]
        )
    raise TypeError(f"no Spark type for Arrow type {t}")


def spark_schema():
    """The output schema as a Spark ``StructType`` (the Arrow schema of
    :func:`khabar.output_schema`, type for type)."""
    from pyspark.sql import types as T

    return T.StructType(
        [T.StructField(f.name, _spark_type(f.type), f.nullable) for f in output_schema()]
    )


def extract(
    df,
    text_col: str = "text",
    id_col: Optional[str] = None,
    threads: int = 1,
    **options: Any,
):
    """Runs khabar over a Spark DataFrame: one output row per input row.

    ``text_col`` names the text column (string or binary), ``id_col`` an
    optional id column (string or integer; ``id`` is null without it).
    ``options`` are :class:`khabar.Pipeline`'s (``gazetteers``,
    ``builtin_gazetteer``, ``variants``, ``plugins``, ``offsets``,
    ``claims``).
    ``threads`` is the number of threads per Spark task (1 by default:
    Spark already runs one task per core).

    Returns a DataFrame with the columns of :func:`khabar.output_schema`
    (``id``, ``encoding``, ``repairs``, ``entities``, ``figures``,
    ``annotations``, ``plugin_errors``, ``claims``, ``error``), in the input's
    order within each partition.
    """
    cols = [text_col] if id_col is None else [text_col, id_col]

    def run(batches):
        pipeline = _pipeline(options)
        for batch in batches:
            table = pipeline.process_arrow(
                batch, text_column=text_col, id_column=id_col, threads=threads
            )
            for out in table.to_batches():
                if out.num_rows:
                    yield out

    return df.select(*cols).mapInArrow(run, spark_schema())
