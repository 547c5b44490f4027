"""Type stubs for khabar (see the module docstrings for examples)."""

import os
from typing import Any, Iterable, Literal, Optional, Sequence, Tuple, TypedDict, Union

import pyarrow

__version__: str

Document = Union[str, bytes]
PathLike = Union[str, os.PathLike[str]]
PluginArg = Union[PathLike, Tuple[PathLike, str]]

class Repair(TypedDict):
    kind: str
    start: int
    end: int
    original: str

class Entity(TypedDict):
    start: int
    end: int
    text: str
    id: Optional[str]
    type: str
    name: str
    prefix: Optional[str]
    how: str

class Figure(TypedDict):
    start: int
    end: int
    text: str
    low: Optional[float]
    high: Optional[float]
    approx: str
    unit: Optional[str]
    kind: str

class Link(TypedDict):
    role: str
    start: int
    end: int
    text: str

class Annotation(TypedDict, total=False):
    plugin: str
    label: str
    start: int
    end: int
    text: str
    attrs: Any
    links: list[Link]

class ErrorInfo(TypedDict):
    kind: str
    message: str

class Record(TypedDict, total=False):
    """The SPEC §3 record: an error record has id, source and error only."""

    id: Optional[str]
    source: None
    encoding: str
    repairs: list[Repair]
    entities: list[Entity]
    figures: list[Figure]
    annotations: list[Annotation]
    plugin_errors: list[dict[str, str]]
    claims: list[dict[str, Any]]
    error: ErrorInfo

class KhabarError(Exception): ...
class ConfigError(KhabarError): ...
class DecodeError(KhabarError): ...

class Pipeline:
    def __init__(
        self,
        gazetteers: Sequence[PathLike] = ...,
        builtin_gazetteer: bool = ...,
        variants: bool = ...,
        plugins: Sequence[PluginArg] = ...,
        offsets: Literal["byte", "char"] = ...,
        claims: bool = ...,
        names: bool = ...,
        plugin_max_failures: int = ...,
    ) -> None: ...
    def process(self, text: Document, id: Optional[str] = ...) -> Record: ...
    def process_batch(
        self,
        texts: Iterable[Document],
        ids: Optional[Sequence[Optional[str]]] = ...,
        threads: Optional[int] = ...,
    ) -> list[Record]: ...
    def process_arrow(
        self,
        data: Any,
        text_column: str = ...,
        id_column: Optional[str] = ...,
        threads: Optional[int] = ...,
    ) -> pyarrow.Table: ...

def normalize(text: Document, profile: Literal["search", "display"] = ...) -> str: ...
def decode(data: Union[bytes, str]) -> Tuple[str, list[Repair]]: ...
def output_schema() -> pyarrow.Schema: ...
