"""A broken data file fails at load time with a LexiconError that names the file, never mid-extraction."""

import shutil

import pytest

from pipelines.extraction.lexicon import DATA, LexiconError, load_from

# (file, text replaced, replacement, words the error must contain)
BROKEN = [
    ("hedges.toml", 'hedge = "lower_bound"', 'hedge = "lowish"', "unknown hedge"),
    ("hedges.toml", 'bound = "low_n"', 'bound = "lowest"', "unknown bound"),
    ("hedges.toml", '"at least", ', '"at least", "at least", ', "listed twice"),
    ("hedges.toml", "[range]", "[rnage]", "lacks an entry"),
    ("numbers.toml", "[units]", "[units\n", "numbers.toml"),
    ("scope.toml", 'scope = "daily"', 'scope = "hourly"', "unknown scope"),
    ("scope.toml", "\\bdaily\\b", "\\bdaily(\\b", "scope.toml daily"),
    ("scope.toml", 'scope = "period"\npatterns = [', 'scope = "period"\npatternz = [', "needs words or patterns"),
    ("attribution.toml", "speech_verbs = [", "speech_verbs = [\"\", ", "non-empty strings"),
    ("attribution.toml", "outlet_pattern", "outlet_patern", "outlet_pattern"),
    ("entities.toml", "formation_heads = [", "formation_heads = 3\nunused = [", "entities.toml formation_heads"),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), BROKEN, ids=[f"{b[0]}:{b[3]}" for b in BROKEN])
def test_broken_data_file_is_refused_at_load(tmp_path, name, old, new, message):
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    path = tmp_path / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture no longer matches {name}: update this row"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        load_from(tmp_path)


def test_the_packaged_data_loads():
    lexicon = load_from(DATA)
    assert {scope for scope, _ in lexicon.scope_rules} == set(lexicon.scopes)
