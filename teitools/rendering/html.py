"""Any TEI → one standalone, accessible HTML page carrying a reading and a diplomatic view.

Both views are in the page; elements that differ carry the class ``r`` (reading
only) or ``d`` (diplomatic only) and a CSS-only switch (two radio buttons)
shows one of them, so the page needs no JavaScript. The rule for every element
is in the README. Nothing is dropped silently: an unknown element keeps its
text inside ``span.tei-unknown``.

The renderer writes the page as strings into a list, not as a tree to be
serialized: making an lxml element cost more than everything else a page
needs. The strings are what lxml's HTML serializer writes (``esc``,
``attr``, ``uri_attr``), and with ``xml=True`` void elements are closed
so that the text views can parse the same markup as XML.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from itertools import islice

from lxml import etree

from teitools.xml import LOCAL_NAMES, TEI, XML_NS, child_at, text_of

T = f"{{{TEI}}}"
_LB = f"{T}lb"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"

CONTAINERS = {"text", "front", "body", "back", "group", "div", "div1", "div2", "div3", "div4", "div5", "div6",
              "div7", "opener", "closer", "postscript", "lg", "sp", "spGrp", "floatingText", "castList",
              "castGroup", "figure", "epigraph", "argument", "titlePage", "docTitle", "docImprint", "listBibl",
              "listPerson", "listPlace", "listOrg", "listEvent", "listRelation", "noteGrp", "address", "cit",
              "performance", "set", "prologue", "epilogue", "letter"}
BLOCKS = {"p", "ab", "l", "speaker", "stage", "salute", "signed", "dateline", "byline", "docAuthor", "docDate",
          "trailer", "addrLine", "titlePart", "castItem", "roleDesc", "figDesc", "quote", "bibl", "person",
          "place", "org", "event", "relation", "label", "seg", "fw", "formula", "docEdition", "imprimatur"}
HEADINGS = {"head"}
# children that make a block parent a div of blocks
BLOCK_CHILDREN = CONTAINERS | (BLOCKS - {"seg", "label", "bibl", "quote"})
LINK_SCHEMES = ("http://", "https://", "mailto:")
HTML_BLOCKS = {"div", "p", "ul", "ol", "li", "table", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
               "section", "article", "header", "footer", "figure"}
NAME_TAGS = {"persName", "placeName", "orgName", "rs", "name", "settlement", "country", "region", "geogName"}
INLINE_NOTE_TYPES = {"altName", "identification", "translator", "sic"}
HI_CLASSES = {"italic": "i", "italics": "i", "i": "i", "bold": "b", "b": "b", "underline": "u", "u": "u",
              "superscript": "sup", "sup": "sup", "subscript": "sub", "sub": "sub", "smallcaps": "sc",
              "small-caps": "sc", "sc": "sc", "strikethrough": "s", "strike": "s", "overstrike": "s",
              "spaced": "spaced", "letterspace": "spaced", "doubleunderline": "u", "underlined": "u",
              "center": "center", "right": "right", "aq": "aq", "antiqua": "aq", "large": "large"}


# block-like elements that a phrase-level parent holds inline (a seg or a formula inside a p)
PHRASE_PARENTS = {"p", "ab", "l", "seg", "hi", "q", "quote", "head", "salute", "signed", "note"}
INLINE_IN_PHRASE = {"seg", "label", "bibl", "quote", "stage", "formula", "fw", "dateline", "signed", "address",
                    "addrLine", "cit", "lg", "l", "list", "table", "figure", "floatingText"}
# an HTML block element's start tag: a p holding one becomes a div (text and attribute values never hold a "<")
_BLOCK_START = re.compile("<(?:" + "|".join(sorted(HTML_BLOCKS)) + ")[ >]")
# elements laid out as blocks between blocks
BLOCKISH = CONTAINERS | BLOCKS | HEADINGS | {"list", "table", "item"}
BLOCKISH_INLINE = CONTAINERS | BLOCKS | HEADINGS | {"list", "table"}
LAYOUT = {"subst", "choice", "app"}  # white space between their children is markup layout, not a word break
ID_NAME = re.compile(r"[\w.:-]+")  # an xml:id that can stand in an HTML id and a #fragment
LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")  # an xml:lang that can stand in an HTML lang
_TAG = re.compile(r"<[^>]*>")
_URI_ESCAPED = re.compile(r"[^\x21-\x7e\r]+")


def esc(text: str) -> str:
    """Text content as lxml's HTML serializer writes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def attr(value: str) -> str:
    """``="value"`` as the serializer quotes an attribute: in single quotes if the value has only double ones."""
    value = esc(value)
    if '"' in value:
        if "'" not in value:
            return f"='{value}'"
        value = value.replace('"', "&quot;")
    return f'="{value}"'


def uri_attr(value: str) -> str:
    """An href or src as the serializer writes it: leading spaces, tabs and newlines dropped; spaces, controls
    and non-ASCII percent-encoded as UTF-8."""
    value = _URI_ESCAPED.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")),
                             value.lstrip(" \t\n"))
    return attr(value)


def has_text(pieces: list[str]) -> bool:
    """Whether rendered markup shows any text but white space."""
    return bool(_TAG.sub("", "".join(pieces)).replace("&#13;", "").strip())


