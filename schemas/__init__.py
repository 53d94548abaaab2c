"""pandera (polars) models of the store's tables: the single definition of their columns and enums.

Enum values come from the extractor's lexicon files (the hedge table, the category lexicon,
the scope rules), so a value added there is accepted here without a second edit.
"""

from .articles import ArticleSchema
from .claims import ClaimSchema
from .rejected import RejectedSchema

__all__ = ["ArticleSchema", "ClaimSchema", "RejectedSchema", "columns_of"]


def columns_of(model) -> list[str]:
    """The column names of a model, in order (what the store writes)."""
    return list(model.to_schema().columns)
