"""khabar: Arabic news text to structured facts.

Decode and repair the bytes, normalize the Arabic, find named entities from
a gazetteer of name variants and parse the figures, as the ``khabar`` CLI
does, from Python: one document at a time, a batch in parallel, or Arrow
data (pyarrow, polars, DuckDB...) without copying the texts.

>>> import khabar
>>> p = khabar.Pipeline()
>>> rec = p.process("وصل لافروف إلى بيونغ يانغ")
>>> [e["id"] for e in rec["entities"]]
['sergey-lavrov', 'pyongyang']
>>> khabar.normalize("إِسْرَائِيل")
'اسراييل'
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Optional, Sequence, Tuple, Union

from . import _khabar
from ._khabar import ConfigError, DecodeError, KhabarError

__all__ = [
    "Pipeline",
    "normalize",
    "decode",
    "output_schema",
    "KhabarError",
    "ConfigError",
    "DecodeError",
]

__version__ = "0.1.0"

Document = Union[str, bytes]
PluginArg = Union[str, "os.PathLike[str]", Tuple[Any, str]]


class Pipeline:
    """The khabar pipeline, configured once and reused (thread-safe).

    Options are the CLI's (``khabar extract``):

    - ``gazetteers``: user gazetteer files (TSV), added to the built-in one
      (``--gazetteer``);
    - ``builtin_gazetteer``: include the built-in news gazetteer
      (``--no-builtin-gazetteer`` when False);
    - ``variants``: generate spelling variants of names (``--no-variants``
      when False);
    - ``plugins``: extractor plugins, each a path or a ``(path, config)``
      pair (``--plugin``, and ``--plugin-config NAME=CONFIG`` for the
      plugin at that path; a path may end in ``#sha256=<hex>``);
    - ``offsets``: ``"byte"`` (UTF-8 byte offsets, the default) or ``"char"``
      (Unicode scalar offsets) for every ``start``/``end``;
    - ``claims``: add SPEC §11's ``claims`` to every record (``--claims``);
      without it the record has no ``claims`` and the Arrow column is
      null;
    - ``names``: find names by their context, link later mentions and
      disambiguate by context (``how`` ``pattern``/``coreference``); False
      reports only the gazetteer's names, faster (``--no-names``);
    - ``plugin_max_failures``: a plugin that fails (panics, errors) on this
      many documents is quarantined for the rest of the run
      (``--plugin-max-failures``, default 3).

    Raises :class:`ConfigError` with the CLI's message when a gazetteer or
    plugin cannot be loaded, ``ValueError`` for a bad option.

    >>> p = Pipeline(offsets="char")
    >>> rec = p.process("زار لافروف موسكو")
    >>> rec["entities"][0]["start"], rec["entities"][0]["name"]
    (4, 'سيرغي لافروف')
    """

    def __init__(
        self,
        gazetteers: Sequence[Union[str, "os.PathLike[str]"]] = (),
        builtin_gazetteer: bool = True,
        variants: bool = True,
        plugins: Sequence[PluginArg] = (),
        offsets: str = "byte",
        claims: bool = False,
        names: bool = True,
        plugin_max_failures: int = 3,
    ) -> None:
        if isinstance(plugin_max_failures, bool) or not isinstance(plugin_max_failures, int):
            raise TypeError(f"plugin_max_failures must be an int, not {type(plugin_max_failures).__name__}")
        if plugin_max_failures < 1:
            raise ValueError(f"plugin_max_failures must be at least 1, not {plugin_max_failures}")
        specs = []
        configs = []
        for p in plugins:
            if isinstance(p, tuple):
                if len(p) != 2:
                    raise ValueError(f"a plugin is a path or a (path, config) pair, not {p!r}")
                path, config = p
                specs.append(str(path))
                configs.append(str(config) if config else None)
            else:
                specs.append(str(p))
                configs.append(None)
        self._options = dict(
            gazetteers=[str(g) for g in gazetteers],
            builtin_gazetteer=bool(builtin_gazetteer),
            variants=bool(variants),
            plugins=specs,
            offsets=offsets,
            claims=bool(claims),
            plugin_configs=configs,
            names=bool(names),
            plugin_max_failures=plugin_max_failures,
        )
        self._native = _khabar.Pipeline(**self._options)

    def __repr__(self) -> str:
        opts = ", ".join(f"{k}={v!r}" for k, v in self._options.items())
        return f"khabar.Pipeline({opts})"

    def __reduce__(self):
        # Pickles by options (Spark, Ray, multiprocessing): rebuilt on load.
        o = self._options
        plugins = [(p, c or "") for p, c in zip(o["plugins"], o["plugin_configs"])]
        return (
            _rebuild,
            (
                o["gazetteers"],
                o["builtin_gazetteer"],
                o["variants"],
                plugins,
                o["offsets"],
                o["claims"],
                o["names"],
                o["plugin_max_failures"],
            ),
        )

    def process(self, text: Document, id: Optional[str] = None) -> dict:
        """One document (``str``, or ``bytes`` in any encoding) to its record.

        The record is the CLI's (SPEC §3) with ``source`` None and ``id``
        the given id (None by default). A document that cannot be processed
        (binary bytes, an unsupported encoding) gives a record with an
        ``error`` object, not an exception, as in the CLI.

        >>> rec = Pipeline().process("قُتل نحو 10 آلاف جندي")
        >>> f = rec["figures"][0]
        >>> f["low"], f["approx"], f["unit"], f["kind"]
        (10000, 'about', 'جندي', 'count')
        """
        rec = json.loads(self._native.process_json(text))
        rec["id"] = id
        rec["source"] = None
        return rec

    def process_batch(
        self,
        texts: Iterable[Document],
        ids: Optional[Sequence[Optional[str]]] = None,
        threads: Optional[int] = None,
    ) -> list:
        """Many documents to their records, in order.

        The work runs in parallel with the GIL released (``threads``: all
        cores when None). ``ids``, when given, has one id per text.

        >>> recs = Pipeline().process_batch(["زار لافروف موسكو", "وصل إلى بيونغ يانغ"],
        ...                                 ids=["a", "b"], threads=2)
        >>> [(r["id"], len(r["entities"])) for r in recs]
        [('a', 2), ('b', 1)]
        """
        texts = list(texts)
        if ids is not None:
            ids = list(ids)
            if len(ids) != len(texts):
                raise ValueError(f"{len(ids)} ids for {len(texts)} texts")
        records = self._native.process_batch_json(texts, threads)
        out = []
        loads = json.loads
        for i, line in enumerate(records):
            rec = loads(line)
            rec["id"] = None if ids is None else ids[i]
            rec["source"] = None
            out.append(rec)
        return out

    def process_arrow(
        self,
        data: Any,
        text_column: str = "text",
        id_column: Optional[str] = None,
        threads: Optional[int] = None,
    ):
        """Arrow data in, a ``pyarrow.Table`` of records out.

        ``data`` is anything with the Arrow PyCapsule interface
        (``__arrow_c_stream__`` or ``__arrow_c_array__``): a pyarrow Table,
        RecordBatch or RecordBatchReader, a polars DataFrame, a DuckDB
        result... or a single column of texts (a pyarrow Array or
        ChunkedArray, a polars Series; ``text_column`` is then ignored and
        there is no id column). The text column may be string, large string,
        string view or binary (bytes in any encoding); texts are read from
        the Arrow buffers, never turned into Python objects. The id column may be strings or integers.

        The output has one row per input row, in order, with the columns
        of :func:`output_schema`: ``id``, ``encoding``, ``repairs``,
        ``entities``, ``figures``, ``annotations``, ``plugin_errors``,
        ``claims`` (lists of structs with the record's fields) and
        ``error`` (a struct, null when the document was processed; a null
        text gives an error of kind ``null``). ``id`` is null without an id
        column. Runs in parallel with the GIL released (``threads``: all
        cores when None). Needs pyarrow.

        >>> import pyarrow as pa
        >>> t = Pipeline().process_arrow(pa.table({"text": ["زار لافروف موسكو", None]}))
        >>> t.num_rows, t["entities"][0][0]["id"].as_py(), t["error"][1]["kind"].as_py()
        (2, 'sergey-lavrov', 'null')
        """
        import pyarrow as pa

        stream = self._native.process_arrow(data, text_column, id_column, threads)
        return pa.RecordBatchReader.from_stream(stream).read_all()


def _rebuild(
    gazetteers, builtin_gazetteer, variants, plugins, offsets, claims, names=True, plugin_max_failures=3
) -> Pipeline:
    return Pipeline(
        gazetteers=gazetteers,
        builtin_gazetteer=builtin_gazetteer,
        variants=variants,
        plugins=plugins,
        offsets=offsets,
        claims=claims,
        names=names,
        plugin_max_failures=plugin_max_failures,
    )


def normalize(text: Document, profile: str = "search") -> str:
    """Normalizes Arabic text with a profile, as ``khabar normalize`` does.

    ``search`` (the default) folds what search should not distinguish
    (diacritics, alef and yeh forms, tatweel, digits...); ``display`` only
    what a reader would not notice. ``bytes`` are decoded first.

    >>> normalize("أَحْمَد")
    'احمد'
    """
    return _khabar.normalize(text, profile)


def decode(data: Union[bytes, str]) -> Tuple[str, list]:
    """Decodes and repairs bytes, as ``khabar decode`` does.

    Returns the repaired text and the repairs, each a dict with ``kind``,
    ``start``/``end`` (UTF-8 byte offsets in the returned text) and
    ``original``. Raises :class:`DecodeError` for binary data.

    >>> decode("\\ufeffمرحبا".encode())
    ('مرحبا', [{'kind': 'bom', 'start': 0, 'end': 0, 'original': '\\ufeff'}])
    """
    return _khabar.decode(data)


def output_schema():
    """The ``pyarrow.Schema`` of :meth:`Pipeline.process_arrow`'s output.

    >>> output_schema().names[:5]
    ['id', 'encoding', 'repairs', 'entities', 'figures']
    """
    import pyarrow as pa

    return pa.RecordBatchReader.from_stream(_khabar.output_schema()).schema