def with_text(pieces: list[str], text: str) -> list[str]:
    """``pieces`` with their leading text (before the first tag) replaced by ``text``."""
    first_tag = next((k for k, piece in enumerate(pieces) if piece.startswith("<")), len(pieces))
    return [esc(text), *pieces[first_tag:]]


def _local(el: etree._Element) -> str:
    return LOCAL_NAMES[el.tag]


def inline_in_context(el: etree._Element) -> bool:
    parent = el.getparent()
    return parent is not None and LOCAL_NAMES[parent.tag] in PHRASE_PARENTS and LOCAL_NAMES[el.tag] in INLINE_IN_PHRASE


def _safe_href(target: str) -> str | None:
    target = target.strip()
    if target.startswith("#") and ID_NAME.fullmatch(target, 1):
        return target
    if target.lower().startswith(LINK_SCHEMES):
        return target
    return None


def _safe_local_src(path: str) -> str | None:
    """Local, relative image paths only: no scheme, no absolute path, no parent folders."""
    if re.match(r"^[a-zA-Z][\w+.-]*:", path) or path.startswith(("/", "\\")) or ".." in path.split("/"):
        return None
    return path if re.fullmatch(r"[\w./ -]+", path) else None


@dataclass
class Note:
    number: int
    label: str
    glued: bool  # no space between the label and the text: the source had none
    content: list[str]


@dataclass
class PageState:
    bracket_mode: bool  # a teitools conversion: restore the source's square brackets in the diplomatic view
    register_ids: set[str]
    notes: list[Note] = field(default_factory=list)
    headings: list[int | None] = field(default_factory=list)  # heading level emitted in each open division
    in_link: int = 0  # depth of open links: HTML forbids a link inside a link
    signs: dict[str, tuple[str, str]] = field(default_factory=dict)  # rendition id → (scope, the source's sign)
    called_notes: dict[str, etree._Element] = field(default_factory=dict)  # notes a ref/ptr points to, by id
    placed_notes: dict[str, int] = field(default_factory=dict)  # of those, the number each was given at its call
    register_lists: set[etree._Element] = field(default_factory=set)  # back lists shown only as the register
    backrefs: dict[str, list[str]] = field(default_factory=dict)  # register id → ids of the names that link to it
    facsimiles: dict[str, str] = field(default_factory=dict)  # surface, zone or graphic id → its image URL
    apparatus: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (number, label, entry markup)
    contents: list[tuple[int, str, str]] = field(default_factory=list)  # each heading: (level, id, its text)


