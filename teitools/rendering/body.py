"""TEI elements → the view's nodes (``view.py``): the rule for every element, in one place for every writer.

Both views are computed at once: content that differs is marked reading only or
diplomatic only (``Node.show``), and the signs an editor adds (brackets, gap
markers, note labels) are marked as signs, so that a writer can show one view
or both. Nothing is dropped silently: an unknown element keeps its text in a
node of kind ``unknown``. The rules are in the README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from teitools.rendering.view import DIPLOMATIC, READING, SIGN, UI, Heading, Node, Note, Variant, plain, shows_text
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
# elements laid out as blocks between blocks
BLOCKISH = CONTAINERS | BLOCKS | HEADINGS | {"list", "table", "item"}
BLOCKISH_INLINE = CONTAINERS | BLOCKS | HEADINGS | {"list", "table"}
LAYOUT = {"subst", "choice", "app"}  # white space between their children is markup layout, not a word break
ID_NAME = re.compile(r"[\w.:-]+")  # an xml:id that can stand in an HTML id and a #fragment
LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")  # an xml:lang that can stand in an HTML lang


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
class PageState:
    bracket_mode: bool  # a teitools conversion: restore the source's square brackets in the diplomatic view
    register_ids: set[str]
    notes: list[Note] = field(default_factory=list)
    headings: list[int | None] = field(default_factory=list)  # heading level emitted in each open division
    in_link: int = 0  # depth of open links: a link inside a link is not one
    signs: dict[str, tuple[str, str]] = field(default_factory=dict)  # rendition id → (scope, the source's sign)
    called_notes: dict[str, etree._Element] = field(default_factory=dict)  # notes a ref/ptr points to, by id
    placed_notes: dict[str, int] = field(default_factory=dict)  # of those, the number each was given at its call
    register_lists: bool = False  # the back's lists of entries are shown only as the register (it has entries)
    backrefs: dict[str, list[str]] = field(default_factory=dict)  # register id → ids of the names that link to it
    facsimiles: dict[str, str] = field(default_factory=dict)  # surface, zone or graphic id → its image URL
    apparatus: list[Variant] = field(default_factory=list)
    contents: list[Heading] = field(default_factory=list)  # each heading of the text
    embedded: int = 0  # blocks made inside inline content so far: whether a paragraph holds one


def _ids(src: etree._Element) -> dict | None:
    """The id and language an element carries over into the view."""
    xml_id = src.get(XML_ID)
    lang = src.get(XML_LANG)
    if xml_id is None and lang is None:
        return None
    props = {}
    if xml_id and ID_NAME.fullmatch(xml_id):
        props["id"] = f"tei-{xml_id}"
    if lang and LANG_TAG.fullmatch(lang):
        props["lang"] = lang
    return props or None


class BodyBuilder:
    """TEI elements → view nodes appended to a list (``out``), in document order."""

    def __init__(self, state: PageState) -> None:
        self.s = state
        self._made: dict[tuple[str, str, str], Node] = {}

    def _sign(self, text: str, show: str = "", role: str = SIGN) -> Node:
        """An editorial sign (a bracket, a gap's marker): not the document's words. Made once for a page and
        shared (nodes are never changed once made): a long text holds hundreds of thousands."""
        key = (text, show, role)
        node = self._made.get(key)
        if node is None:
            node = self._made[key] = Node("span", children=[text], show=show, role=role)
        return node

    def children(self, src: etree._Element, out: list) -> None:
        layout = LOCAL_NAMES[src.tag] in LAYOUT
        text = src.text
        if text and not (layout and not text.strip()):
            out.append(text)
        node = self.node
        for child in src:
            tail = child.tail
            if child.tag == _LB:
                if self._lb(child, out) and tail:
                    tail = tail.lstrip()  # the rest of a hyphenated word follows without a space
            else:
                node(child, out)
            if tail and not (layout and not tail.strip()):
                out.append(tail)

    # -- dispatch -------------------------------------------------------------------------------------------
    def container(self, src: etree._Element, out: list) -> None:
        name = LOCAL_NAMES[src.tag]
        if name == "list":
            items: list = []
            for child in src:
                if LOCAL_NAMES[child.tag] == "item":
                    content: list = []
                    self.children_blockwise(child, content)
                    items.append(Node("item", "item", content, props=_ids(child)))
                else:
                    self.block_or_inline(child, items)
            props = _ids(src) or {}
            props["ordered"] = src.get("rend") in ("numbered", "ordered")
            out.append(Node("list", "list", items, props=props))
            return
        if name == "table":
            rows: list = []
            captions: list = []
            for row in src:
                if LOCAL_NAMES[row.tag] == "row":
                    header = row.get("role") == "label"
                    cells = []
                    for cell in row:
                        if LOCAL_NAMES[cell.tag] == "cell":
                            content = []
                            self.children(cell, content)
                            cells.append(Node("cell", "cell", content, props={"header": True} if header else None))
                    rows.append(Node("row", "row", cells))
                elif LOCAL_NAMES[row.tag] == "head":
                    caption: list = []
                    self.children(row, caption)
                    captions.insert(0, Node("caption", "head", caption))  # each head goes first
            out.append(Node("table", "table", captions + rows))
            return
        content = []
        self.s.headings.append(None)
        try:
            self.children_blockwise(src, content)
        finally:
            self.s.headings.pop()
        out.append(Node("section", name, content, props=_ids(src)))

    def section_start(self, src: etree._Element) -> Node:
        """A container opened before its content is made (a streamed document): its section, without content;
        ``section_end`` closes it."""
        self.s.headings.append(None)
        return Node("section", LOCAL_NAMES[src.tag], props=_ids(src))

    def section_end(self) -> None:
        self.s.headings.pop()

    def children_blockwise(self, src: etree._Element, out: list) -> None:
        """Children of a container: blocks stay blocks; stray text and inline runs are gathered in a block."""
        run = self.blockwise_text(src.text, out)
        for child in src:
            run = self.blockwise_child(child, out, run)

    # a container's content one step at a time (``run``: the open run's content, or None), so that a streamed
    # document can hand its containers' children over as the parser finishes them
    def blockwise_text(self, text: str | None, out: list) -> list | None:
        if text and text.strip():
            run = [text]
            out.append(Node("run", children=run))
            return run
        return None

    def blockwise_child(self, child: etree._Element, out: list, run: list | None) -> list | None:
        name = LOCAL_NAMES[child.tag]
        if name in BLOCKISH or (name == "note" and self._is_block_note(child)):
            run = None
            self.block_or_inline(child, out)
        elif name:
            if run is None:
                run = []
                out.append(Node("run", children=run))
            self.node(child, run)
        return self.blockwise_tail(child.tail, out, run)

    def blockwise_tail(self, tail: str | None, out: list, run: list | None) -> list | None:
        if tail:
            if tail.strip():
                if run is None:
                    run = []
                    out.append(Node("run", children=run))
                run.append(tail)
            elif run is not None:
                run.append(" ")  # white space between inline elements still separates words
        return run


    def block_or_inline(self, src: etree._Element, out: list) -> None:
        name = LOCAL_NAMES[src.tag]
        if self.s.register_lists and name in REGISTER_LISTS and is_register_list(src):
            return  # a list of people, places … of the back matter: it is the register, shown once, there
        if self.s.signs and src.get("rendition") and name in BLOCKS:
            content: list = []
            if self._signed(src, content, name):
                out.append(Node("block", name, content))
                return
        if name in CONTAINERS or name in ("list", "table"):
            self.container(src, out)
        elif name in HEADINGS:
            level = self._heading_level()
            anchor = f"sec-{len(self.s.contents) + 1}"
            content = []
            self.children(src, content)
            out.append(Node("heading", "head", content, props={"level": level, "anchor": anchor}))
            self.s.contents.append(Heading(level, anchor, " ".join(plain(_without_marks(content)).split())))
        elif name == "note" and self._is_block_note(src):
            if src.get("type") == "footnote":  # in its place, as the source had it
                space = "" if "glued" in (src.get("rend") or "").split() else " "
                content = [self._sign(f"[{src.get('n') or ''}]{space}")]
                self.children(src, content)
                out.append(Node("block", "note", content, style=("footnote", "loose")))
                return
            subtype = src.get("subtype")
            handwritten = self.s.bracket_mode and subtype == "handwritten"
            content = []
            before, after = self._signs(src) if self.s.signs else ("", "")
            if before:
                content.append(self._sign(before, DIPLOMATIC))
            if handwritten:
                content.append(self._sign("[handwritten: ", DIPLOMATIC))
            if any(LOCAL_NAMES[c.tag] == "p" for c in src):
                self.children_blockwise(src, content)
            else:
                self.children(src, content)
            if handwritten:
                content.append(self._sign("]", DIPLOMATIC))
            if after:
                content.append(self._sign(after, DIPLOMATIC))
            out.append(Node("block", "note", content, style=("annotation", subtype) if subtype else ("annotation",)))
        elif name in ("p", "ab"):
            content = []
            before = self.s.embedded
            self.children(src, content)
            props = _ids(src)
            if self.s.embedded != before:  # a TEI p can hold lists, tables, notes; most formats' cannot
                props = {**(props or {}), "blocks": True}
            out.append(Node("para", name, content, props=props))
        elif name in BLOCKS or name == "item":
            content = []
            if any(LOCAL_NAMES[c.tag] in BLOCK_CHILDREN for c in src):
                self.children_blockwise(src, content)
            else:
                self.children(src, content)
            out.append(Node("block", name, content, props=_ids(src)))
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

    # -- inline ---------------------------------------------------------------------------------------------
    def node(self, src: etree._Element, out: list) -> None:
        name = LOCAL_NAMES[src.tag]
        if not name:
            return  # comments and processing instructions
        if self.s.signs and src.get("rendition") and self._signed(src, out, name):
            return
        if name in BLOCKISH_INLINE:
            if inline_in_context(src):
                content: list = []
                self.children(src, content)
                out.append(Node("span", name, content, show=DIPLOMATIC if name == "fw" else ""))
                nxt = src.getnext()
                if not (src.tail or "")[:1].isspace() and nxt is not None and LOCAL_NAMES[nxt.tag] == name:
                    out.append(" ")  # two blocks side by side in the markup are still two words apart
                return
            content = []
            self.block_or_inline(src, content)
            if content:
                self.s.embedded += 1
            out.append(Node("embedded", name, content))
            return
        kind = WRAP.get(name)
        if kind is not None:
            content = []
            self.children(src, content)
            out.append(Node(kind, name, content, props=_ids(src) if kind in ("quote", "foreign") else None))
        elif name in PLAIN_SPANS:
            content = []
            self.children(src, content)
            out.append(Node("span", name, content))
        elif name in NAME_TAGS:
            self._name(src, out)
        elif name in EMPTY_BY_RULE:
            self._empty(src, out, name)
        else:
            handler = SPECIAL.get(name)
            if handler is not None:
                handler(self, src, out)
            else:
                content = []
                self.children(src, content)
                out.append(Node("unknown", name, content))

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

    def _signed(self, src: etree._Element, out: list, name: str) -> bool:
        """An element whose ``@rendition`` says how the source wrote its signs (CSS ``::before``/``::after``
        content): the diplomatic view shows those signs instead of ours."""
        before, after = self._signs(src)
        if not (before or after):
            return False
        if name == "pb":
            out.append(Node("span", "pb", [before + after], show=DIPLOMATIC, role=SIGN))
            label = src.get("n")
            out.append(Node("span", "", [f" [page {label}] " if label else " [page] "], show=READING, role=UI))
            return True
        content: list = []
        self.children(src, content)
        kind = {"del": "del", "add": "ins"}.get(name, "span")
        out += [self._sign(before, DIPLOMATIC), Node(kind, name, content, show=DIPLOMATIC if kind == "del" else ""),
                self._sign(after, DIPLOMATIC)]
        return True

    def _enclose(self, src: etree._Element, out: list, name: str, style: tuple[str, ...], opening: str,
                 closing: str) -> None:
        """Content between editorial signs that are not the document's words."""
        content: list = [self._sign(opening)]
        self.children(src, content)
        content.append(self._sign(closing))
        out.append(Node("span", name, content, style=style))

    def _hi(self, src: etree._Element, out: list) -> None:
        style = tuple(HI_CLASSES[r] for r in re.split(r"[\s,;()]+", (src.get("rend") or "").lower())
                      if r in HI_CLASSES)
        content: list = []
        self.children(src, content)
        out.append(Node("hi", "hi", content, style=style))

    def _lb(self, src: etree._Element, out: list) -> bool:
        """A line break; True when it joins the two halves of a hyphenated word."""
        if _line_structured(src):  # an address, an envelope, a closer: its lines are its layout in both views
            out.append(Node("break", "lb"))
            return False
        out.append(Node("break", "lb", show=DIPLOMATIC))
        prev = out[-2] if len(out) > 1 else ""
        if isinstance(prev, str):
            word = prev.rstrip()
            tail = (src.tail or "").lstrip()
            if word[-2:-1].isalpha() and word.endswith(("-", "¬", "⸗")) and (
                    src.get("break") == "no" or tail[:1].islower()):
                # "partio-" | "nevoli": one word in the reading view, the hyphen only in the diplomatic
                out[-2] = word[:-1]
                out.insert(len(out) - 1, Node("span", children=[word[-1]], show=DIPLOMATIC))
                return True
        if src.get("break") != "no":
            out.append(self._sign(" ", READING, ""))  # in the reading view a line end is a space
        return src.get("break") == "no"

    def _pb(self, src: etree._Element, out: list) -> None:
        label = src.get("n") or src.get("ed")
        url = self._facsimile(src.get("facs"))
        out.append(Node("page", "pb", [f"[page {label}]" if label else "[page]"], role=UI,
                        props={"label": label, "href": url if url and not self.s.in_link else None}))

    def _facsimile(self, facs: str | None) -> str | None:
        """The image of a page: an http(s) URL as given (an IIIF image or a file), or the graphic of the
        surface, zone or graphic ``#id`` points to."""
        if not facs:
            return None
        first = facs.split()[0]
        if first.startswith("#"):
            first = self.s.facsimiles.get(first[1:], "")
        return first if first.lower().startswith(("http://", "https://")) and _safe_href(first) else None

    def _cb(self, src: etree._Element, out: list) -> None:
        out.append(Node("span", "cb", [f"[column {src.get('n') or ''}]".replace(" ]", "]")], role=UI))

    def _supplied(self, src: etree._Element, out: list) -> None:
        self._enclose(src, out, "supplied", (), "[", "?]" if src.get("cert") == "low" else "]")  # Leiden: [word?]

    def _unclear(self, src: etree._Element, out: list) -> None:
        content: list = []
        self.children(src, content)
        if self.s.bracket_mode:
            content.append(self._sign(" [?]", DIPLOMATIC))
        out.append(Node("span", "unclear", content, props={"title": "unclear"}))

    def _del(self, src: etree._Element, out: list) -> None:
        content: list = [self._sign("⟦")]
        self.children(src, content)
        content.append(self._sign("⟧"))
        out.append(Node("del", "del", content, show=DIPLOMATIC))

    def _space(self, src: etree._Element, out: list) -> None:
        out.append(Node("span", "space", [" "]))

    def _empty(self, src: etree._Element, out: list, name: str) -> None:
        if text_of(src).strip():  # empty by the Guidelines, but text is never dropped
            content: list = []
            self.children(src, content)
            out.append(Node("span", name, content, show=DIPLOMATIC if name == "metamark" else ""))
        elif name == "anchor" and self.s.bracket_mode and src.get("n"):
            out.append(self._sign(f"[{src.get('n')}]", DIPLOMATIC))

    def _ref(self, src: etree._Element, out: list) -> None:
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
            inner: list = []
            self._linked_children(src, inner)
            if not shows_text(inner):
                inner = with_text(inner, target if name == "ptr" else "link")
            props = {"href": href} if not href.startswith("#") else {"target": self._local_anchor(href)}
            out.append(Node("link", name, inner, props=props))
        else:
            content: list = []
            self.children(src, content)
            if name == "ptr" and target and not content:
                content.append(self._sign(f"[{target}]"))
            out.append(Node("span", name, content))

    def _local_anchor(self, href: str) -> str:
        ident = href[1:]
        return f"reg-{ident}" if ident in self.s.register_ids else f"tei-{ident}"

    def _graphic(self, src: etree._Element, out: list) -> None:
        url = src.get("url") or ""
        local = _safe_local_src(url)
        desc = child_at(src.getparent(), f"{T}figDesc") if src.getparent() is not None else None
        alt = " ".join(text_of(desc).split()) if desc is not None else ""
        if local:
            out.append(Node("image", "graphic", props={"src": local, "alt": alt or "image"}))
        else:
            out.append(Node("span", "graphic", [f"[image: {url}]" if url else "[image]"], role=UI))

    def _name(self, src: etree._Element, out: list) -> None:
        name = LOCAL_NAMES[src.tag]
        props = {"title": "pseudonym"} if src.get("type") == "pseudonym" else {}
        refs = src.get("ref") or src.get("key")
        known = [r[1:] for r in refs.split() if r.startswith("#") and r[1:] in self.s.register_ids] if refs else None
        content: list = []
        if known and text_of(src).strip() and not self.s.in_link:
            back = self.s.backrefs.setdefault(known[0], [])
            anchor = f"nm-{known[0]}-{len(back) + 1}"
            back.append(anchor)
            props["target"] = f"reg-{known[0]}"
            props["anchor"] = anchor
            self._linked_children(src, content)
        else:
            self.children(src, content)
        out.append(Node("name", name, content, props=props or None))

    def _linked_children(self, src: etree._Element, out: list) -> None:
        self.s.in_link += 1
        try:
            self.children(src, out)
        finally:
            self.s.in_link -= 1

    def _note(self, src: etree._Element, out: list) -> None:
        kind = src.get("type")
        if kind == "sic":
            return  # rendered with its sic
        if kind in INLINE_NOTE_TYPES or src.get("place") == "inline" or (kind == "annotation" and
                                                                        not self._is_block_note(src)):
            self._enclose(src, out, "note", ("inline", kind) if kind else ("inline",), "[", "]")
            return
        if self.s.called_notes and src.get(XML_ID) in self.s.called_notes:
            return  # shown at the ref or ptr that calls it
        number = len(self.s.notes) + 1
        label = src.get("n") if self.s.bracket_mode and src.get("n") else str(number)
        self._add_note(src, number, label)
        parent = src.getparent()
        # a note standing between blocks has no call mark in the text: its link is page furniture
        between = parent is not None and LOCAL_NAMES[parent.tag] in CONTAINERS
        self._call(out, number, [label], between)

    def _add_note(self, src: etree._Element, number: int, label: str) -> None:
        content: list = []
        # listed before its content is made: a note inside it comes after it, with the next number
        self.s.notes.append(Note(number, label, "glued" in (src.get("rend") or "").split(), content))
        if any(LOCAL_NAMES[c.tag] in BLOCKS or LOCAL_NAMES[c.tag] in CONTAINERS for c in src):
            self.children_blockwise(src, content)
        else:
            self.children(src, content)

    def _call(self, out: list, number: int, label: list, between: bool = False, first: bool = True) -> None:
        """The call mark of note ``number``; only the first call of a note is the target of its way back."""
        out.append(Node("call", "note", label, role=UI if between else "",
                        props={"number": number, "first": first, "linked": not self.s.in_link}))

    def _note_call(self, src: etree._Element, note: etree._Element, out: list) -> None:
        """A ref or ptr to a note: the call mark, with the note in the notes list (numbered at its first call)."""
        ident = note.get(XML_ID)
        inner: list = []
        self.children(src, inner)
        shown = inner if shows_text(inner) else None
        placed = self.s.placed_notes.get(ident)
        if placed is None:
            placed = self.s.placed_notes[ident] = len(self.s.notes) + 1
            label = src.get("n") or note.get("n") or str(placed)
            if shown is not None:
                label = plain(shown).strip() or label
            self._add_note(note, placed, label)
            first = True
        else:
            first = False
        label = src.get("n") or note.get("n") or str(placed)
        self._call(out, placed, shown if shown is not None else [label], first=first)

    def _choice(self, src: etree._Element, out: list) -> None:
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
                    reading: list = []
                    self.children(kids[rea], reading)
                    diplomatic: list = []
                    self.children(kids[dip], diplomatic)
                    diplomatic += [self._sign(" ["), text_of(kids[rea]), self._sign("]")]
                    out += [Node("span", "expan", reading, show=READING),
                            Node("span", "abbr", diplomatic, show=DIPLOMATIC)]
                else:
                    self._pair(kids[rea], kids[dip], out)
                return
        # unpaired choice: show every child, the first as the reading
        for k, child in enumerate(src):
            if LOCAL_NAMES[child.tag]:
                content: list = []
                self.children(child, content)
                out.append(Node("span", "choice", content, style=("alt",) if k else ()))

    def _pair(self, reading: etree._Element, diplomatic: etree._Element, out: list) -> None:
        shown: list = []
        self.children(reading, shown)
        kept: list = []
        self.children(diplomatic, kept)
        out += [Node("span", LOCAL_NAMES[reading.tag], shown, show=READING),
                Node("span", LOCAL_NAMES[diplomatic.tag], kept, show=DIPLOMATIC)]

    def _sic(self, src: etree._Element, out: list, corr: etree._Element | None) -> None:
        content: list = []
        self.children(src, content)
        out.append(Node("span", "sic", content))
        if not self.s.bracket_mode:
            return
        rend = (src.get("rend") or "").split()
        word = ("" if "noword" in rend else "SIC" if "upper" in rend else "sic") + ("!" if "excl" in rend else "")
        space = "" if "nospace" in rend or not text_of(src) else " "
        inner = word
        if corr is not None:
            inner += ": " + text_of(corr)
        nxt = src.getnext()
        if corr is None and nxt is not None and LOCAL_NAMES[nxt.tag] == "note" and nxt.get("type") == "sic":
            inner += ", " + text_of(nxt)
        out.append(self._sign(f"{space}[{inner}]", DIPLOMATIC))

    def _gap(self, src: etree._Element, out: list) -> None:
        reason = src.get("reason")
        desc = child_at(src, f"{T}desc")
        desc_text = " ".join(text_of(desc).split()) if desc is not None else ""
        if reason == "obfuscated":
            m = re.search(r'shows "(.*)"', desc_text)
            shown = m.group(1) if m else "[e-mail address hidden]"
            out.append(Node("span", "gap", [shown], style=("shown",)))  # the source's own characters
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
        out.append(Node("span", "gap", [text], role=SIGN))

    def _add(self, src: etree._Element, out: list) -> None:
        if self.s.bracket_mode and src.get("hand"):
            if src.get("rend") == "marker":
                out.append(self._sign("[handwritten]", DIPLOMATIC))
                return
            opening, closing = "[handwritten: ", "]"
        else:
            opening, closing = "⟨", "⟩"
        content: list = []
        self.children(src, content)
        out += [self._sign(opening, DIPLOMATIC), Node("ins", "add", content), self._sign(closing, DIPLOMATIC)]

    def _stamp(self, src: etree._Element, out: list) -> None:
        labelled = child_at(src, f"{T}label") is not None
        self._enclose(src, out, "stamp", (), "[" if labelled else "[stamp: ", "]")

    def _app(self, src: etree._Element, out: list) -> None:
        """The lemma (or the first reading) in the text; the other readings, with their witnesses, in the
        numbered apparatus after the notes, linked both ways."""
        lem = child_at(src, f"{T}lem")
        rdgs = [r for r in src if LOCAL_NAMES[r.tag] in ("rdg", "rdgGrp")]
        main = lem if lem is not None else (rdgs.pop(0) if rdgs else None)
        if main is not None:
            content: list = []
            self.children(main, content)
            out.append(Node("span", "lem", content))
        entry: list = []
        for r in rdgs:
            if entry:
                entry.append(self._sign("; "))
            reading: list = []
            self.children(r, reading)
            entry.append(Node("span", "rdg", reading))
            sigla = _sigla(r)
            if sigla:
                entry += [" ", Node("sigla", children=[sigla])]
        about = ", ".join(x for x in (_sigla(main) if main is not None else "",
                                      f"loc. {src.get('loc')}" if src.get("loc") else "",
                                      f"cert. {src.get('cert')}" if src.get("cert") else "") if x)
        if not entry and not about:
            return
        number = len(self.s.apparatus) + 1
        label = _letters(number)
        lemma: list = [" ".join(text_of(main).split())] if main is not None else []
        if about:
            lemma += [" ", Node("sigla", children=[about])]
        if lemma and entry:
            lemma.append(self._sign("] "))
        self.s.apparatus.append(Variant(number, label, lemma + entry))
        out.append(Node("appcall", "app", [label], props={"number": number, "linked": not self.s.in_link}))


def with_text(content: list, text: str) -> list:
    """``content`` with its leading text (before the first node) replaced by ``text``."""
    first = next((k for k, item in enumerate(content) if not isinstance(item, str)), len(content))
    return [text, *content[first:]]


def _without_marks(content: list) -> list:
    """What a heading shows that its entry in the table of contents does too: not its page marks, note and
    variant calls."""
    out: list = []
    for item in content:
        if isinstance(item, str):
            out.append(item)
        elif item.kind not in ("page", "call", "appcall") and not (item.tei == "pb" and item.role == SIGN):
            out.append(Node(item.kind, item.tei, _without_marks(item.children)))
    return out


# TEI elements that become one node around their content: name → kind
WRAP = {"emph": "emph", "foreign": "foreign", "title": "cite", "q": "quote", "said": "quote", "quote": "quote"}
PLAIN_SPANS = {
    "corr", "reg", "expan", "orig", "abbr", "lem", "rdg", "item", "subst", "damage", "c", "g", "w", "pc", "date",
    "time", "num", "measure", "roleName", "forename", "surname", "addName", "genName", "nameLink", "idno", "lang",
    "sex", "occupation", "birth", "death", "geo", "location", "residence", "affiliation", "state", "trait", "age",
    "education", "faith", "nationality", "eventName", "desc", "span", "mentioned", "soCalled", "gloss", "distinct",
    "s", "phr", "cl", "m", "street", "postCode", "postBox", "district", "bloc", "offset", "author", "editor",
    "publisher", "pubPlace", "biblScope", "citedRange", "edition", "extent", "series", "respStmt", "resp", "email",
    "role", "actor", "term"}
EMPTY_BY_RULE = {"handShift", "anchor", "milestone", "metamark", "certainty", "precision", "index", "alt", "link",
                 "join", "fs", "witDetail", "respons"}
SPECIAL = {"hi": BodyBuilder._hi, "lb": BodyBuilder._lb, "pb": BodyBuilder._pb, "cb": BodyBuilder._cb,
           "ref": BodyBuilder._ref, "ptr": BodyBuilder._ref, "graphic": BodyBuilder._graphic,
           "note": BodyBuilder._note, "choice": BodyBuilder._choice,
           "sic": lambda self, src, out: self._sic(src, out, None), "supplied": BodyBuilder._supplied,
           "gap": BodyBuilder._gap, "unclear": BodyBuilder._unclear, "add": BodyBuilder._add,
           "del": BodyBuilder._del, "space": BodyBuilder._space, "stamp": BodyBuilder._stamp,
           "app": BodyBuilder._app}


_CSS_CONTENT = re.compile(r'^\s*content\s*:\s*"(?P<s>(?:[^"\\]|\\.)*)"\s*;?\s*$', re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\(?:(?P<hex>[0-9a-fA-F]{1,6}) ?|(?P<ch>.))", re.DOTALL)


REGISTER_LISTS = {"listPerson", "listPlace", "listOrg", "listEvent", "listBibl", "listNym", "listRelation",
                  "listObject"}


def is_register_list(el: etree._Element) -> bool:
    """A list of the back matter that the register shows: not printed again as the letter's text. Asked of the
    element, not looked up, so that a streamed document, whose parts are parsed twice, gets the same answer."""
    parent = el.getparent()
    if LOCAL_NAMES[el.tag] not in REGISTER_LISTS or parent is None or LOCAL_NAMES[parent.tag] in REGISTER_LISTS:
        return False
    items = [c for c in el if isinstance(c.tag, str) and LOCAL_NAMES[c.tag] not in ("head", "desc")]
    # only a list whose every entry is a register entry (has an id): nothing of it is lost
    if not items or not all(c.get(XML_ID) for c in items):
        return False
    for back in el.iterancestors(f"{T}back"):  # inside the back of the document's own text (not a corpus part's)
        text = back.getparent()
        if text is not None and text.tag == f"{T}text" and text.getparent() is not None and \
                text.getparent().getparent() is None:
            return True
    return False


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
    targets = note_targets(root)
    if not targets:
        return {}
    return {n.get(XML_ID): n for n in root.iter(f"{T}note") if n.get(XML_ID) in targets}


def note_targets(root: etree._Element) -> set[str]:
    """The ids the refs and ptrs point to that may name a note."""
    return {t.removeprefix("#") for el in root.iter(f"{T}ref", f"{T}ptr") for t in (el.get("target") or "").split()
            if t.startswith("#") or ":" not in t and "/" not in t and "." not in t}


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
