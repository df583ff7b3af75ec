"""The Digital Archive's 2019–2022 page layout: the title only inside a quoted citation (record-format.md §4)."""

from __future__ import annotations

from teitools.readers.archive import assemble
from teitools.readers.context import Conversion
from teitools.readers.wilson import is_old_site, read_old_site
from teitools.record import Record

NAME = "old-site"
DESCRIPTION = "Digital Archive page of 2019–2022: the title inside the quoted citation, the text after \"English HTML\""
CONFIDENCE = 0.95


def detect(text: str, conversion: Conversion) -> float:
    return CONFIDENCE if is_old_site(text) else 0.0


def read(text: str, conversion: Conversion, name: str = "<text>") -> Record:
    return assemble(read_old_site(text), conversion, name=name)
