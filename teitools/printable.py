"""What may be printed of a name or message that came from outside: the one sanitiser of every report format.

A file name can hold terminal escape sequences (``ESC[2J`` clears the screen), newlines (a forged report
line), bidirectional overrides (text shown in another order than it is) or bytes that are not UTF-8 (kept by
Python as lone surrogates, which no UTF-8 output can write). Each such character is shown as an escape
(``\\x1b``, ``\\n``, ``\\u202e``, ``\\xff`` for an undecodable byte); everything else is left as it is.
"""

from __future__ import annotations

import os
import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object) -> str:
    """``text`` (a str, a path, anything with a str) with every control, bidi or undecodable character escaped."""
    s = os.fsdecode(text) if isinstance(text, (bytes, os.PathLike)) else str(text)
    return _UNSAFE.sub(_escape, s) if _UNSAFE.search(s) else s
