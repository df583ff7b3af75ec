"""Documents too big to hold as a tree: rendered while the parser reads them.

A document of ``STREAM_FROM`` bytes or more is read twice. The first reading keeps what stands outside the
text (the header, facsimiles, standOff) and, of the text, what the rest of the document needs to know of it
(``document.Index``: its register entries, the notes that refs call, the entries the parties point to); each
part of the text is dropped once it has been looked at. The second reading makes the text's view one part at a
time, in the steps ``BodyBuilder.children_blockwise`` takes, and hands each block to the writer as soon as it is
whole; a container is opened and closed around its parts. What is held at once is the bytes, the header, one
block of the text and the notes — the page is the one the whole tree would give (the test suite renders the
corpus both ways).

Not streamed, but read as a tree: a corpus (``teiCorpus``), a document with includes or entity declarations.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from lxml import etree

from teitools.errors import InputError, XMLInputError
from teitools.limits import Limits
from teitools.rendering.body import (
    CONTAINERS,
    REGISTER_LISTS,
    XML_ID,
    BodyBuilder,
    T,
    note_targets,
)
from teitools.rendering.document import (
    Index,
    Summary,
    by_id,
    entry,
    finish_view,
    register_items,
    sorted_entries,
    start_view,
    summary,
)
from teitools.rendering.letters import letters_table
from teitools.rendering.view import Close, Open, Streamed
from teitools.xinclude import INCLUDES
from teitools.xml import ENTITY_MARKS, LOCAL_NAMES, syntax_error, too_deep, too_long, too_many_attributes

STREAM_FROM = 16 * 2**20  # bytes: a document this big is streamed (as a tree, 13 times its size in memory)

# the children of a container that are containers themselves, opened as sections (a list of register entries is
# made whole: whether it is the register is known only at its end)
SECTIONS = frozenset(CONTAINERS - REGISTER_LISTS)
_TEXT = f"{T}text"

# the steps of a streamed text: a container opened, its leading text whole, one of its children whole (with its
# tail), the container closed, the tail of a closed container whole; an element outside the text whole
OPEN, TEXT, CHILD, CLOSE, TAIL, OUTSIDE = range(6)


class NotStreamable(Exception):
    """The document is read as a tree instead: a corpus, or one with includes or entity declarations."""


def _events(data: bytes) -> Iterator[tuple[str, etree._Element]]:
    return etree.iterparse(io.BytesIO(data), events=("start", "end", "comment", "pi"), resolve_entities=False,
                           no_network=True, load_dtd=False, huge_tree=True, remove_blank_text=False)


class _Frame:
    __slots__ = ("el", "pending", "closed", "started")

    def __init__(self, el: etree._Element) -> None:
        self.el = el
        self.pending: etree._Element | None = None  # a child whose tail may still grow
        self.closed = False  # the pending child is a container closed already: only its tail is left
        self.started = False  # the leading text was given


def _settle(frame: _Frame) -> Iterator[tuple[int, etree._Element]]:
    if not frame.started:
        frame.started = True
        yield TEXT, frame.el
    if frame.pending is not None:
        yield (TAIL if frame.closed else CHILD), frame.pending
        frame.pending = None


def _steps(data: bytes, name: str, limits: Limits, check: bool = True) -> Iterator[tuple[int, etree._Element]]:
    """The steps of the document's text (see the constants above); with ``check`` (``_checked``), the document is
    held to ``limits`` on the way. A step's element may be removed from the tree once the step is taken."""
    frames: list[_Frame] = []
    depth = 0
    ids: set[str] = set()
    text = None
    try:
        for event, el in _events(data):
            parent = el.getparent()
            if check:
                depth = _checked(event, el, parent, depth, ids, name, limits)
            if event == "end":
                if frames and el is frames[-1].el:
                    frame = frames.pop()
                    yield from _settle(frame)
                    yield CLOSE, el
                    if frames:
                        frames[-1].pending, frames[-1].closed = el, True
                elif not frames and parent is not None and parent.getparent() is None and el is not text:
                    yield OUTSIDE, el
            elif frames and parent is frames[-1].el:
                frame = frames[-1]
                yield from _settle(frame)
                if event == "start" and LOCAL_NAMES[el.tag] in SECTIONS:
                    frames.append(_Frame(el))
                    yield OPEN, el
                else:
                    frame.pending, frame.closed = el, False
            elif event == "start" and text is None and el.tag == _TEXT and parent is not None and \
                    parent.getparent() is None:  # the document's text (a second one, invalid, is held whole)
                text = el
                frames.append(_Frame(el))
                yield OPEN, el
            elif event == "start" and parent is None and el.tag != f"{T}TEI":
                raise NotStreamable("not a TEI document, or a corpus")
    except etree.XMLSyntaxError as exc:
        raise syntax_error(exc, name) from None


