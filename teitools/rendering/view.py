"""The view of a TEI document that every writer shows: computed once, written as HTML, plain text or Markdown.

A view is a tree of ``Node``: blocks (a division, a paragraph, a heading, a
list, a table …) holding inline runs (text as ``str``, and nodes: a quotation,
a deletion, a name, a note's call …). A node says what it is (``kind``), which
TEI element it shows (``tei``, with the element's styles in ``style``), in
which view it is seen (``show``: both, reading only, diplomatic only) and
whether it is the document's words, an editorial sign or page furniture
(``role``). Writers decide how each looks; none reads another's output.

Kinds
    blocks: ``section`` (a container: div, opener, lg …), ``run`` (inline content standing between blocks),
    ``para`` (p, ab; props ``blocks``: it holds blocks inside its inline content), ``block`` (any other block
    element), ``heading`` (props ``level``, ``anchor``), ``list`` (props ``ordered``), ``item`` (an entry of a
    list), ``table``, ``row``, ``cell`` (props ``header``), ``caption``, ``letters`` (the letters a header lists:
    props ``columns``, ``rows``).
    inline: ``span``, ``quote``, ``emph``, ``foreign``, ``cite``, ``hi``, ``del``, ``ins``, ``name`` (props
    ``target``: its register entry, ``anchor``), ``link`` (props ``href`` or ``target``), ``break`` (a line end),
    ``call`` (of a note: props ``number``, ``first``), ``appcall`` (of an apparatus entry: props ``number``),
    ``page`` (props ``href``: the facsimile), ``image`` (props ``src``, ``alt``), ``embedded`` (a block inside
    inline content), ``unknown`` (an element no rule knows), ``sigla`` (an apparatus entry's witnesses).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

BOTH, READING, DIPLOMATIC = "", "r", "d"
WORDS, SIGN, UI = "", "sign", "ui"

class Node:
    """One element of the view. ``props``: what a kind needs besides its content (see the module's table); ``id``
    and ``lang`` carry a TEI element's ``xml:id`` and ``xml:lang``."""

    __slots__ = ("kind", "tei", "children", "show", "role", "style", "props")

    def __init__(self, kind: str, tei: str = "", children: list[Node | str] | tuple = (), show: str = BOTH,
                 role: str = WORDS, style: tuple[str, ...] = (), props: dict | None = None) -> None:
        self.kind = kind
        self.tei = tei
        self.children = children  # a node without content shares the empty tuple
        self.show = show
        self.role = role
        self.style = style
        self.props = props

    def get(self, name: str, default=None):
        return self.props.get(name, default) if self.props else default

    def __repr__(self) -> str:  # for test failures
        return f"Node({self.kind!r}, {self.tei!r}, {self.children!r})"


class Open:
    """In a streamed body (``stream.py``): a section whose content follows, up to its ``Close`` (``node`` is the
    section without its children)."""

    __slots__ = ("node",)

    def __init__(self, node: Node) -> None:
        self.node = node


class Close:
    """In a streamed body: the end of the section last opened."""

    __slots__ = ()


# a body as a writer gets it from a streamed document: blocks, and the sections around them opened and closed
Streamed = Iterable[Node | Open | Close]


def plain(content: list[Node | str], show: str | None = None) -> str:
    """The text of a run of content; of one view (``show``) if given, else of all of it."""
    out: list[str] = []

    def walk(items: list[Node | str]) -> None:
        for item in items:
            if isinstance(item, str):
                out.append(item)
            elif show is None or not item.show or item.show == show:
                walk(item.children)

    walk(content)
    return "".join(out)


def shows_text(content: list[Node | str]) -> bool:
    """Whether content shows any text but white space."""
    for item in content:
        if isinstance(item, str):
            if item.strip():
                return True
        elif item.kind == "image" or shows_text(item.children):
            return True
    return False


@dataclass
class Note:
    number: int
    label: str
    glued: bool  # no space between the label and the text: the source had none
    content: list[Node | str]


@dataclass
class Variant:
    """An entry of the apparatus: the readings of one ``app`` that the text does not show."""
    number: int
    label: str
    content: list[Node | str]


@dataclass
class Heading:
    level: int
    anchor: str
    text: str


@dataclass
class Entry:
    """A register entry: a person, place … of the document's lists."""
    xml_id: str
    kind: str
    label: str
    details: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    backrefs: list[str] = field(default_factory=list)  # anchors of the names in the text that point to it


@dataclass
class Licence:
    url: str | None  # a safe link
    shown_url: str  # the URL as the document gives it
    content: list[Node | str]  # its text: blocks
    head: str  # what stands for it, collapsed: the URL, else its first words


@dataclass
class Field:
    """A row of the header panel: a label and its value (text, or content such as a summary's blocks)."""
    label: str
    value: str | list[Node | str] | Licence


@dataclass
class View:
    title: list[Node | str]  # the document's own title, as inline content
    title_text: str  # the same as plain text (the page's <title>, an index's row)
    lang: str  # BCP 47, "und" where undeclared
    fields: list[Field]
    body: list[Node | str]
    notes: list[Note]
    apparatus: list[Variant]
    register: dict[str, list[Entry]]  # by kind's heading ("People" …), entries sorted by label
    contents: list[Heading]  # the headings of the text, for a table of contents
    listing: bool  # the header lists letters (a CMIF file): the body holds their table
    conversion: bool  # a teitools conversion (its bracket conventions)
