"""Plain text → lines and blocks: whitespace conventions of saved web pages."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

_BLANKISH = re.compile(r"^[\s\u00a0\u200b\ufeff]*$")


def clean_lines(text: str) -> list[str]:
    """Lines with trailing white space (incl. NBSP runs) removed; NBSP-only lines become empty."""
    return list(_clean_lines(text))


@lru_cache(maxsize=2)
def _clean_lines(text: str) -> tuple[str, ...]:
    # kept for the text being read (and the end of it that detection reads apart): layout detection and the
    # reader that wins ask for the same lines; no more, so that a batch does not hold earlier texts' lines
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return tuple([line.rstrip(" \t\u00a0") if line[:1].isalnum() or not _BLANKISH.match(line) else ""
                  for line in text.split("\n")])


def head_lines(text: str, n: int) -> list[str]:
    """The first ``n`` non-blank lines of ``clean_lines(text)``. The whole text is cut into lines: every reader
    does that after layout detection has asked for these, and the lines are kept for it."""
    return list(islice((ln for ln in _clean_lines(text) if ln), n))


def blank_line_mode(lines: list[str]) -> bool:
    """Blocks separated by blank lines (most pages) or one block per line (single-newline extractions)."""
    nonblank = sum(1 for ln in lines if ln)
    blanks = sum(1 for i, ln in enumerate(lines[1:], 1) if not ln and lines[i - 1])
    return nonblank > 0 and blanks >= max(2, nonblank // 3)


def split_blocks(lines: list[str], blank_mode: bool) -> list[str]:
    if not blank_mode:
        return [ln.strip() for ln in lines if ln.strip()]
    blocks, cur = [], []
    for ln in lines:
        if ln:
            cur.append(ln.strip())
        elif cur:
            blocks.append("\n".join(cur))
            cur = []
    if cur:
        blocks.append("\n".join(cur))
    return blocks


def join_open_brackets(blocks: list[str], limit: int = 12) -> list[str]:
    """Merge blocks while a square bracket opened in one closes in a later one (``[handwritten: …\\n\\n…]``)."""
    out: list[str] = []
    i = 0
    while i < len(blocks):
        cur = blocks[i]
        depth = _depth(cur)
        j = i
        if depth > 0:
            for k in range(i + 1, min(len(blocks), i + 1 + limit)):
                d = depth + _depth(blocks[k])
                if d <= 0:
                    cur = "\n\n".join(blocks[i: k + 1])
                    j = k
                    break
                depth = d
        out.append(cur)
        i = j + 1
    return out


def _depth(text: str) -> int:
    return text.count("[") - text.count("]")


def squash(text: str) -> str:
    """White space folded to single spaces (NBSP included: str.split splits on every Unicode space)."""
    return " ".join(text.split())