def _checked(event: str, el: etree._Element, parent: etree._Element | None, depth: int, ids: set[str], name: str,
             limits: Limits) -> int:
    """One event of the first reading held to the limits (and to unique xml:ids, as the tree parse holds it); the
    depth after it. The second reading, of the same bytes, is not checked again."""
    n = limits.text_size
    if event == "start":
        depth += 1
        if depth > limits.depth:
            raise too_deep(name, el.sourceline, limits)
        if len(el.attrib) > limits.attributes:
            raise too_many_attributes(name, el, limits)
        if el.tag in INCLUDES:
            raise NotStreamable("includes")
        for key, value in el.attrib.items():
            if len(value) > n:
                raise too_long(name, el.sourceline, limits)
            if key == XML_ID:
                if value in ids:
                    raise XMLInputError(name, el.sourceline, None, f"ID {value} already defined")
                ids.add(value)
    elif event == "end":
        depth -= 1
    if event != "end":  # the text before it, in its parent, is whole
        before = el.getprevious()
        if len((before.tail if before is not None else parent.text if parent is not None else "") or "") > n:
            raise too_long(name, el.sourceline, limits)
    elif len((el[-1].tail if len(el) else el.text) or "") > n:
        raise too_long(name, el.sourceline, limits)
    return depth


@dataclass
class Prepared:
    """A document read once: what stands outside its text, and what rendering its text needs to know of it."""

    data: bytes
    name: str
    limits: Limits
    skeleton: etree._Element
    index: Index
    info: Summary


def prepare(data: bytes, name: str, limits: Limits) -> Prepared:
    """The first reading (raises XMLInputError, LimitError, NotStreamable)."""
    if any(mark in data for mark in ENTITY_MARKS):
        raise NotStreamable("entity declarations")
    entries = []
    targets: set[str] = set()
    notes: dict[str, etree._Element] = {}
    wanted: set[str] = set()
    kept: dict[str, etree._Element] = {}
    text = None
    for step, el in _steps(data, name, limits):
        if step == OPEN and text is None:  # the text begins: the header is whole
            text = el
            wanted = _pointed_by_parties(el.getparent())
        elif step in (CHILD, TAIL):
            if step == CHILD and isinstance(el.tag, str):
                entries += [entry(e, i) for e, i in register_items(el)]
                targets |= note_targets(el)
                for note in el.iter(f"{T}note"):
                    if note.get(XML_ID):
                        notes[note.get(XML_ID)] = copy.deepcopy(note)
                if wanted:
                    for e in el.iter(etree.Element):
                        if e.get(XML_ID) in wanted:
                            kept[e.get(XML_ID)] = copy.deepcopy(e)
            el.getparent().remove(el)
    if text is None:
        raise NotStreamable("no text")
    root = text.getparent()
    # the entries in document order: of the parts before the text, of the text, of the parts after it
    found = [entries if child is text else [entry(e, i) for e, i in register_items(child)]
             for child in root if isinstance(child.tag, str)]
    targets |= note_targets(root)
    notes.update((n.get(XML_ID), n) for n in root.iter(f"{T}note") if n.get(XML_ID))
    called = {i: n for i, n in notes.items() if i in targets}
    ids = {**by_id(root), **kept}
    index = Index(sorted_entries(e for part in found for e in part), called, lambda: ids)
    return Prepared(data, name, limits, root, index, summary(root))


def _pointed_by_parties(root: etree._Element) -> set[str]:
    """The ids that the header's parties without a name of their own point to (``persName ref="#BS"``)."""
    out: set[str] = set()
    for action in root.iter(f"{T}correspAction"):
        for c in action:
            if isinstance(c.tag, str) and not "".join(c.itertext()).strip():
                out.update(r.removeprefix("#") for r in (c.get("ref") or c.get("key") or "").split())
    return out


def stream_body(doc: Prepared, r: BodyBuilder) -> Streamed:
    """The second reading: the text's view, block by block, as ``BodyBuilder.container`` makes it whole."""
    frames: list[list] = []  # of each open container: its content not yet handed over, and its open run
    for step, el in _steps(doc.data, doc.name, doc.limits, check=False):
        if step == OPEN:
            if frames:
                yield from frames[-1][0]
                frames[-1] = [[], None]  # a container is a block: it ends the run before it
            yield Open(r.section_start(el))
            frames.append([[], None])
            continue
        if step == OUTSIDE:
            el.getparent().remove(el)
            continue
        frame = frames[-1]
        if step == TEXT:
            frame[1] = r.blockwise_text(el.text, frame[0])
        elif step == CHILD:
            frame[1] = r.blockwise_child(el, frame[0], frame[1])
            el.getparent().remove(el)
        elif step == TAIL:
            frame[1] = r.blockwise_tail(el.tail, frame[0], frame[1])
            el.getparent().remove(el)
        if step == CLOSE:
            yield from frame[0]
            frames.pop()
            r.section_end()
            yield Close()
            if not frames:
                return  # the text is whole: nothing after it is shown
        elif frame[1] is None and frame[0]:  # no run open: every block made so far is whole
            yield from frame[0]
            frame[0] = []


def write_streamed(doc: Prepared, to: str, view: str, width: int | None, out: BinaryIO) -> None:
    """Render a prepared document to ``out`` with the streaming form of a writer of ``rendering.WRITERS``."""
    from teitools.rendering import WRITERS

    page, r = start_view(doc.skeleton, doc.index, doc.info)

    def body() -> Streamed:
        yield from stream_body(doc, r)
        if page.listing:
            yield letters_table(doc.skeleton)
        finish_view(page, r, doc.index)

    try:
        WRITERS[to].stream(page, body(), out, view, width)
    except RecursionError:
        raise InputError(f"{doc.name}: elements nested too deeply to render (lower --limit depth=N)") from None
