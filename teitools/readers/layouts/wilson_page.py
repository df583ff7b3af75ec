"""The Wilson Center Digital Archive record page as saved from the web (record-format.md §1–3)."""

from __future__ import annotations

from teitools.readers.archive import assemble
from teitools.readers.context import Conversion
from teitools.readers.wilson import detect_layout, read_wilson
from teitools.record import Record

NAME = "wilson-page"
DESCRIPTION = "Digital Archive record page: date line, title, text, summary, citation and labelled metadata"
CONFIDENCE = 0.9


def detect(text: str, conversion: Conversion) -> float:
    return CONFIDENCE if detect_layout(text) == NAME else 0.0


def read(text: str, conversion: Conversion, name: str = "<text>") -> Record:
    return assemble(read_wilson(text), conversion, name=name)
