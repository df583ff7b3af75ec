"""Readers: plain text → ``Record``. ``read`` picks the layout (``layouts.LAYOUTS``) and lets it read the record."""

from __future__ import annotations

from teitools.readers import layouts
from teitools.readers.context import Conversion
from teitools.record import Record


def read(text: str, conversion: Conversion, *, layout: str | None = None, name: str = "<text>") -> Record:
    """Read one plain-text record with the named layout, or the one that recognises it."""
    module = layouts.by_name(layout) if layout else layouts.detect(text, conversion)
    rec = module.read(text, conversion, name)
    if module.NAME == "generic" and layout is None:
        rec.warn("no known record layout found (no date line followed by a title): converted as plain text")
    return rec


__all__ = ["Conversion", "read"]
