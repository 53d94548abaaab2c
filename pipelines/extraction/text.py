"""Paragraphs and sentences of an article, as character spans into its text.

>>> doc = segment("Strike kills 3\\n\\nThree soldiers died. Mr. Roe said so.\\nNext line.")
>>> [doc.text[s.start:s.end] for s in doc.sentences]
['Strike kills 3', 'Three soldiers died.', 'Mr. Roe said so.', 'Next line.']
>>> doc.headline is not None, [s.paragraph for s in doc.sentences]
(True, [0, 1, 1, 2])
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import NamedTuple


def ascii_lower(text: str) -> str:
    """Lowercase A-Z only, so every offset stays the same (str.lower() may change lengths).

    >>> ascii_lower("Killed İn Kyiv"), len(ascii_lower("İ")) == len("İ"), ascii_lower("ÉTÉ \\ud800X")
    ('killed İn kyiv', True, 'ÉtÉ \\ud800x')
    """
    # bytes.lower() changes ASCII letters only, and UTF-8 keeps every other character's bytes >= 0x80:
    # many times faster than str.translate. surrogatepass keeps lone surrogates from mis-decoded input.
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


# Words whose final period does not end a sentence.
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|St|No|Gov|Sen|Rep|Jr|Sr|Inc|Ltd|Co|Corp|vs|etc|approx|Jan|Feb|Mar|Apr"
    r"|Aug|Sept|Sep|Oct|Nov|Dec|U\.S|U\.K|U\.N|e\.g|i\.e|a\.m|p\.m)|\b[A-Z])\.$"
)
_SENTENCE_END = re.compile(r"""[.!?…]+["”’)\]]*(?=\s+["“‘(\[]?[A-Z0-9])|[.!?…]+["”’)\]]*$""")
# Lines that describe a picture or credit it rather than report: never claims.
_CAPTION = re.compile(r"\s*(?:Image\s*\||Caption:|Photo(?:graph)?\s*[:|]|Credit:|Picture:|Pictured:|\(Photo)", re.I)


class Sentence(NamedTuple):  # tuples: cheap to make, and an article has many
    start: int
    end: int
    paragraph: int
    caption: bool = False


class Paragraph(NamedTuple):
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    text: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    headline: Paragraph | None
    lower: str  # ascii_lower(text): lexicon patterns run on it without re.IGNORECASE, which is slow

    def sentence_text(self, s: Sentence) -> str:
        return self.text[s.start:s.end]

    def paragraph_text(self, index: int) -> str:
        p = self.paragraphs[index]
        return self.text[p.start:p.end]

    def paragraph_around(self, sentence: Sentence, reach: int = 1500) -> tuple[int, int]:
        """The span of the sentence's paragraph, at most `reach` characters either side of it (long paragraphs stay cheap)."""
        p = self.paragraphs[sentence.paragraph]
        return max(p.start, sentence.start - reach), min(p.end, sentence.end + reach)

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence holding a character offset."""
        return self.sentences[bisect_left(self.sentences, offset + 1, key=lambda s: s.start) - 1]

    def sentences_of(self, paragraph: int) -> list[Sentence]:
        first = bisect_left(self.sentences, paragraph, key=lambda s: s.paragraph)
        last = bisect_left(self.sentences, paragraph + 1, key=lambda s: s.paragraph)
        return list(self.sentences[first:last])


# Longer "sentences" (tables flattened into one line, lists without full stops) are cut at a space so
# that every step working on one sentence stays bounded.
MAX_SENTENCE_CHARS = 1500


def _bounded(sentences: list[Sentence], text: str) -> list[Sentence]:
    out = []
    for s in sentences:
        if s.end - s.start <= MAX_SENTENCE_CHARS:
            out.append(s)
            continue
        start = s.start
        while s.end - start > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
            cut = cut if cut > start else start + MAX_SENTENCE_CHARS
            out.append(Sentence(start, cut, s.paragraph, s.caption))
            start = cut
            while start < s.end and text[start].isspace():
                start += 1
        if start < s.end:
            out.append(Sentence(start, s.end, s.paragraph, s.caption))
    return out


def _split_sentences(text: str, start: int, end: int, paragraph: int, caption: bool) -> list[Sentence]:
    out, cursor = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        # The longest abbreviation is 7 characters: only the end of the sentence is read.
        if _ABBREVIATIONS.search(text, max(cursor, m.start() - 10), m.start() + 1):
            continue
        out.append(Sentence(cursor, m.end(), paragraph, caption))
        cursor = m.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        out.append(Sentence(cursor, end, paragraph, caption))
    return _bounded(out, text)


def _ends_sentence(text: str, start: int, end: int, closers: str) -> bool:
    """text[start:end] ends in a full stop, question or exclamation mark, perhaps then one of `closers`.

    >>> _ends_sentence("He left.", 0, 8, ")"), _ends_sentence("(He left.)", 0, 10, ")"), _ends_sentence("Headline", 0, 8, ")")
    (True, True, False)
    """
    if end > start and text[end - 1] in closers:
        end -= 1
    return end > start and text[end - 1] in ".!?…"


def segment(text: str) -> Document:
    """Split text into paragraphs (non-empty lines) and their sentences; spot the headline."""
    paragraphs, sentences = [], []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s == e:
            continue
        index = len(paragraphs)
        paragraphs.append(Paragraph(s, e))
        # Alt text and captions: marked lines, or a line in lowercase without a full stop, as no paragraph is
        # ("two men exchange a hug after being released"); "gazeta.ru reported ..." is a paragraph.
        caption = bool(_CAPTION.match(text, s, e)) or (text[s].islower() and not _ends_sentence(text, s, e, "\"”’)'"))
        sentences.extend(_split_sentences(text, s, e, index, caption))
    headline = None
    if paragraphs:
        first = text[paragraphs[0].start:paragraphs[0].end]
        if len(first) < 220 and not _ends_sentence(text, paragraphs[0].start, paragraphs[0].end, "\"”’)") and len(paragraphs) > 1:
            headline = paragraphs[0]
    return Document(text, tuple(paragraphs), tuple(sentences), headline, ascii_lower(text))
