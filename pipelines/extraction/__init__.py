"""The extractor: article text in, casualty claims out. A pure library: no Dagster, no DuckDB.

>>> [(c.text, c.hedge, c.low, c.high, c.category) for c in extract("Up to 250 foreign fighters were eliminated.")]
[('Up to 250', 'upper_bound', None, 250, 'killed')]
"""

from .claims import Claim, extract, extract_document
from .lexicon import LexiconError, load as load_lexicon

# Part of every claim id: a new version re-extracts and replaces an article's claims.
EXTRACTOR_VERSION = "0.2.0"

__all__ = ["Claim", "EXTRACTOR_VERSION", "LexiconError", "extract", "extract_document", "load_lexicon"]
