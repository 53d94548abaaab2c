"""pandera (polars) models of the store's tables: the single definition of their columns and enums.

Enum values come from the extractor's lexicon files (the hedge table, the category lexicon,
the scope rules), so a value added there is accepted here without a second edit.
"""

from .articles import ArticleSchema
from .claims import ClaimSchema
from .estimates import ClusterSchema, EstimateSchema, RivalPairSchema
from .rejected import RejectedSchema

__all__ = ["ArticleSchema", "ClaimSchema", "ClusterSchema", "EstimateSchema", "RejectedSchema", "RivalPairSchema",
           "columns_of", "dtypes_of"]


def columns_of(model) -> list[str]:
    """The column names of a model, in order (what the store writes)."""
    return list(model.to_schema().columns)


def dtypes_of(model, exclude: tuple[str, ...] = ()) -> dict:
    """The polars dtype of each column of a model (what frames built outside pandera use)."""
    return {name: column.dtype.type for name, column in model.to_schema().columns.items() if name not in exclude}
