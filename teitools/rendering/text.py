"""The plain-text writer: a document's view (``view.py``) in the reading or the diplomatic view.

One block per paragraph-like element, a blank line between blocks, notes, the
apparatus and the register as numbered lists at the end. ``TextWriter`` lays
out blocks and inline runs; the Markdown writer (``markdown.py``) is the same
layout with Markdown's marks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from teitools.rendering.document import Summary, build_view
from teitools.rendering.view import DIPLOMATIC, READING, SIGN, UI, Node, Streamed, View, plain

# kinds laid out as blocks of their own; those of LINE_KINDS are a line of their own inside inline content
BLOCKS = frozenset({"section", "run", "para", "block", "heading", "list", "item", "table", "row", "caption",
                    "letters"})
LINE_KINDS = frozenset({"row", "item", "heading", "caption"})
LINE = "\u2028"  # a line break of the document (lb), as against white space in the source

# quotation marks of a language (outer pair), for q, quote and said
QUOTES = {"de": ("„", "“"), "fr": ("« ", " »"), "it": ("«", "»"), "es": ("«", "»"), "en": ("“", "”"),
          "la": ("«", "»"), "nl": ("„", "”"), "pl": ("„", "”"), "cs": ("„", "“"), "ru": ("«", "»")}
_QUOTE_CHARS = set("„“”«»\"'‚‘’‹›")


class TextWriter:
    """Blocks of one view of the content: ``walk`` a block list, read ``blocks``."""

    def __init__(self, view: str, apparatus: bool = True, lang: str = "en") -> None:
        self.quotes = QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])
        self.hidden = READING if view == "diplomatic" else DIPLOMATIC
        self.apparatus = apparatus  # the editorial signs: brackets, gap markers, note numbers
        self.blocks: list[str] = []

    def skip(self, node: Node) -> bool:
        return node.show == self.hidden or node.role == UI or (
            not self.apparatus and (node.role == SIGN or node.kind == "call"))

    def walk(self, content: list) -> None:
        """Blocks: a block's own inline content is one block; nested blocks are their own."""
        buf: list[str] = []
        for item in content:
            if isinstance(item, str):
                buf.append(self.text(item))
            elif self.skip(item):
                pass
            elif item.kind in BLOCKS:
                self.emit(None, buf)
                if item.kind == "letters":
                    self.letters(item)
                elif self._has_block(item):
                    self.walk_block(item)
                else:
                    buf.append(self._inline(item))
                    self.emit(item, buf)
            else:
                buf.append(self._inline(item))
        self.emit(None, buf)

    def walk_block(self, node: Node) -> None:
        self.walk(node.children)

    def emit(self, node: Node | None, buf: list[str]) -> None:
        """The gathered inline text as a block (of ``node``, where it is one block's whole content)."""
        if not buf:
            return
        text = tidy("".join(buf))
        if text:
            self.blocks.append(text)
        buf.clear()

    def _has_block(self, node: Node) -> bool:
        skip = self.skip
        return any(not isinstance(c, str) and c.kind in BLOCKS and not skip(c) for c in node.children)

    def inline(self, node: Node) -> str:
        return "" if self.skip(node) else self._inline(node)

    def _inline(self, node: Node) -> str:
        kind = node.kind
        if kind == "break":
            return LINE
        if kind in ("call", "appcall"):
            return f"[{plain(node.children).strip()}]"
        if kind == "quote":
            content = self.inline_content(node.children)
            if content.lstrip()[:1] in _QUOTE_CHARS:
                return content  # the source wrote its marks inside the element
            opening, closing = self.quotes
            return opening + content + closing
        return self.inline_content(node.children)

    def text(self, text: str) -> str:
        return text

    def inline_content(self, content: list) -> str:
        out = []
        seen = False  # whether a node came before: cells after the first are set off
        inline = self.inline
        for item in content:
            if isinstance(item, str):
                out.append(self.text(item))
                continue
            kind = item.kind
            if kind == "cell":
                out.append((" | " if seen else "") + inline(item))
            elif kind in LINE_KINDS or (kind == "para" and not item.get("blocks")):
                out.append(LINE + inline(item) + LINE)  # rows, items, paragraphs inside inline content
            else:
                out.append(inline(item))
            seen = True
        return "".join(out)

    def letters(self, node: Node) -> None:
        """The table of the letters a header lists: a heading, then a line a letter."""
        rows = node.props["rows"]
        self.blocks.append(f"Letters ({len(rows)})")
        lines = [" | ".join(node.props["columns"])]
        lines += [" | ".join(self.inline_content(content) for _, content in row) for row in rows]
        self.blocks.append(tidy(LINE.join(lines)))


