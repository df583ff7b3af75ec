"""A Digital Archive PDF export turned into text: date line, title, body and nothing else (record-format.md §6)."""

from __future__ import annotations

from teitools.readers.archive import assemble
from teitools.readers.context import Conversion
from teitools.readers.wilson import detect_layout, read_bare
from teitools.record import Record

NAME = "bare"
DESCRIPTION = "date line, title line and text, without the page's metadata (a PDF export as text)"
CONFIDENCE = 0.5


def detect(text: str, conversion: Conversion) -> float:
    return CONFIDENCE if detect_layout(text) == NAME else 0.0


def read(text: str, conversion: Conversion, name: str = "<text>") -> Record:
    return assemble(read_bare(text), conversion, name=name)