class BodyRenderer:
    """TEI elements → HTML markup appended to a list of strings (``out``), in document order."""

    def __init__(self, state: PageState, xml: bool = False) -> None:
        self.s = state
        self.void_end = "/>" if xml else ">"

    def children(self, src: etree._Element, out: list[str]) -> None:
        layout = LOCAL_NAMES[src.tag] in LAYOUT
        text = src.text
        if text and not (layout and not text.strip()):
            out.append(esc(text))
        node = self.node
        for child in src:
            tail = child.tail
            if child.tag == _LB:
                if self._lb(child, out) and tail:
                    tail = tail.lstrip()  # the rest of a hyphenated word follows without a space
            else:
                node(child, out)
            if tail and not (layout and not tail.strip()):
                out.append(esc(tail))

    # -- dispatch -------------------------------------------------------------------------------------------
    def container(self, src: etree._Element, out: list[str]) -> None:
        name = LOCAL_NAMES[src.tag]
        if name == "list":
            tag = "ol" if src.get("rend") in ("numbered", "ordered") else "ul"
            out.append(f'<{tag} class="tei-list"{self._attrs(src)}>')
            for child in src:
                if LOCAL_NAMES[child.tag] == "item":
                    out.append(f"<li{self._attrs(child)}>")
                    self.children_blockwise(child, out)
                    out.append("</li>")
                else:
                    self.block_or_inline(child, out)
            out.append(f"</{tag}>")
            return
        if name == "table":
            rows: list[str] = []
            captions: list[str] = []
            for row in src:
                if LOCAL_NAMES[row.tag] == "row":
                    cell_tag = "th" if row.get("role") == "label" else "td"
                    rows.append("<tr>")
                    for cell in row:
                        if LOCAL_NAMES[cell.tag] == "cell":
                            rows.append(f"<{cell_tag}>")
                            self.children(cell, rows)
                            rows.append(f"</{cell_tag}>")
                    rows.append("</tr>")
                elif LOCAL_NAMES[row.tag] == "head":
                    caption = ["<caption>"]
                    self.children(row, caption)
                    caption.append("</caption>")
                    captions[:0] = caption  # each head goes first
            out.append('<table class="tei-table">')
            out += captions
            out += rows
            out.append("</table>")
            return
        out.append(f'<div class="tei-{name}"{self._attrs(src)}>')
        self.s.headings.append(None)
        try:
            self.children_blockwise(src, out)
        finally:
            self.s.headings.pop()
        out.append("</div>")

    def children_blockwise(self, src: etree._Element, out: list[str]) -> None:
        """Children of a container: blocks stay blocks; stray text and inline runs are gathered in a block."""
        run = False  # whether a div.tei-run is open
        text = src.text
        if text and text.strip():
            out.append('<div class="tei-run">')
            out.append(esc(text))
            run = True
        for child in src:
            name = LOCAL_NAMES[child.tag]
            if name in BLOCKISH or (name == "note" and self._is_block_note(child)):
                if run:
                    out.append("</div>")
                    run = False
                self.block_or_inline(child, out)
            elif name:
                if not run:
                    out.append('<div class="tei-run">')
                    run = True
                self.node(child, out)
            tail = child.tail
            if tail:
                if tail.strip():
                    if not run:
                        out.append('<div class="tei-run">')
                        run = True
                    out.append(esc(tail))
                elif run:
                    out.append(" ")  # white space between inline elements still separates words
        if run:
            out.append("</div>")

    def block_or_inline(self, src: etree._Element, out: list[str]) -> None:
        name = LOCAL_NAMES[src.tag]
        if self.s.register_lists and src in self.s.register_lists:
            return  # a list of people, places … of the back matter: it is the register, shown once, there
        if self.s.signs and src.get("rendition") and name in BLOCKS:
            start = len(out)
            out.append(f'<div class="tei-{name}">')
            if self._signed(src, out, name):
                out.append("</div>")
                return
            del out[start:]
        if name in CONTAINERS or name in ("list", "table"):
            self.container(src, out)
        elif name in HEADINGS:
            level = self._heading_level()
            anchor = f"sec-{len(self.s.contents) + 1}"
            out.append(f'<h{level} class="tei-head" id="{anchor}">')
            start = len(out)
            self.children(src, out)
            out.append(f"</h{level}>")
            shown = _NOT_IN_CONTENTS.sub("", "".join(out[start:-1]))
            self.s.contents.append((level, anchor, " ".join(_TAG.sub("", shown).split())))
        elif name == "note" and self._is_block_note(src):
            if src.get("type") == "footnote":  # in its place, as the source had it
                space = "" if "glued" in (src.get("rend") or "").split() else " "
                label = esc(f"[{src.get('n') or ''}]")
                out.append(f'<div class="tei-note footnote loose"><span class="br">{label}{space}</span>')
                self.children(src, out)
                out.append("</div>")
                return
            subtype = src.get("subtype")
            handwritten = self.s.bracket_mode and subtype == "handwritten"
            cls = f"tei-note annotation {subtype or ''}".strip()
            out.append(f"<div class{attr(cls)}>")
            before, after = self._signs(src) if self.s.signs else ("", "")
            if before:
                out.append(f'<span class="d br">{esc(before)}</span>')
            if handwritten:
                out.append('<span class="d br">[handwritten: </span>')
            if any(LOCAL_NAMES[c.tag] == "p" for c in src):
                self.children_blockwise(src, out)
            else:
                self.children(src, out)
            if handwritten:
                out.append('<span class="d br">]</span>')
            if after:
                out.append(f'<span class="d br">{esc(after)}</span>')
            out.append("</div>")
        elif name in ("p", "ab"):
            start = len(out)
            out.append("")  # the start tag, once the content says whether it can be a p
            self.children(src, out)
            if _BLOCK_START.search("".join(out[start + 1:])):
                # an HTML p cannot hold blocks (a TEI p can hold lists, tables, notes)
                out[start] = f'<div class="tei-{name} p"{self._attrs(src)}>'
                out.append("</div>")
            else:
                out[start] = f'<p class="tei-{name}"{self._attrs(src)}>'
                out.append("</p>")
        elif name in BLOCKS or name == "item":
            out.append(f'<div class="tei-{name}"{self._attrs(src)}>')
            if any(LOCAL_NAMES[c.tag] in BLOCK_CHILDREN for c in src):
                self.children_blockwise(src, out)
            else:
                self.children(src, out)
            out.append("</div>")
        else:
            self.node(src, out)

    def _heading_level(self) -> int:
        """One below the nearest enclosing division that has a heading (the page's own h2 above all)."""
        outer = next((lvl for lvl in reversed(self.s.headings[:-1]) if lvl is not None), 2)
        level = min(outer + 1, 6)
        if self.s.headings and self.s.headings[-1] is None:
            self.s.headings[-1] = level
        return self.s.headings[-1] if self.s.headings else level

    def _is_block_note(self, note: etree._Element) -> bool:
        """A note standing between blocks: teitools' annotations, and its footnotes whose call mark was lost."""
        parent = note.getparent()
        if parent is None or LOCAL_NAMES[parent.tag] not in CONTAINERS:
            return False
        return note.get("type") == "annotation" or (self.s.bracket_mode and note.get("type") == "footnote")

    @staticmethod
    def _attrs(src: etree._Element) -> str:
        """The id and lang attributes an element carries over, as markup."""
        xml_id = src.get(XML_ID)
        lang = src.get(XML_LANG)
        if xml_id is None and lang is None:
            return ""
        markup = f' id="tei-{xml_id}"' if xml_id and ID_NAME.fullmatch(xml_id) else ""
        if lang and LANG_TAG.fullmatch(lang):
            markup += f' lang="{lang}"'
        return markup

    # -- inline ---------------------------------------------------------------------------------------------
    def node(self, src: etree._Element, out: list[str]) -> None:
        name = LOCAL_NAMES[src.tag]
        if not name:
            return  # comments and processing instructions
        if self.s.signs and src.get("rendition") and self._signed(src, out, name):
            return
        if name in BLOCKISH_INLINE:
            if inline_in_context(src):
                out.append('<span class="tei-fw d">' if name == "fw" else f'<span class="tei-{name}">')
                self.children(src, out)
                out.append("</span>")
                nxt = src.getnext()
                if not (src.tail or "")[:1].isspace() and nxt is not None and LOCAL_NAMES[nxt.tag] == name:
                    out.append(" ")  # two blocks side by side in the markup are still two words apart
                return
            out.append('<span class="tei-block-in-inline">')
            self.block_or_inline(src, out)
            out.append("</span>")
            return
        spec = WRAP.get(name)
        if spec is not None:
            self._wrap(src, out, *spec)
        elif name in PLAIN_SPANS:
            out.append(f'<span class="tei-{name}">')
            self.children(src, out)
            out.append("</span>")
        elif name in NAME_TAGS:
            self._name(src, out)
        elif name in EMPTY_BY_RULE:
            self._empty(src, out, name)
        else:
            handler = SPECIAL.get(name)
            if handler is not None:
                handler(self, src, out)
            else:
                self._wrap(src, out, "span", f"tei-unknown tei-{name}")

    def _signs(self, src: etree._Element) -> tuple[str, str]:
        """The source's signs before and after an element, from the ``rendition`` elements it points to."""
        before = after = ""
        for ref in (src.get("rendition") or "").split():
            scope, sign = self.s.signs.get(ref.removeprefix("#"), ("", ""))
            if scope == "before":
                before += sign
            elif scope == "after":
                after = sign + after
        return before, after

    def _signed(self, src: etree._Element, out: list[str], name: str) -> bool:
        """An element whose ``@rendition`` says how the source wrote its signs (CSS ``::before``/``::after``
        content): the diplomatic view shows those signs instead of ours."""
        before, after = self._signs(src)
        if not (before or after):
            return False
        if name == "pb":
            out.append(f'<span class="tei-pb d br">{esc(before + after)}</span>')
            label = src.get("n")
            out.append(f'<span class="r ui">{esc(f" [page {label}] " if label else " [page] ")}</span>')
            return True
        tag, cls = {"del": ("del", "tei-del d"), "add": ("ins", "tei-add")}.get(name, ("span", f"tei-{name}"))
        out.append(f'<span class="d br">{esc(before)}</span><{tag} class="{cls}">')
        self.children(src, out)
        out.append(f'</{tag}><span class="d br">{esc(after)}</span>')
        return True

    def _wrap(self, src: etree._Element, out: list[str], tag: str, cls: str | None) -> None:
        start = f'<{tag} class="{cls}"' if cls else f"<{tag}"
        out.append(f"{start}{self._attrs(src)}>" if tag in ("i", "q") else f"{start}>")
        self.children(src, out)
        out.append(f"</{tag}>")

    def _enclose(self, src: etree._Element, out: list[str], cls: str, opening: str, closing: str) -> None:
        """Content between editorial signs that are not the document's words (class br)."""
        out.append(f'<span class{attr(cls)}><span class="br">{esc(opening)}</span>')
        self.children(src, out)
        out.append(f'<span class="br">{esc(closing)}</span></span>')

    def _hi(self, src: etree._Element, out: list[str]) -> None:
        classes = " ".join(HI_CLASSES[r] for r in re.split(r"[\s,;()]+", (src.get("rend") or "").lower())
                           if r in HI_CLASSES)
        self._wrap(src, out, {"sup": "sup", "sub": "sub"}.get(classes, "span"), f"tei-hi {classes}".strip())

    def _lb(self, src: etree._Element, out: list[str]) -> bool:
        """A line break; True when it joins the two halves of a hyphenated word."""
        if _line_structured(src):  # an address, an envelope, a closer: its lines are its layout in both views
            out.append(f"<br{self.void_end}")
            return False
        out.append(f'<br class="d"{self.void_end}')
        prev = out[-2] if len(out) > 1 else ""
        tail = (src.tail or "").lstrip()
        hyphenated = prev.rstrip()[-2:-1].isalpha() and prev.rstrip().endswith(("-", "¬", "⸗")) and (
            src.get("break") == "no" or tail[:1].islower())
        if hyphenated:  # "partio-" | "nevoli": one word in the reading view, the hyphen only in the diplomatic
            word = prev.rstrip()
            out[-2] = word[:-1]
            out.insert(len(out) - 1, f'<span class="d">{word[-1]}</span>')
            return True
        if src.get("break") != "no":
            out.append('<span class="r"> </span>')  # in the reading view a line end is a space, unless a word breaks
        return src.get("break") == "no"

    def _pb(self, src: etree._Element, out: list[str]) -> None:
        label = src.get("n") or src.get("ed")
        text = esc(f"[page {label}]" if label else "[page]")
        url = self._facsimile(src.get("facs"))
        if url and not self.s.in_link:
            name = f"facsimile of page {label}" if label else "facsimile of the page"
            out.append(f'<a href{uri_attr(url)} class="tei-pb facs ui" role="note" aria-label{attr(name)}>{text}</a>')
        else:
            out.append(f'<span role="note" class="tei-pb ui">{text}</span>')

    def _facsimile(self, facs: str | None) -> str | None:
        """The image of a page: an http(s) URL as given (an IIIF image or a file), or the graphic of the
        surface, zone or graphic ``#id`` points to."""
        if not facs:
            return None
        first = facs.split()[0]
        if first.startswith("#"):
            first = self.s.facsimiles.get(first[1:], "")
        return first if first.lower().startswith(("http://", "https://")) and _safe_href(first) else None

    def _cb(self, src: etree._Element, out: list[str]) -> None:
        label = f"[column {src.get('n') or ''}]".replace(" ]", "]")
        out.append(f'<span class="tei-cb ui">{esc(label)}</span>')

    def _supplied(self, src: etree._Element, out: list[str]) -> None:
        self._enclose(src, out, "tei-supplied", "[", "]")

    def _unclear(self, src: etree._Element, out: list[str]) -> None:
        out.append('<span title="unclear" class="tei-unclear">')
        self.children(src, out)
        if self.s.bracket_mode:
            out.append('<span class="d br"> [?]</span>')
        out.append("</span>")

    def _del(self, src: etree._Element, out: list[str]) -> None:
        out.append('<del class="tei-del d"><span class="br">⟦</span>')
        self.children(src, out)
        out.append('<span class="br">⟧</span></del>')

    def _space(self, src: etree._Element, out: list[str]) -> None:
        out.append('<span class="tei-space"> </span>')

    def _empty(self, src: etree._Element, out: list[str], name: str) -> None:
        if text_of(src).strip():  # empty by the Guidelines, but text is never dropped
            self._wrap(src, out, "span", f"tei-{name}" + (" d" if name == "metamark" else ""))
        elif name == "anchor" and self.s.bracket_mode and src.get("n"):
            label = esc(f"[{src.get('n')}]")
            out.append(f'<span class="d br">{label}</span>')

    def _ref(self, src: etree._Element, out: list[str]) -> None:
        name = LOCAL_NAMES[src.tag]
        targets = (src.get("target") or src.get("url") or "").split()
        target = targets[0] if targets else ""
        if self.s.called_notes:
            note = self.s.called_notes.get(target.removeprefix("#"))
            if note is not None:
                self._note_call(src, note, out)
                return
        href = _safe_href(target) if target else None
        if href and href.startswith("#") and href[1:] not in self.s.register_ids and \
                not text_of(src).strip():
            href = None
        if href and not self.s.in_link:
            inner: list[str] = []
            self._linked_children(src, inner)
            if not has_text(inner):
                inner = with_text(inner, target if name == "ptr" else "link")
            local = href if not href.startswith("#") else self._local_anchor(href)
            out.append(f'<a href{uri_attr(local)} class="tei-{name}">')
            out += inner
            out.append("</a>")
        else:
            out.append(f'<span class="tei-{name}">')
            start = len(out)
            self.children(src, out)
            if name == "ptr" and target and not "".join(islice(out, start, None)):
                out.append(f'<span class="br">{esc(f"[{target}]")}</span>')
            out.append("</span>")

    def _local_anchor(self, href: str) -> str:
        ident = href[1:]
        return f"#reg-{ident}" if ident in self.s.register_ids else f"#tei-{ident}"

    def _graphic(self, src: etree._Element, out: list[str]) -> None:
        url = src.get("url") or ""
        local = _safe_local_src(url)
        desc = child_at(src.getparent(), f"{T}figDesc") if src.getparent() is not None else None
        alt = " ".join(text_of(desc).split()) if desc is not None else ""
        if local:
            out.append(f'<img src{uri_attr(local)} alt{attr(alt or "image")} class="tei-graphic"{self.void_end}')
        else:
            out.append(f'<span class="tei-graphic ui">{esc(f"[image: {url}]" if url else "[image]")}</span>')

    def _name(self, src: etree._Element, out: list[str]) -> None:
        name = LOCAL_NAMES[src.tag]
        title = ' title="pseudonym"' if src.get("type") == "pseudonym" else ""
        refs = src.get("ref") or src.get("key")
        known = [r[1:] for r in refs.split() if r.startswith("#") and r[1:] in self.s.register_ids] if refs else None
        if known and text_of(src).strip() and not self.s.in_link:
            back = self.s.backrefs.setdefault(known[0], [])
            anchor = f"nm-{known[0]}-{len(back) + 1}"
            back.append(anchor)
            out.append(f'<a href{uri_attr(f"#reg-{known[0]}")} id{attr(anchor)} class="ent tei-{name}"{title}>')
            self._linked_children(src, out)
            out.append("</a>")
        else:
            out.append(f'<span class="ent tei-{name}"{title}>')
            self.children(src, out)
            out.append("</span>")

    def _linked_children(self, src: etree._Element, out: list[str]) -> None:
        self.s.in_link += 1
        try:
            self.children(src, out)
        finally:
            self.s.in_link -= 1

    def _note(self, src: etree._Element, out: list[str]) -> None:
        kind = src.get("type")
        if kind == "sic":
            return  # rendered with its sic
        if kind in INLINE_NOTE_TYPES or src.get("place") == "inline" or (kind == "annotation" and
                                                                        not self._is_block_note(src)):
            self._enclose(src, out, f"tei-note inline {kind or ''}".strip(), "[", "]")
            return
        if self.s.called_notes and src.get(XML_ID) in self.s.called_notes:
            return  # shown at the ref or ptr that calls it
        number = len(self.s.notes) + 1
        label = src.get("n") if self.s.bracket_mode and src.get("n") else str(number)
        self._add_note(src, number, label)
        parent = src.getparent()
        # a note standing between blocks has no call mark in the text: its link is page furniture
        cls = "fnref ui" if parent is not None and LOCAL_NAMES[parent.tag] in CONTAINERS else "fnref"
        self._call(out, cls, number, esc(label))

    def _add_note(self, src: etree._Element, number: int, label: str) -> None:
        content: list[str] = []
        if any(LOCAL_NAMES[c.tag] in BLOCKS or LOCAL_NAMES[c.tag] in CONTAINERS for c in src):
            self.children_blockwise(src, content)
        else:
            self.children(src, content)
        self.s.notes.append(Note(number, label, "glued" in (src.get("rend") or "").split(), content))

    def _call(self, out: list[str], cls: str, number: int, label_markup: str, first: bool = True) -> None:
        """The call mark of note ``number``; only the first call of a note is the target of its way back."""
        ident = f' id="fnref-{number}"' if first else ""
        if self.s.in_link:  # no link inside a link: the number alone, still the target of the way back
            out.append(f'<sup class="{cls}"{ident}>{label_markup}</sup>')
        else:
            out.append(f'<sup class="{cls}"><a href="#fn-{number}"{ident} '
                       f'aria-describedby="notes-heading">{label_markup}</a></sup>')

    def _note_call(self, src: etree._Element, note: etree._Element, out: list[str]) -> None:
        """A ref or ptr to a note: the call mark, with the note in the notes list (numbered at its first call)."""
        ident = note.get(XML_ID)
        inner: list[str] = []
        self.children(src, inner)
        shown = inner if has_text(inner) else None
        placed = self.s.placed_notes.get(ident)
        if placed is None:
            placed = self.s.placed_notes[ident] = len(self.s.notes) + 1
            label = src.get("n") or note.get("n") or str(placed)
            if shown is not None:
                label = _TAG.sub("", "".join(shown)).strip() or label
            self._add_note(note, placed, label)
            first = True
        else:
            first = False
        label = src.get("n") or note.get("n") or str(placed)
        self._call(out, "fnref", placed, "".join(shown) if shown is not None else esc(label), first)

    def _choice(self, src: etree._Element, out: list[str]) -> None:
        kids = {LOCAL_NAMES[c.tag]: c for c in src}
        pairs = (("sic", "corr"), ("orig", "reg"), ("abbr", "expan"))
        for dip, rea in pairs:
            if dip in kids and rea in kids:
                if dip == "sic":
                    if kids[rea].get("resp") == "#encoder" or not self.s.bracket_mode:
                        self._pair(kids[rea], kids[dip], out)
                    else:
                        self._sic(kids["sic"], out, kids["corr"])
                elif dip == "abbr" and self.s.bracket_mode:
                    out.append('<span class="r tei-expan">')
                    self.children(kids[rea], out)
                    out.append('</span><span class="d tei-abbr">')
                    self.children(kids[dip], out)
                    out.append(f'<span class="br"> [</span>{esc(text_of(kids[rea]))}'
                               '<span class="br">]</span></span>')
                else:
                    self._pair(kids[rea], kids[dip], out)
                return
        # unpaired choice: show every child, the first as the reading
        for k, child in enumerate(src):
            if LOCAL_NAMES[child.tag]:
                out.append('<span class="tei-choice-alt">' if k else '<span class="tei-choice">')
                self.children(child, out)
                out.append("</span>")

    def _pair(self, reading: etree._Element, diplomatic: etree._Element, out: list[str]) -> None:
        out.append(f'<span class="r tei-{LOCAL_NAMES[reading.tag]}">')
        self.children(reading, out)
        out.append(f'</span><span class="d tei-{LOCAL_NAMES[diplomatic.tag]}">')
        self.children(diplomatic, out)
        out.append("</span>")

    def _sic(self, src: etree._Element, out: list[str], corr: etree._Element | None) -> None:
        out.append('<span class="tei-sic">')
        self.children(src, out)
        out.append("</span>")
        if not self.s.bracket_mode:
            return
        rend = (src.get("rend") or "").split()
        word = ("SIC" if "upper" in rend else "sic") + ("!" if "excl" in rend else "")
        space = "" if "nospace" in rend or not text_of(src) else " "
        inner = word
        if corr is not None:
            inner += ": " + text_of(corr)
        nxt = src.getnext()
        if corr is None and nxt is not None and LOCAL_NAMES[nxt.tag] == "note" and nxt.get("type") == "sic":
            inner += ", " + text_of(nxt)
        out.append(f'<span class="d br">{esc(f"{space}[{inner}]")}</span>')

    def _gap(self, src: etree._Element, out: list[str]) -> None:
        reason = src.get("reason")
        desc = child_at(src, f"{T}desc")
        desc_text = " ".join(text_of(desc).split()) if desc is not None else ""
        if reason == "obfuscated":
            m = re.search(r'shows "(.*)"', desc_text)
            shown = m.group(1) if m else "[e-mail address hidden]"
            out.append(f'<span class="tei-gap-shown">{esc(shown)}</span>')  # the source's own characters
            return
        if desc_text:
            text = f"[{desc_text}]"
        elif reason == "illegible":
            q, unit = src.get("quantity"), src.get("unit")
            text = f"[{q} {unit} illegible]" if q and unit else "[illegible]"
        elif reason == "signature":
            text = "[signature]"
        elif reason == "excised":
            text = "[excised]"
        else:
            rend = (src.get("rend") or "").split()
            if "ellipsis" in rend:
                text = "[ …]" if "spaced" in rend else "[…]"
            elif "dots" in rend or "spaced" in rend:
                text = "[. . .]"
            else:
                text = "[...]" if self.s.bracket_mode else "[…]"
        if not (self.s.bracket_mode or reason in ("illegible", "signature", "excised") or desc_text):
            text = "[…]"
        out.append(f'<span class="tei-gap br">{esc(text)}</span>')

    def _add(self, src: etree._Element, out: list[str]) -> None:
        if self.s.bracket_mode and src.get("hand"):
            if src.get("rend") == "marker":
                out.append('<span class="d br">[handwritten]</span>')
                return
            out.append('<span class="d br">[handwritten: </span><ins class="tei-add">')
            self.children(src, out)
            out.append('</ins><span class="d br">]</span>')
            return
        out.append('<span class="d br">⟨</span><ins class="tei-add">')
        self.children(src, out)
        out.append('</ins><span class="d br">⟩</span>')

    def _stamp(self, src: etree._Element, out: list[str]) -> None:
        labelled = child_at(src, f"{T}label") is not None
        self._enclose(src, out, "tei-stamp", "[" if labelled else "[stamp: ", "]")

    def _app(self, src: etree._Element, out: list[str]) -> None:
        """The lemma (or the first reading) in the text; the other readings, with their witnesses, in the
        numbered apparatus after the notes, linked both ways."""
        lem = child_at(src, f"{T}lem")
        rdgs = [r for r in src if LOCAL_NAMES[r.tag] in ("rdg", "rdgGrp")]
        main = lem if lem is not None else (rdgs.pop(0) if rdgs else None)
        if main is not None:
            out.append('<span class="tei-lem">')
            self.children(main, out)
            out.append("</span>")
        entry: list[str] = []
        for r in rdgs:
            if entry:
                out_sep = '<span class="br">; </span>'
                entry.append(out_sep)
            entry.append('<span class="tei-rdg">')
            self.children(r, entry)
            entry.append("</span>")
            sigla = _sigla(r)
            if sigla:
                entry.append(f' <span class="wit">{esc(sigla)}</span>')
        about = ", ".join(x for x in (_sigla(main) if main is not None else "",
                                      f"loc. {src.get('loc')}" if src.get("loc") else "",
                                      f"cert. {src.get('cert')}" if src.get("cert") else "") if x)
        if not entry and not about:
            return
        number = len(self.s.apparatus) + 1
        label = _letters(number)
        lemma = [esc(" ".join(text_of(main).split()))] if main is not None else []
        markup = [*lemma, f' <span class="wit">{esc(about)}</span>' if about else "",
                  '<span class="br">] </span>' if lemma and entry else "", *entry]
        self.s.apparatus.append((number, label, markup))
        if self.s.in_link:
            out.append(f'<sup class="appref" id="appref-{number}">{label}</sup>')
        else:
            out.append(f'<sup class="appref"><a href="#app-{number}" id="appref-{number}" '
                       f'aria-describedby="apparatus-heading">{label}</a></sup>')


