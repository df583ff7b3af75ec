"""Any text at all: its blocks become paragraphs, with the editorial brackets read; the fallback layout."""

from __future__ import annotations

from teitools.readers.archive import assemble
from teitools.readers.context import Conversion
from teitools.readers.language import detect_language
from teitools.readers.wilson import read_bare
from teitools.record import Record

NAME = "generic"
DESCRIPTION = "any other text: blocks become paragraphs (chosen when no other layout recognises the text)"
CONFIDENCE = 0.01


def detect(text: str, conversion: Conversion) -> float:
    return CONFIDENCE


def read(text: str, conversion: Conversion, name: str = "<text>") -> Record:
    rec = assemble(read_bare(text), conversion, name=name, archive=False)
    rec.layout = NAME
    rec.language = conversion.language or detect_language(text, conversion.conventions)
    rec.language_evidence = "stated" if conversion.language else ("detected" if rec.language else None)
    return rec
