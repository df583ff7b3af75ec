"""Record body → TEI ``text`` (encoding.md §5–6): opener, p, closer, notes; inline editorial markup."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lxml import etree

from teitools.record import (
    Abbr,
    Addition,
    AltName,
    Block,
    Date,
    Deferred,
    Deletion,
    Division,
    EditorNote,
    FootnoteRef,
    Gap,
    Handwritten,
    Inline,
    Letterhead,
    LineBreak,
    Name,
    PageBreak,
    Record,
    Sic,
    SourceMark,
    Stamp,
    Supplied,
    Unclear,
)
from teitools.xml import append_text, tei_child, xml_attr

if TYPE_CHECKING:
    from teitools.encode.stream import BodyStream

NAME_TAGS = {"person": "persName", "place": "placeName", "org": "orgName", "name": "name"}
OPENER_KINDS = {"classification", "copy", "docType", "dateline", "addressee", "salute", "byline", "gap",
                "annotation-opener", "letterhead"}
CLOSER_KINDS = {"salute", "signed", "dateline"}
HAND_ID = "hand-ms"


def gap_rend(marker: str) -> str | None:
    """How an omission was bracketed, when not as ``[...]`` (kept for the diplomatic view)."""
    inner = marker[1:-1]
    if inner.strip() == "...":
        return "spaced" if inner != "..." else None
    tokens = ["ellipsis" if "…" in inner else "dots"]
    if inner != inner.strip() or ". ." in inner:
        tokens.append("spaced")
    return " ".join(tokens)


class InlineWriter:
    """Appends inline nodes to an element, keeping text and tails right."""

    def __init__(self, rec: Record, used: set[str]) -> None:
        self.rec = rec
        self.used = used  # ids referred to, to describe only entities in use
        self.hands = False
        self.placed: set[int] = set()  # footnote blocks already written (by identity: two texts may share a number)
        self.ids: set[str] = set()  # ids given to footnotes and anchors
        self._next_suffix: dict[str, int] = {}  # per base, the suffix to try first: taken ones are never tried again
        self.renditions: dict[tuple[str, str], str] = {}  # (scope, the source's sign) → rendition id

    def write(self, parent: etree._Element, content: list[Inline]) -> None:
        for node in content:
            self._node(parent, node)

    def _el(self, parent: etree._Element, tag: str, **attrs: str | None) -> etree._Element:
        return tei_child(parent, tag, attrs)

    def _ref(self, ref: str | None) -> str | None:
        if ref:
            self.used.add(ref)
            return f"#{ref}"
        return None

    def _node(self, parent: etree._Element, node: Inline) -> None:
        if isinstance(node, str):
            append_text(parent, node.replace("\n\n", " ").replace("\n", " "))
        elif isinstance(node, LineBreak):
            self._el(parent, "lb").tail = "\n"  # a line break is also a word break for any reader of the text
        elif isinstance(node, Name):
            self._name(parent, node)
        elif isinstance(node, Date):
            el = self._el(parent, "date", **(node.value.attributes() if node.value else {}))
            el.text = node.text
        elif isinstance(node, Supplied):
            self.write(self._el(parent, "supplied", cert="low" if node.uncertain else None), node.content)
        elif isinstance(node, Sic):
            self._sic(parent, node)
        elif isinstance(node, AltName):
            note = self._el(parent, "note", type=node.note_type, place="inline")
            tag = NAME_TAGS[node.kind]
            self._el(note, tag, ref=self._ref(node.ref)).text = node.text
        elif isinstance(node, Abbr):
            choice = self._el(parent, "choice")
            self._el(choice, "abbr").text = node.abbr
            self._el(choice, "expan").text = node.expan
        elif isinstance(node, Gap):
            self._gap(parent, node)
        elif isinstance(node, Unclear):
            self._el(parent, "unclear").text = node.text
        elif isinstance(node, Handwritten):
            self.hands = True
            add = self._el(parent, "add", hand=f"#{HAND_ID}")
            if not node.content:
                add.set("rend", "marker")
            self.write(add, node.content)
        elif isinstance(node, Stamp):
            stamp = self._el(parent, "stamp")
            if node.label.lower() != "stamp":
                stamp.set("type", "labelled")
                self._el(stamp, "label").text = node.label
                append_text(stamp, ": ")
            self.write(stamp, node.content)
        elif isinstance(node, EditorNote):
            self._editor_note(parent, node)
        elif isinstance(node, FootnoteRef):
            self._footnote(parent, node)
        elif isinstance(node, Deletion):
            self.write(self._el(parent, "del", rendition=self.rendition(node.mark)), node.content)
        elif isinstance(node, Addition):
            self.write(self._el(parent, "add", place=node.place, rendition=self.rendition(node.mark)), node.content)
        elif isinstance(node, PageBreak):
            self._el(parent, "pb", n=node.n, rendition=self.rendition(node.mark))
        elif isinstance(node, Letterhead):
            self.write(self._el(parent, "fw", type="letterhead", rendition=self.rendition(node.mark) or None),
                       node.content)

    def rendition(self, mark: SourceMark) -> str:
        """Pointers to the ``rendition`` elements (CSS ``::before``/``::after`` content) that record how the source
        wrote the signs around a node; one per distinct sign, declared in ``tagsDecl``."""
        refs = []
        for scope, sign in (("before", mark.before), ("after", mark.after)):
            if sign:
                key = (scope, sign)
                if key not in self.renditions:
                    self.renditions[key] = f"src-sign-{len(self.renditions) + 1}"
                refs.append("#" + self.renditions[key])
        return " ".join(refs)

    def _name(self, parent: etree._Element, node: Name) -> None:
        el = self._el(parent, NAME_TAGS[node.kind], ref=self._ref(node.ref), type=node.name_type)
        if node.role and node.text.startswith(node.role):
            self._el(el, "roleName", type=node.role_type or "honorific").text = node.role
            el[-1].tail = node.text[len(node.role):]
        else:
            el.text = node.text

    def _sic(self, parent: etree._Element, node: Sic) -> None:
        host = self._el(parent, "date") if node.is_date else parent
        rend = " ".join(t for t, on in (("upper", node.marker[1:4] == "SIC"), ("excl", "!" in node.marker),
                                         ("noword", node.marker.strip() == "[!]"), ("nospace", not node.space))
                        if on) or None
        if node.corr is not None:
            choice = self._el(host, "choice")
            self._el(choice, "sic", rend=rend if node.marker else None).text = node.text
            # an unbracketed correction is ours, not the source's
            self._el(choice, "corr", resp=None if node.marker else "#encoder").text = node.corr
            return
        self._el(host, "sic", rend=rend).text = node.text
        if node.comment:
            self._el(host, "note", type="sic", place="inline").text = node.comment

    def _gap(self, parent: etree._Element, node: Gap) -> None:
        rend = gap_rend(node.marker) if node.reason == "editorial" and node.marker else None
        el = self._el(parent, "gap", reason=node.reason, quantity=node.quantity, unit=node.unit, rend=rend)
        if node.desc:
            self._el(el, "desc").text = node.desc

    def _editor_note(self, parent: etree._Element, node: EditorNote) -> None:
        resp = "#translator" if node.note_type == "translator" and self.rec.translators else None
        note = self._el(parent, "note", type=node.note_type, subtype=node.subtype, place="inline", resp=resp)
        if node.label:
            self._el(note, "label").text = node.label
            append_text(note, ": ")
        self.write(note, node.content)

    def unique_id(self, base: str) -> str:
        """``base``, else ``base-2``, ``base-3`` …: the first not given yet. Trying from the last suffix given keeps a
        letter with thousands of calls of one note linear, not quadratic."""
        k = self._next_suffix.get(base, 1)
        xml_id = base if k == 1 else f"{base}-{k}"
        while xml_id in self.ids:
            k += 1
            xml_id = f"{base}-{k}"
        self._next_suffix[base] = k + 1
        self.ids.add(xml_id)
        return xml_id

    def footnote(self, parent: etree._Element, block: Block) -> None:
        """The note of a footnote text, at its call mark or, if the mark was lost, where the text stood."""
        note = self._el(parent, "note", type="footnote", n=block.n, place="foot", rend="glued" if block.glued else None)
        note.set(xml_attr("id"), self.unique_id(f"fn{block.n}"))
        self.placed.add(id(block))
        self.write(note, block.content)

    def _footnote(self, parent: etree._Element, node: FootnoteRef) -> None:
        block = self.rec.footnotes.get(node.n)
        if block is None or id(block) in self.placed:
            # a call mark without a note text (or a second call of one): an anchor
            self._el(parent, "anchor", n=node.n).set(xml_attr("id"), self.unique_id(f"fnmark{node.n}"))
            return
        self.footnote(parent, block)


def _annotation(div: etree._Element, block: Block, w: InlineWriter) -> None:
    content = block.content
    only = content[0] if len(content) == 1 else None
    if isinstance(only, Handwritten) and only.content:
        w.hands = True
        note = w._el(div, "note", type="annotation", subtype="handwritten", hand=f"#{HAND_ID}")
        _paragraphs(note, only.content, w)
    elif isinstance(only, Stamp):
        note = w._el(div, "note", type="annotation", subtype="stamp")
        w.write(note, content)
    else:
        note = w._el(div, "note", type="annotation", rendition=w.rendition(block.mark) if block.mark else None)
        w.write(note, content)


def _paragraphs(parent: etree._Element, content: list[Inline], w: InlineWriter) -> None:
    """Content with paragraph breaks (a bracket that spans blank lines) → one ``p`` each."""
    paras: list[list[Inline]] = [[]]
    for node in content:
        if isinstance(node, str) and "\n\n" in node:
            pieces = node.split("\n\n")
            paras[-1].append(pieces[0])
            for piece in pieces[1:]:
                paras.append([piece])
        else:
            paras[-1].append(node)
    if len(paras) == 1:
        w.write(parent, paras[0])
        return
    for para in paras:
        w.write(w._el(parent, "p"), [x.strip() if isinstance(x, str) else x for x in para])


def encode_division(parent: etree._Element, division: Division, rec: Record, w: InlineWriter,
                    stream: BodyStream | None = None) -> etree._Element:
    """Blocks in document order, grouped the way TEI's div allows: openers, then the text, then closers.

    A div may hold closers and postscripts only after some text (a p or sp), so a document without any
    keeps its signature and dateline in an opener, and a lone postscript becomes the text.
    """
    div = w._el(parent, "div", type=division.div_type)
    if division.lang:
        div.set(xml_attr("lang"), division.lang)
    phase = "top"  # top → text → bottom
    box: etree._Element | None = None  # the opener or closer being filled
    for block in made_blocks(division.blocks) if stream is None else stream.blocks(division.blocks, div):
        kind = block.kind
        if kind == "footnote":
            if id(block) not in w.placed:
                w.footnote(div, block)
            continue
        if kind == "milestone":  # a page break between blocks: TEI allows it anywhere
            w.write(box if box is not None and len(div) and box is div[-1] else div, block.content)
            continue
        if kind == "annotation":
            if box is not None and phase == "top" and box is div[-1]:
                _block(box, block, w)  # a note inside the opener keeps its place
            else:
                _annotation(div, block, w)
            continue
        if phase == "top" and (kind in OPENER_KINDS or kind in CLOSER_KINDS):
            if box is None or box is not div[-1] or etree.QName(box).localname != "opener":
                box = w._el(div, "opener")
            _block(box, block, w)
            continue
        if kind in CLOSER_KINDS and phase != "top":
            phase = "bottom"
            if box is None or box is not div[-1] or etree.QName(box).localname != "closer":
                box = w._el(div, "closer")
            _block(box, block, w)
            continue
        if kind == "postscript" and phase != "top":
            phase, box = "bottom", None
            w.write(w._el(w._el(div, "postscript"), "p"), block.content)
            continue
        box = None
        if phase == "bottom":  # text after the closer: TEI has no place for it but a note
            w.write(w._el(div, "note", type="annotation"), block.content)
            continue
        phase = "text"
        if kind == "speech":
            _speech(div, block, w)
        else:
            w.write(w._el(div, "p"), block.content)
    return div


def made_blocks(blocks: list[Block]) -> Iterator[Block]:
    """The blocks, each with its content while it is encoded: a deferred one (a big record's) is made for it and
    dropped again once the block is encoded (it is in the tree then)."""
    for block in blocks:
        deferred = block.content if isinstance(block.content, Deferred) else None
        if deferred is not None:
            block.content = deferred.content()
        yield block
        if deferred is not None:
            block.content = deferred


def _speech(div: etree._Element, block: Block, w: InlineWriter) -> None:
    sp = w._el(div, "sp")
    who = block.subtype or ""
    text = block.content
    first = text[0] if text and isinstance(text[0], str) else ""
    if who and first.startswith(who + ":"):
        w._el(sp, "speaker").text = who + ":"
        text = [first[len(who) + 1:].lstrip(), *text[1:]]
    w.write(w._el(sp, "p"), text)


def _block(parent: etree._Element, block: Block, w: InlineWriter) -> None:
    kind = block.kind
    if kind in ("classification", "copy", "docType", "addressee"):
        w.write(w._el(parent, "seg", type=kind), block.content)
    elif kind in ("dateline", "salute", "signed", "byline"):
        w.write(w._el(parent, kind), block.content)
    elif kind == "gap":
        w.write(parent, block.content)
    elif kind == "annotation":
        note = w._el(parent, "note", type="annotation", rendition=w.rendition(block.mark) if block.mark else None)
        w.write(note, block.content)
    else:
        w.write(w._el(parent, "seg"), block.content)
