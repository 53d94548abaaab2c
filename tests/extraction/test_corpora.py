"""The extractor on whole annotated corpora the project wrote: floors that catch regressions.

The floors sit below today's scores (printed by `claims eval --gold DIR`); a change that drops a
score under its floor fails here before it reaches users.
"""

from pathlib import Path

import pytest

from pipelines.evaluation import load_corpus, score
from pipelines.extraction import extract

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [
    # corpus, detection F1 floor, strict F1 floor
    (ROOT / "data" / "samples", 0.95, 0.92),
    (ROOT / "tests" / "fixtures" / "other_wars", 0.95, 0.90),
    (ROOT / "tests" / "fixtures" / "wire_styles", 0.93, 0.89),
]


@pytest.mark.parametrize("corpus, detection_floor, strict_floor", CORPORA, ids=[c[0].name for c in CORPORA])
def test_extractor_scores_on_the_projects_corpora(corpus, detection_floor, strict_floor):
    texts, gold, problems = load_corpus(corpus)
    assert not problems
    report = score(texts, gold, {name: [c.as_dict() for c in extract(text)] for name, text in texts.items()})
    assert report.detection()[2] >= detection_floor, "\n".join(report.lines())
    assert report.strict_scores()[2] >= strict_floor, "\n".join(report.lines())
    assert report.fields["value"] >= 0.95 and report.fields["hedge"] >= 0.95 and report.fields["category"] >= 0.95
