"""Reading input files as text: encodings, BOMs, binary files, in one place."""

from __future__ import annotations

import codecs


class InputError(ValueError):
    """An input that cannot be converted (binary, empty, unreadable), with its name."""


def decode(data: bytes, name: str = "<input>") -> tuple[str, list[str]]:
    """Bytes → text and warnings: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 with a warning."""
    warnings: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), warnings
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: invalid UTF-16 at byte {exc.start}") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (NUL bytes), not a text record")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        warnings.append(f"not valid UTF-8 (first bad byte on line {line}): read as Windows-1252")
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise InputError(f"{name}: empty file")
    return text, warnings
