"""The Markdown writer: a document's view (``view.py``) as CommonMark with footnotes, in one view.

The text writer's layout (``text.py``) with Markdown's marks: the title as the
first heading, the header panel as a list of fields, headings, list items and
tables as Markdown's, emphasis and deletions marked, links kept, note and
apparatus calls as footnotes (``[^1]``, ``[^a]``) defined at the end, line ends
of line-structured blocks as hard breaks, the register as lists. Text that
Markdown would read as markup is escaped.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from teitools.rendering.text import LINE, TextWriter, one_line, stream_blocks, tidy
from teitools.rendering.view import Licence, Node, Streamed, View, plain

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))", re.MULTILINE)  # what would start a heading, a list …
# emphasis is written as placeholders (OPEN or CLOSE, then a code) until its block is whole: only then is it known
# whether Markdown's delimiter rules let "*" open and close there, or the HTML tag must stand in for it
OPEN, CLOSE = "\ue000", "\ue001"
MARKS = {"e": ("*", "<em>", "</em>"), "b": ("**", "<strong>", "</strong>"), "s": ("~~", "<del>", "</del>")}
_PLACEHOLDER = re.compile(f"([{OPEN}{CLOSE}])([ebs])")
PAGE = re.compile("\ue002(\\d+)\ue003")  # a page mark's placeholder, placed once its block is whole
_WORD_END = re.compile(r"\w*")
EMPHASIS = {"emph": "e", "foreign": "e", "cite": "e"}
HI_MARKS = {"i": "e", "b": "b", "s": "s"}


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text) if _SPECIAL.search(text) else text


def _marked(content: str, codes: str) -> str:
    """``content`` between the placeholders of ``codes``, its outer white space outside them (Markdown's rule)."""
    core = content.strip()
    if not core or not codes:
        return content
    start = content[: len(content) - len(content.lstrip())]
    end = content[len(content.rstrip()):]
    opening = "".join(OPEN + c for c in codes)
    closing = "".join(CLOSE + c for c in reversed(codes))
    return f"{start}{opening}{core}{closing}{end}"


def _punctuation(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace()


def _resolve(text: str) -> str:
    """The emphasis placeholders of a whole block as Markdown's marks where its rules (left- and right-flanking
    delimiters) make them emphasis, else as HTML tags, which Markdown keeps."""
    if OPEN not in text:
        return text
    bare = _PLACEHOLDER.sub("", text)
    found = list(_PLACEHOLDER.finditer(text))
    # each placeholder's position in the text without placeholders, to read the characters around it
    positions, removed = [], 0
    for m in found:
        positions.append(m.start() - removed)
        removed += 2
    stack: list[int] = []
    usable = [True] * len(found)
    for k, m in enumerate(found):
        at = positions[k]
        before = bare[at - 1] if at else " "
        after = bare[at] if at < len(bare) else " "
        if m.group(1) == OPEN:
            usable[k] = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
            stack.append(k)
        elif stack:
            opener = stack.pop()
            usable[k] = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
            usable[opener] = usable[k] = usable[opener] and usable[k]
    out, last = [], 0
    for k, m in enumerate(found):
        out.append(text[last:m.start()])
        mark, start_tag, end_tag = MARKS[m.group(2)]
        out.append(mark if usable[k] else start_tag if m.group(1) == OPEN else end_tag)
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _escape_line_starts(text: str) -> str:
    """A backslash before what would make a line a heading, a quotation or a list item."""
    return _LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text)


class MarkdownWriter(TextWriter):
    def __init__(self, view: str, lang: str = "en", called: set[str] | None = None) -> None:
        super().__init__(view, True, lang)
        self._ordered: list[bool] = []
        self._pages: list[str] = []  # the page marks, as written: "[page 2](<url>)"
        self.called = set() if called is None else called  # the footnotes called: their definitions are shown

    def finish(self, text: str, line_end: str = "\\\n") -> str:
        """Inline text as Markdown: white space folded, page marks placed, line starts escaped, emphasis marked."""
        return _resolve(_escape_line_starts(tidy(self._place_pages(text), line_end)))

    def _place_pages(self, text: str) -> str:
        """Each page mark where it stands, set off by spaces; one that falls inside a word (a word broken across
        two pages) after that word, which stays whole. One pass: a block can hold thousands of marks."""
        if "\ue002" not in text:
            return text
        parts = PAGE.split(text)  # text, mark number, text, mark number … text
        out = [parts[0]]
        last = parts[0][-1:]
        for k in range(1, len(parts), 2):
            mark, after = self._pages[int(parts[k])], parts[k + 1]
            if last.isalnum() and after[:1].isalnum():
                rest = _WORD_END.match(after).end()
                out += [after[:rest], " ", mark, after[rest:]]
            else:
                out += [" " if last and not last.isspace() else "", mark,
                        " " if after and not after[0].isspace() else "", after]
            last = (out[-1] or mark)[-1:]
        return "".join(out)

    def text(self, text: str) -> str:
        return _escape(text)

    def walk_block(self, node: Node) -> None:
        if node.kind == "table":
            self.table(node)
        elif node.kind == "list":
            self._ordered.append(bool(node.get("ordered")))
            try:
                self.walk(node.children)
            finally:
                self._ordered.pop()
        elif node.kind == "item":
            start = len(self.blocks)
            self.walk(node.children)
            self._as_item(start)
        else:
            self.walk(node.children)

    def _as_item(self, start: int) -> None:
        """The blocks from ``start`` on as one list item: marked, its lines and later blocks indented under it."""
        if start >= len(self.blocks):
            return
        marker = "1. " if self._ordered and self._ordered[-1] else "- "
        indent = " " * len(marker)
        blocks = [b.replace("\n", "\n" + indent) for b in self.blocks[start:]]
        self.blocks[start:] = [marker + blocks[0], *(indent + b for b in blocks[1:])]

    def emit(self, node: Node | None, buf: list[str]) -> None:
        if not buf:
            return
        text = self.finish("".join(buf))
        buf.clear()
        if not text:
            return
        kind = node.kind if node is not None else ""
        if kind == "heading":
            text = "#" * max(2, node.props["level"] - 1) + " " + text.replace("\\\n", " ")
        self.blocks.append(text)
        if kind == "item":
            self._as_item(len(self.blocks) - 1)

    def _inline(self, node: Node) -> str:
        kind = node.kind
        if kind == "break":
            return LINE
        if kind in ("call", "appcall"):
            label = str(node.props["number"]) if kind == "call" else plain(node.children).strip()
            self.called.add(label)
            return f"[^{label}]"
        if kind == "page":
            label = _escape(plain(node.children))
            href = node.get("href")
            self._pages.append(f"[{label}](<{href}>)" if href else label)
            return f"\ue002{len(self._pages) - 1}\ue003"
        if kind == "image":
            return f"![{_escape(node.props['alt'])}](<{node.props['src']}>)"
        content = super()._inline(node)
        if kind in EMPHASIS:
            return _marked(content, EMPHASIS[kind])
        if kind == "hi":
            return _marked(content, "".join(dict.fromkeys(HI_MARKS[s] for s in node.style if s in HI_MARKS)))
        if kind == "del":
            return _marked(content, "s")
        if kind == "link":
            href = node.get("href")
            return f"[{content}](<{href}>)" if href and content.strip() else content
        return content

    def skip(self, node: Node) -> bool:
        # page marks are furniture of a page, and a Markdown file is one: shown, with their facsimile links
        return node.kind not in ("page", "call") and super().skip(node)

    def table(self, node: Node) -> None:
        captions = [self.inline_content(c.children) for c in node.children if isinstance(c, Node) and
                    c.kind == "caption"]
        rows = [[self.finish(self.inline(cell), " ") for cell in row.children
                 if isinstance(cell, Node) and cell.kind == "cell"]
                for row in node.children if isinstance(row, Node) and row.kind == "row"]
        for caption in captions:
            if caption.strip():
                self.blocks.append(self.finish(caption, " "))
        if not rows:
            return
        width = max(len(r) for r in rows)
        self.blocks.append(_pipe_table([r + [""] * (width - len(r)) for r in rows]))

    def letters(self, node: Node) -> None:
        rows = node.props["rows"]
        self.blocks.append(f"## Letters ({len(rows)})")
        self.blocks.append(_pipe_table([list(node.props["columns"])] + [
            [self.finish(self.inline_content(content), " ") for _, content in row] for row in rows]))


def _pipe_table(rows: list[list[str]]) -> str:
    """A pipe table: the first row is its header (Markdown's tables must have one)."""
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * len(rows[0])]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def write_markdown(doc: View, view: str = "reading") -> str:
    """The document as Markdown, in the reading or the diplomatic view."""
    called: set[str] = set()
    w = MarkdownWriter(view, doc.lang, called)
    out = _head(doc, view, w)
    w.walk(doc.body)
    out += w.blocks
    out += _tail(doc, view, called)
    return "\n\n".join(out) + "\n"


