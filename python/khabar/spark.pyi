from typing import Any, Optional

from pyspark.sql import DataFrame
from pyspark.sql.types import StructType

def spark_schema() -> StructType: ...
def extract(
    df: DataFrame,
    text_col: str = ...,
    id_col: Optional[str] = ...,
    threads: int = ...,
    **options: Any,
) -> DataFrame: ...
