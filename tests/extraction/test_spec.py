"""The spec table (tests/spec/claims_spec.yaml): each case's text and the claims it must yield.

Only the fields a case lists are compared, so a row tests exactly what it names. An empty list of
claims is a negative case: nothing in the text may be taken for a claim.
"""

from pathlib import Path

import pytest
import yaml

from pipelines.extraction import extract
from pipelines.evaluation import soft_equal

SPEC_DIR = Path(__file__).parents[1] / "spec"
SPEC = yaml.safe_load((SPEC_DIR / "claims_spec.yaml").read_text(encoding="utf-8"))
KNOWN_GAPS = {line.strip() for line in (SPEC_DIR / "known_gaps.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")}
TEXT_FIELDS = {"counted", "affiliation", "unit", "location", "source"}


def _same(field, expected, got):
    if field in TEXT_FIELDS:
        return soft_equal(expected, got)
    if field == "via":
        return [v.lower() for v in expected] == [v.lower() for v in got]
    return expected == got


@pytest.mark.parametrize("case", [
    pytest.param(c, id=c["id"], marks=pytest.mark.xfail(strict=True, reason="known gap")) if c["id"] in KNOWN_GAPS
    else pytest.param(c, id=c["id"]) for c in SPEC
])
def test_spec_case(case):
    got = {c.text: c.as_dict() for c in extract(case["input"])}
    expected = {e["text"]: e for e in case["claims"]}
    assert sorted(got) == sorted(expected), f"claims found: {sorted(got)}"
    for text, fields in expected.items():
        wrong = {f: (v, got[text].get(f)) for f, v in fields.items() if f != "text" and not _same(f, v, got[text].get(f))}
        assert not wrong, f"{text!r}: (expected, got) {wrong}"
