"""The Record: what a reader found in a plain-text record, before any XML exists.

Readers fill it, the encoder turns it into TEI. Inline content is a list of
plain strings and the small node classes below; every node knows the source
characters it came from (``marker``) so that a diplomatic rendering can give
the source back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class DateValue:
    """A normalised date: ISO strings for the TEI dating attributes."""

    when: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    from_: str | None = None
    to: str | None = None
    cert: str | None = None
    evidence: str | None = None

    def attributes(self) -> dict[str, str]:
        pairs = {
            "when": self.when,
            "notBefore": self.not_before,
            "notAfter": self.not_after,
            "from": self.from_,
            "to": self.to,
            "cert": self.cert,
            "evidence": self.evidence,
        }
        return {k: v for k, v in pairs.items() if v}


# --- inline nodes -------------------------------------------------------------


@dataclass
class Name:
    """A name in the text, linked to an entity when one is known."""

    text: str
    kind: str = "name"  # person | place | org | name
    ref: str | None = None
    name_type: str | None = None  # pseudonym …
    role: str | None = None  # honorific or office printed before the name
    role_type: str | None = None  # honorific | office


@dataclass
class Date:
    text: str
    value: DateValue | None = None


@dataclass
class Supplied:
    """``[word]``: words the translator or editors added; ``[word?]``: added with doubt (``uncertain``)."""

    content: list[Inline]
    marker: str = ""
    uncertain: bool = False


@dataclass
class Sic:
    """``word [sic]``: a reading reproduced as found."""

    text: str
    corr: str | None = None
    comment: str | None = None
    marker: str = "[sic]"
    is_date: bool = False
    space: bool = True  # a space between the word and the bracket


@dataclass
class AltName:
    """``Name [Variant]``: another name of the entity just named."""

    text: str
    kind: str = "name"
    ref: str | None = None
    note_type: str = "altName"  # altName | identification
    marker: str = ""


@dataclass
class Abbr:
    abbr: str
    expan: str
    marker: str = ""


@dataclass
class Gap:
    reason: str  # editorial | illegible | excised | signature | obfuscated
    quantity: str | None = None
    unit: str | None = None
    marker: str = ""
    desc: str | None = None


@dataclass
class Unclear:
    text: str
    marker: str = ""


@dataclass
class Handwritten:
    content: list[Inline]
    label: str = "handwritten"
    marker: str = ""


@dataclass
class Stamp:
    content: list[Inline]
    label: str = "stamp"
    marker: str = ""


@dataclass
class EditorNote:
    """A labelled bracket (translator's note) or an editorial comment."""

    content: list[Inline]
    note_type: str  # translator | editorial
    subtype: str | None = None
    label: str | None = None  # the label as printed, e.g. "Translator's note"
    marker: str = ""


@dataclass
class FootnoteRef:
    n: str
    marker: str = ""


@dataclass
class LineBreak:
    pass


@dataclass
class SourceMark:
    """How the source wrote an editorial sign around a node (``[gestrichen: `` … ``]``), so the diplomatic view
    gives back the source's own words: the bracket's keyword is the source's, not a TEI name."""

    before: str
    after: str = ""


@dataclass
class Deletion:
    """``[gestrichen: x]``, ``[deleted: x]``: words the writer struck out."""

    content: list[Inline]
    mark: SourceMark


@dataclass
class Addition:
    """``[über der Zeile: x]``, ``[in margin: x]``: words the writer added, and where."""

    content: list[Inline]
    mark: SourceMark
    place: str | None = None


@dataclass
class PageBreak:
    """``[S. 2]``, ``[f. 2v]``, a lone ``|``: the start of a new page of the source."""

    n: str | None
    mark: SourceMark


@dataclass
class Letterhead:
    """``[Briefkopf: …]``: the printed head of the writing paper."""

    content: list[Inline]
    mark: SourceMark


Inline = Union[str, Name, Date, Supplied, Sic, AltName, Abbr, Gap, Unclear, Handwritten, Stamp, EditorNote,
               FootnoteRef, LineBreak, Deletion, Addition, PageBreak, Letterhead]


# --- blocks -------------------------------------------------------------------

class Deferred:
    """The inline content of a block of a big record, not kept: made again from the block's text when it is
    encoded (``content``), in document order. The reader made it once (for its warnings and footnote calls) and
    the linking once (for the register); ``relink`` links it again for the encoder, set by the linking.
    One small object a paragraph: a 100 MB letter has a million of them."""

    __slots__ = ("make", "text", "ctx", "calls", "relink")

    def __init__(self, make: Callable[[str, object], list[Inline]], text: str, ctx: object,
                 calls: frozenset[str]) -> None:
        self.make, self.text, self.ctx = make, text, ctx  # the content is make(text, ctx)
        self.calls = calls  # the numbers of the footnotes it calls
        self.relink: Callable[[list[Inline]], list[Inline]] | None = None

    def content(self) -> list[Inline]:
        made = self.make(self.text, self.ctx)
        return self.relink(made) if self.relink else made


NO_CALLS: frozenset[str] = frozenset()  # shared by the many blocks that call no footnote


def footnote_calls(block: Block) -> set[str] | frozenset[str]:
    if isinstance(block.content, Deferred):
        return block.content.calls
    return {n.n for n in block.content if isinstance(n, FootnoteRef)}


@dataclass(slots=True)
class Block:
    """One block of the document. Kinds: p, speech (a "Name: words" turn), classification, copy, docType,
    addressee, salute, dateline, signed, byline, gap (an omission standing alone), postscript, annotation
    (not the author's: registry marks, stamps, handwriting, distribution lists), footnote (a note text)."""

    kind: str
    content: list[Inline] | Deferred
    source: str  # the source text of the block, as read
    subtype: str | None = None  # annotation subtype, speaker name …
    n: str | None = None  # footnote number
    glued: bool = False  # footnote text written "[1]Text", without a space
    mark: SourceMark | None = None  # the source's signs around the whole block ("[" … "]")


@dataclass
class Division:
    """One document in the body: the main one, an enclosure or an original-language text."""

    div_type: str
    blocks: list[Block] = field(default_factory=list)
    lang: str | None = None


# --- metadata -----------------------------------------------------------------


@dataclass
class Party:
    """A sender or recipient as a record names it."""

    name: str  # as written, without honorific/office
    kind: str = "person"  # person | org
    role: str | None = None
    place: str | None = None
    pseudonym: str | None = None  # printed pseudonym when ``name`` is the real name
    relay: bool = False
    ref: str | None = None


@dataclass
class Entity:
    """An entity described once in standOff."""

    xml_id: str
    kind: str  # person | place | org
    reg: str
    variants: list[str] = field(default_factory=list)
    pseudonyms: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    idnos: dict[str, str] = field(default_factory=dict)


@dataclass
class ArchiveRef:
    """One archival unit of a citation (Soviet-style fond/opis/delo or verbatim)."""

    archive: str | None
    text: str  # the segment as printed
    shelfmark: str = ""  # the segment without archive name and leaves
    parts: list[tuple[str, str, str]] = field(default_factory=list)  # (label as printed, type, value)
    leaves: str | None = None  # locus as printed, "l. 26-29"
    leaf_from: str | None = None
    leaf_to: str | None = None


@dataclass
class Credit:
    resp: str  # contributed by | obtained by | translated by
    names: list[str]


@dataclass
class Record:
    source_name: str = "<text>"
    layout: str = "unknown"
    title: str | None = None
    title_content: list[Inline] = field(default_factory=list)
    date_text: str | None = None
    date: DateValue | None = None
    doc_type: str | None = None  # telegram | cable | letter | report | memorandum | minutes | …
    subject: str | None = None
    senders: list[Party] = field(default_factory=list)
    participants: list[Party] = field(default_factory=list)  # of a recorded conversation
    recipients: list[Party] = field(default_factory=list)
    sender_place: str | None = None
    sender_place_evidence: str | None = None  # None = stated in a dateline/routing line
    recipient_place: str | None = None
    place: str | None = None  # where a conversation or meeting took place
    funders: list[str] = field(default_factory=list)
    summary: str | None = None
    summary_content: list[Inline] = field(default_factory=list)
    citation_paragraph: str | None = None
    citation: str | None = None
    archive_refs: list[ArchiveRef] = field(default_factory=list)
    archives: list[str] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    publications: list[str] = field(default_factory=list)
    rights: list[str] = field(default_factory=list)
    rights_content: list[list[Inline]] = field(default_factory=list)  # the paragraphs read (obfuscated e-mail → gap)
    record_id: str | None = None
    url: str | None = None
    uploaded_date: str | None = None
    type_field: str | None = None
    classification_field: str | None = None
    original_language: str | None = None
    authors_field: str | None = None
    divisions: list[Division] = field(default_factory=list)
    footnotes: dict[str, Block] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    body_source: list[str] = field(default_factory=list)  # source blocks of the body, for round trips
    language: str | None = None  # ISO 639-1 code of the text, when stated or detected
    language_evidence: str | None = None  # "stated" (a header key) or "detected"
    title_by_encoder: bool = False  # the source gives no title: ours, built from the parties and the date
    publisher: list[str] = field(default_factory=list)  # organisations publishing the source online
    series_title: str | None = None  # the online collection the record belongs to
    source_bibl_id: str | None = None  # xml:id of the source's bibl
    source_idno_type: str | None = None  # the type of the source's record number

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    @property
    def translators(self) -> list[str]:
        return [n for c in self.credits if "translat" in c.resp for n in c.names]

    @property
    def contributors(self) -> list[str]:
        return [n for c in self.credits if "translat" not in c.resp for n in c.names]

    @property
    def main(self) -> Division | None:
        return self.divisions[0] if self.divisions else None