# TEI elements that become one HTML element around their content: name → (tag, class)
WRAP = {"emph": ("em", None), "foreign": ("i", "tei-foreign"), "term": ("span", "tei-term"),
        "title": ("cite", "tei-title"), "q": ("q", "tei-q"), "said": ("q", "tei-said"), "quote": ("q", "tei-quote")}
PLAIN_SPANS = {
    "corr", "reg", "expan", "orig", "abbr", "lem", "rdg", "item", "subst", "damage", "c", "g", "w", "pc", "date",
    "time", "num", "measure", "roleName", "forename", "surname", "addName", "genName", "nameLink", "idno", "lang",
    "sex", "occupation", "birth", "death", "geo", "location", "residence", "affiliation", "state", "trait", "age",
    "education", "faith", "nationality", "eventName", "desc", "span", "mentioned", "soCalled", "gloss", "distinct",
    "s", "phr", "cl", "m", "street", "postCode", "postBox", "district", "bloc", "offset", "author", "editor",
    "publisher", "pubPlace", "biblScope", "citedRange", "edition", "extent", "series", "respStmt", "resp", "email",
    "role", "actor"}
EMPTY_BY_RULE = {"handShift", "anchor", "milestone", "metamark", "certainty", "precision", "index", "alt", "link",
                 "join", "fs", "witDetail", "respons"}
