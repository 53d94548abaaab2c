"""Metadata the assets show in the Dagster UI."""

from __future__ import annotations

import dagster as dg
import polars as pl


def markdown_table(frame: pl.DataFrame, limit: int = 10, width: int = 60) -> dg.MetadataValue:
    """A preview of a frame as a markdown table (cells shortened to `width` characters).

    >>> markdown_table(pl.DataFrame({"a": [1], "b": ["x|y"]})).value
    '| a | b |\\n|---|---|\\n| 1 | x\\\\|y |'
    """
    head = frame.head(limit)
    def cell(value) -> str:
        text = "" if value is None else str(value)
        text = text if len(text) <= width else text[: width - 1] + "…"
        return text.replace("|", "\\|").replace("\n", " ")
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in head.iter_rows()]
    return dg.MetadataValue.md("\n".join(lines))
