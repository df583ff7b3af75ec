"""Reading input files as text: encodings, BOMs, binary files, characters XML cannot carry, in one place."""

from __future__ import annotations

import codecs
import re

from teitools.errors import InputError

__all__ = ["InputError", "decode", "is_binary"]

# what no text record starts with: the signatures of the binary formats people hand a converter by mistake
_MAGIC = {b"%PDF-": "a PDF file", b"PK\x03\x04": "a ZIP archive (or a .docx/.odt document)",
          b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an MS Office document", b"\x1f\x8b": "a gzip file",
          b"BZh": "a bzip2 file", b"\xfd7zXZ\x00": "an xz file", b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
          b"\x89PNG\r\n\x1a\n": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
          b"II*\x00": "a TIFF image", b"MM\x00*": "a TIFF image", b"\x7fELF": "a program (ELF)",
          b"{\\rtf": "an RTF document"}
# bytes that text does not contain: C0 controls other than tab, newline, form feed and carriage return, and DEL
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
# what XML 1.0 cannot carry: those controls, lone surrogates, U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def is_binary(data: bytes) -> str | None:
    """What kind of binary file ``data`` is, or None for text: a known signature, or control bytes in more than
    one byte in a hundred of a sample from the start, middle and end (text has next to none; a binary file
    without a NUL in its first kilobytes still has thousands)."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    size = len(data)
    sample = data[:65536] + data[size // 2: size // 2 + 65536] + data[-65536:] if size > 3 * 65536 else data
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls * 100 > len(sample):
        return "binary data (control bytes)" if b"\x00" not in sample else "binary data (NUL bytes)"
    return None


def decode(data: bytes, name: str = "<input>") -> tuple[str, list[str]]:
    """Bytes → text and warnings: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 with a warning.

    Binary files are refused (InputError); characters XML cannot carry (a stray NUL or other control character)
    are dropped, and a warning says how many and where the first was; a form feed (a page break in text taken
    from a PDF) becomes a line break."""
    warnings: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: invalid UTF-16 at byte {exc.start}") from None
    else:
        kind = is_binary(data)
        if kind:
            raise InputError(f"{name}: binary file ({kind}), not a text record")
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            warnings.append(f"not valid UTF-8 (first bad byte on line {line}): read as Windows-1252")
            text = data.decode("cp1252", errors="replace")
    if "\f" in text:
        text = text.replace("\f", "\n")
    first = _NOT_XML.search(text)
    if first:
        line = text.count("\n", 0, first.start()) + 1
        column = first.start() - (text.rfind("\n", 0, first.start()) + 1) + 1
        text, count = _NOT_XML.subn("", text)
        warnings.append(f"{count:,} character{'s' if count > 1 else ''} XML cannot carry dropped (the first, "
                        f"U+{ord(first.group()):04X}, on line {line}, column {column})")
    if not text.strip():
        raise InputError(f"{name}: empty file")
    return text, warnings