def stream_markdown(doc: View, body: Streamed, out: BinaryIO, view: str = "reading") -> None:
    """A streamed document as Markdown, written to ``out`` block by block."""
    called: set[str] = set()
    w = MarkdownWriter(view, doc.lang, called)
    w.blocks += _head(doc, view, w)
    wrote = stream_blocks(w, body, out)
    tail = _tail(doc, view, called)  # once the body is made: the footnotes it called
    out.write((("\n\n" if wrote and tail else "") + "\n\n".join(tail) + "\n").encode())


def _head(doc: View, view: str, w: MarkdownWriter) -> list[str]:
    """The title and the header panel's fields."""
    out = []
    title = w.finish(w.inline_content(doc.title), " ")
    if title:
        out.append("# " + title)
    fields = []
    for f in doc.fields:
        if isinstance(f.value, str):
            value = _escape(one_line(f.value))
        elif isinstance(f.value, Licence):
            value = f"<{f.value.url}>" if f.value.url else _escape(f.value.head)
        else:
            inner = MarkdownWriter(view, doc.lang, w.called)
            inner.walk(f.value)
            value = " ".join(b.replace("\\\n", " ") for b in inner.blocks)
        if value:
            fields.append(f"- **{_escape(f.label)}:** {value}")
    if fields:
        out.append("\n".join(fields))
    return out


