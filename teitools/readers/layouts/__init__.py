"""Input layouts: one module each, one table. A layout module exposes ``NAME``, ``DESCRIPTION``,
``detect(text, conversion) -> float`` (its confidence, 0–1), ``CONFIDENCE`` (the most ``detect`` ever returns)
and ``read(text, conversion, name) -> Record``.

The table's order breaks ties between equal confidences. Adding a layout is one new module and one row here.
"""

from __future__ import annotations

from types import ModuleType

from teitools.errors import InputError
from teitools.readers.context import Conversion
from teitools.readers.layouts import bare, docslib, generic, old_site, transcription, wilson_page

LAYOUTS: tuple[ModuleType, ...] = (docslib, old_site, wilson_page, transcription, bare, generic)
ALIASES = {"docslib-viewer": "docslib-pdf"}


def names() -> list[str]:
    return [m.NAME for m in LAYOUTS] + sorted(ALIASES)


def by_name(name: str) -> ModuleType:
    name = ALIASES.get(name, name)
    for m in LAYOUTS:
        if name == m.NAME:
            return m
    raise InputError(f"unknown layout {name!r}; choose from {', '.join(names())}")


def detect(text: str, conversion: Conversion) -> ModuleType:
    """The layout most confident it can read ``text`` (the first in the table on a tie). Layouts are asked
    in the order of the most they can claim, and no longer once none left could win."""
    rank = {m: k for k, m in enumerate(LAYOUTS)}
    best, score = LAYOUTS[-1], 0.0
    for m in sorted(LAYOUTS, key=lambda m: -m.CONFIDENCE):
        if score > m.CONFIDENCE or (score == m.CONFIDENCE and rank[m] > rank[best]):
            continue
        confidence = m.detect(text, conversion)
        if confidence > score or (confidence == score and confidence > 0 and rank[m] < rank[best]):
            best, score = m, confidence
    return best


def table() -> list[tuple[str, str]]:
    """(name, description) of every layout, for ``--help`` and the README."""
    return [(m.NAME, m.DESCRIPTION) for m in LAYOUTS]
