"""docslib copies of the Digital Archive's PDF export, multi-line and one-line viewer text (record-format.md §5)."""

from __future__ import annotations

from teitools.readers.archive import assemble
from teitools.readers.context import Conversion
from teitools.readers.wilson import docslib_kind, read_docslib
from teitools.record import Record

NAME = "docslib-pdf"
DESCRIPTION = "docslib copy of a Digital Archive PDF export (also its one-line viewer text, docslib-viewer)"
CONFIDENCE = 1.0


def detect(text: str, conversion: Conversion) -> float:
    return CONFIDENCE if docslib_kind(text) else 0.0


def read(text: str, conversion: Conversion, name: str = "<text>") -> Record:
    return assemble(read_docslib(text), conversion, name=name)