def one_line(text: str) -> str:
    """Runs of spaces, tabs, no-break spaces and line ends as one space, the ends stripped; str methods, at half
    the time of the regular expression ``[ \\t\\u00a0\\r\\n]+`` that says the same."""
    if "\n" in text or "\t" in text or "\r" in text or "\u00a0" in text:
        text = text.replace("\n", " ").replace("\t", " ").replace("\r", " ").replace("\u00a0", " ")
    return " ".join(filter(None, text.split(" "))).strip()


def tidy(text: str, line_end: str = "\n") -> str:
    if LINE not in text:
        return one_line(text)
    lines = [one_line(ln) for ln in text.split(LINE)]
    return line_end.join(ln for ln in lines if ln)


def text_blocks(tree: etree._ElementTree | etree._Element, view: str = "reading", apparatus: bool = True,
                info: Summary | None = None) -> tuple[str, list[str], list[str]]:
    """(title, body blocks, endnotes) of a document in a view; without the editorial signs if not ``apparatus``;
    ``info`` is the document's summary when the caller has it already."""
    parts = text_parts(build_view(tree, info), view, apparatus)
    return parts.title, parts.blocks, parts.notes


@dataclass
class TextParts:
    title: str
    blocks: list[str]
    notes: list[str]
    variants: list[str]  # the apparatus entries
    register: list[str]  # one line an entry: "label: details links"


def text_parts(doc: View, view: str = "reading", apparatus: bool = True) -> TextParts:
    """The text of a document's view: title, blocks, notes, apparatus, the register's entries."""
    w = TextWriter(view, apparatus, doc.lang)
    title = w.inline_content(doc.title)
    w.walk(doc.body)
    return TextParts(tidy(title), w.blocks, *_listed(doc, view, apparatus))


def _listed(doc: View, view: str, apparatus: bool) -> tuple[list[str], list[str], list[str]]:
    """What follows the text: the notes, the apparatus and the register's entries, a line each."""
    notes: list[str] = []
    variants: list[str] = []
    listed = [(notes, n.label, n.glued, n.content) for n in doc.notes] + \
        [(variants, v.label, False, v.content) for v in doc.apparatus]
    for found, label, glued, content in listed:
        note_w = TextWriter(view, apparatus, doc.lang)
        note_w.walk(content)
        mark = (f"[{label}]" + ("" if glued else " ")) if apparatus else ""
        found.append(mark + " ".join(note_w.blocks))
    register = []
    for entries in doc.register.values():
        for e in entries:
            details = one_line(" ".join(filter(None, ["; ".join(e.details), *e.links])))
            register.append(one_line(e.label) + (f": {details}" if details else ""))
    return notes, variants, register


def write_text(doc: View, view: str = "reading", width: int | None = None, apparatus: bool = True) -> str:
    parts = text_parts(doc, view, apparatus)
    blocks = ([parts.title] if parts.title else []) + parts.blocks
    return "\n\n".join(_wrapped(b, width) for b in blocks) + \
        _sections(parts.notes, parts.variants, parts.register, width) + "\n"


def stream_text(doc: View, body: Streamed, out: BinaryIO, view: str = "reading", width: int | None = None,
                apparatus: bool = True) -> None:
    """A streamed document's text, written to ``out`` block by block (sections lay out as their blocks)."""
    w = TextWriter(view, apparatus, doc.lang)
    title = tidy(w.inline_content(doc.title))
    if title:
        w.blocks.append(title)
    stream_blocks(w, body, out, lambda b: _wrapped(b, width))
    out.write((_sections(*_listed(doc, view, apparatus), width) + "\n").encode())


def stream_blocks(w: TextWriter, body: Streamed, out: BinaryIO, wrap: Callable[[str], str] = str) -> bool:
    """The blocks ``w`` holds already, then a streamed body's, written to ``out`` as they are made, a blank line
    between (sections lay out as their blocks); whether any was written."""
    wrote = False

    def flush() -> None:
        nonlocal wrote
        if w.blocks:
            out.write((("\n\n" if wrote else "") + "\n\n".join(map(wrap, w.blocks))).encode())
            wrote = True
            w.blocks.clear()

    flush()
    for item in body:
        if isinstance(item, Node):
            w.walk([item])
            flush()
    return wrote


def _wrapped(block: str, width: int | None) -> str:
    return "\n".join(textwrap.fill(line, width) for line in block.split("\n")) if width else block


def _sections(notes: list[str], variants: list[str], register: list[str], width: int | None) -> str:
    out = ""
    for heading, lines in (("Notes", notes), ("Apparatus", variants), ("Register", register)):
        if lines:
            if width:
                lines = [textwrap.fill(x, width, subsequent_indent="    ") for x in lines]
            out += f"\n\n{heading}\n\n" + "\n".join(lines)
    return out


def render_text(tree: etree._ElementTree | etree._Element, view: str = "reading", width: int | None = None,
                apparatus: bool = True, info: Summary | None = None) -> str:
    return write_text(build_view(tree, info), view, width, apparatus)