SPECIAL = {"hi": BodyRenderer._hi, "lb": BodyRenderer._lb, "pb": BodyRenderer._pb, "cb": BodyRenderer._cb,
           "ref": BodyRenderer._ref, "ptr": BodyRenderer._ref, "graphic": BodyRenderer._graphic,
           "note": BodyRenderer._note, "choice": BodyRenderer._choice,
           "sic": lambda self, src, out: self._sic(src, out, None), "supplied": BodyRenderer._supplied,
           "gap": BodyRenderer._gap, "unclear": BodyRenderer._unclear, "add": BodyRenderer._add,
           "del": BodyRenderer._del, "space": BodyRenderer._space, "stamp": BodyRenderer._stamp,
           "app": BodyRenderer._app}


# what a heading shows that its entry in the table of contents does not: page marks, note and variant calls
_NOT_IN_CONTENTS = re.compile(r'<(span|a|sup)\b[^>]*class="(?:tei-pb|fnref|appref)[^"]*"[^>]*>.*?</\1>', re.DOTALL)
_CSS_CONTENT = re.compile(r'^\s*content\s*:\s*"(?P<s>(?:[^"\\]|\\.)*)"\s*;?\s*$', re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\(?:(?P<hex>[0-9a-fA-F]{1,6}) ?|(?P<ch>.))", re.DOTALL)


REGISTER_LISTS = {"listPerson", "listPlace", "listOrg", "listEvent", "listBibl", "listNym", "listRelation",
                  "listObject"}


def register_lists(root: etree._Element) -> set[etree._Element]:
    """The lists of the back matter that the register shows: not printed again as the letter's text."""
    back = [b for t in root.iterfind(f"{T}text") for b in t.iterfind(f"{T}back")]
    found = set()
    for b in back:
        for el in b.iter():
            if not isinstance(el.tag, str) or LOCAL_NAMES[el.tag] not in REGISTER_LISTS:
                continue
            parent = el.getparent()
            items = [c for c in el if isinstance(c.tag, str) and LOCAL_NAMES[c.tag] not in ("head", "desc")]
            # only a list whose every entry is a register entry (has an id): nothing of it is lost
            if LOCAL_NAMES[parent.tag] not in REGISTER_LISTS and items and all(c.get(XML_ID) for c in items):
                found.add(el)
    return found


LINE_BLOCKS = {"address", "addrLine", "opener", "closer", "dateline", "signed", "salute", "byline", "fw",
               "docImprint", "titlePart", "docTitle", "castItem"}
_LAYOUT_WORDS = re.compile(r"envelope|address|letterhead|umschlag|adresse|sobre|busta|enveloppe", re.IGNORECASE)


def _line_structured(lb: etree._Element) -> bool:
    """Whether a line break stands in a block whose lines are its layout: an address, a closer, an envelope."""
    el = lb.getparent()
    while el is not None:
        name = LOCAL_NAMES[el.tag]
        if name in LINE_BLOCKS:
            return True
        if name in ("p", "ab", "seg", "div", "div1", "div2", "note"):
            kind = " ".join(filter(None, (el.get("type"), el.get("rend"), el.get("subtype"))))
            if kind and _LAYOUT_WORDS.search(kind):
                return True
            if name != "seg":
                return False
        el = el.getparent()
    return False


def _sigla(el: etree._Element) -> str:
    """The witnesses (and the source) of a reading, as their sigla: ``#A #B`` → "A B"."""
    return " ".join(w.removeprefix("#") for a in ("wit", "source") for w in (el.get(a) or "").split())


def _letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa: apparatus calls, told apart from note numbers."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(97 + rest) + out
    return out


def facsimiles(root: etree._Element) -> dict[str, str]:
    """Each surface, zone or graphic of ``facsimile`` that has an id → the URL of its (first) graphic."""
    out: dict[str, str] = {}
    for fac in root.iterfind(f"{T}facsimile"):
        for el in fac.iter(f"{T}surface", f"{T}zone", f"{T}graphic", f"{T}surfaceGrp"):
            ident = el.get(XML_ID)
            if not ident:
                continue
            graphic = el if LOCAL_NAMES[el.tag] == "graphic" else next(el.iter(f"{T}graphic"), None)
            if graphic is not None and graphic.get("url"):
                out[ident] = graphic.get("url").strip()
    return out


def called_notes(root: etree._Element) -> dict[str, etree._Element]:
    """The notes that a ref or ptr of the text points to (``#id``, or the bare id when it names a note)."""
    targets = {t.removeprefix("#") for el in root.iter(f"{T}ref", f"{T}ptr") for t in (el.get("target") or "").split()
               if t.startswith("#") or ":" not in t and "/" not in t and "." not in t}
    if not targets:
        return {}
    return {n.get(XML_ID): n for n in root.iter(f"{T}note") if n.get(XML_ID) in targets}


def source_signs(root: etree._Element) -> dict[str, tuple[str, str]]:
    """The ``rendition`` elements of ``tagsDecl`` that give literal CSS ``::before``/``::after`` content."""
    signs: dict[str, tuple[str, str]] = {}
    for r in root.iterfind(f"{T}teiHeader/{T}encodingDesc/{T}tagsDecl/{T}rendition"):
        m = _CSS_CONTENT.match(r.text or "")
        if r.get("scope") in ("before", "after") and r.get(XML_ID) and m:
            text = _CSS_ESCAPE.sub(lambda e: chr(int(e.group("hex"), 16)) if e.group("hex") else e.group("ch"),
                                   m.group("s"))
            signs[r.get(XML_ID)] = (r.get("scope"), text)
    return signs


@functools.cache
def css() -> str:
    return resources.files("teitools").joinpath("data/page.css").read_text(encoding="utf-8")