def _tail(doc: View, view: str, called: set[str]) -> list[str]:
    """The notes (footnote definitions of the calls made, the others listed), the apparatus, the register."""
    out = []
    notes = [(str(n.number), n.label, n.content) for n in doc.notes] + \
        [(v.label, v.label, v.content) for v in doc.apparatus]
    written = []
    for key, label, content in notes:
        inner = MarkdownWriter(view, doc.lang, called)
        inner.walk(content)
        written.append((key, label, inner.blocks))
    # a footnote whose call this view does not show (a letterhead's, in the reading view) is no footnote: a
    # Markdown reader drops a definition nothing calls; those notes are listed after the footnotes
    definitions = [f"[^{key}]: " + "\n\n    ".join(b.replace("\n", "\n    ") for b in blocks)
                   for key, _, blocks in written if key in called]
    uncalled = [f"- \\[{_escape(label)}\\] " + " ".join(b.replace("\n", "\n  ") for b in blocks)
                for key, label, blocks in written if key not in called]
    if definitions:
        out.append("\n".join(definitions))
    if uncalled:
        out += ["## Notes", "\n".join(uncalled)]
    if doc.register:
        out.append("## Register")
        for heading, entries in doc.register.items():
            lines = []
            for e in entries:
                details = "; ".join(e.details)
                links = " ".join(f"<{link}>" for link in e.links)
                rest = " ".join(filter(None, [_escape(details), links]))
                lines.append(f"- **{_escape(one_line(e.label))}**" + (f": {rest}" if rest else ""))
            out += [f"### {heading}", "\n".join(lines)]
    return out
