"""Any TEI → one standalone, accessible HTML page carrying a reading and a diplomatic view.

Both views are in the page; elements that differ carry the class ``r`` (reading
only) or ``d`` (diplomatic only) and a CSS-only switch (two radio buttons)
shows one of them, so the page needs no JavaScript. The rule for every element
is in the README. Nothing is dropped silently: an unknown element keeps its
text inside ``span.tei-unknown``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from lxml import etree

from teitools.xml import LOCAL_NAMES, TEI, XML_NS, append_text

T = f"{{{TEI}}}"
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
_MAKE = etree.Element("html").makeelement  # elements of one document are cheaper to make than new documents
_SUB = etree.SubElement  # made and appended in one call: cheaper still


def _local(el: etree._Element) -> str:
    return LOCAL_NAMES[el.tag]


def inline_in_context(el: etree._Element) -> bool:
    parent = el.getparent()
    return parent is not None and LOCAL_NAMES[parent.tag] in PHRASE_PARENTS and LOCAL_NAMES[el.tag] in INLINE_IN_PHRASE


def _safe_href(target: str) -> str | None:
    target = target.strip()
    if target.startswith("#") and re.fullmatch(r"#[\w.:-]+", target):
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
    content: etree._Element


@dataclass
class PageState:
    bracket_mode: bool  # a teitools conversion: restore the source's square brackets in the diplomatic view
    register_ids: set[str]
    notes: list[Note] = field(default_factory=list)
    entities_used: set[str] = field(default_factory=set)
    headings: list[int | None] = field(default_factory=list)  # heading level emitted in each open division
    in_link: int = 0  # depth of open links: HTML forbids a link inside a link


class BodyRenderer:
    def __init__(self, state: PageState) -> None:
        self.s = state

    # -- helpers --------------------------------------------------------------------------------------------
    @staticmethod
    def E(tag: str, cls: str | None = None, text: str | None = None, **attrs: str) -> etree._Element:
        if attrs:
            attrib = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
            if cls:
                attrib["class"] = cls
            el = _MAKE(tag, attrib)
        else:  # the common case, kept short: most of a page is made here
            el = _MAKE(tag, {"class": cls}) if cls else _MAKE(tag)
        if text:
            el.text = text
        return el

    @staticmethod
    def sub(parent: etree._Element, tag: str, cls: str | None = None, text: str | None = None) -> etree._Element:
        """A new last child of ``parent``: what E and append do, in one call."""
        el = _SUB(parent, tag, {"class": cls}) if cls else _SUB(parent, tag)
        if text:
            el.text = text
        return el

    add_text = staticmethod(append_text)

    def children(self, src: etree._Element, out: etree._Element) -> None:
        # white space between the children of subst/choice/app is markup layout, not a word break
        layout = LOCAL_NAMES[src.tag] in ("subst", "choice", "app")
        text = src.text
        if text and not (layout and not text.strip()):
            append_text(out, text)
        node = self.node
        for child in src:
            node(child, out)
            tail = child.tail
            if tail and not (layout and not tail.strip()):
                append_text(out, tail)

    # -- dispatch -------------------------------------------------------------------------------------------
    def container(self, src: etree._Element, out: etree._Element) -> None:
        name = LOCAL_NAMES[src.tag]
        if name == "list":
            lst = self.E("ol" if src.get("rend") in ("numbered", "ordered") else "ul", "tei-list")
            self._attrs(src, lst)
            for child in src:
                if LOCAL_NAMES[child.tag] == "item":
                    li = self.E("li")
                    self._attrs(child, li)
                    self.children_blockwise(child, li)
                    lst.append(li)
                else:
                    self.block_or_inline(child, lst)
            out.append(lst)
            return
        if name == "table":
            table = self.E("table", "tei-table")
            for row in src:
                if LOCAL_NAMES[row.tag] == "row":
                    tr = self.E("tr")
                    for cell in row:
                        if LOCAL_NAMES[cell.tag] == "cell":
                            td = self.E("th" if row.get("role") == "label" else "td")
                            self.children(cell, td)
                            tr.append(td)
                    table.append(tr)
                elif LOCAL_NAMES[row.tag] == "head":
                    cap = self.E("caption")
                    self.children(row, cap)
                    table.insert(0, cap)
            out.append(table)
            return
        div = self.sub(out, "div", f"tei-{name}")
        self._attrs(src, div)
        self.s.headings.append(None)
        try:
            self.children_blockwise(src, div)
        finally:
            self.s.headings.pop()

    def children_blockwise(self, src: etree._Element, out: etree._Element) -> None:
        """Children of a container: blocks stay blocks; stray text and inline runs are gathered in a block."""
        run: etree._Element | None = None

        def inline_run() -> etree._Element:
            nonlocal run
            if run is None:
                run = self.sub(out, "div", "tei-run")
            return run

        if src.text and src.text.strip():
            self.add_text(inline_run(), src.text)
        for child in src:
            name = LOCAL_NAMES[child.tag]
            if name in CONTAINERS or name in BLOCKS or name in HEADINGS or name in ("list", "table", "item") or \
                    (name == "note" and self._is_block_note(child)):
                run = None
                self.block_or_inline(child, out)
            elif name:
                self.node(child, inline_run())
            if child.tail and child.tail.strip():
                self.add_text(inline_run(), child.tail)
            elif child.tail and run is not None:
                self.add_text(run, " ")  # white space between inline elements still separates words

    def block_or_inline(self, src: etree._Element, out: etree._Element) -> None:
        name = LOCAL_NAMES[src.tag]
        if name in CONTAINERS or name in ("list", "table"):
            self.container(src, out)
        elif name in HEADINGS:
            h = self.E(f"h{self._heading_level()}", "tei-head")
            self.children(src, h)
            out.append(h)
        elif name == "note" and self._is_block_note(src) and src.get("type") == "footnote":
            div = self.E("div", "tei-note footnote loose")  # in its place, as the source had it
            space = "" if "glued" in (src.get("rend") or "").split() else " "
            div.append(self.E("span", "br", f"[{src.get('n') or ''}]{space}"))
            self.children(src, div)
            out.append(div)
        elif name == "note" and self._is_block_note(src):
            div = self.E("div", f"tei-note annotation {src.get('subtype') or ''}".strip())
            if any(LOCAL_NAMES[c.tag] == "p" for c in src):
                self.children_blockwise(src, div)
            else:
                self.children(src, div)
            self._bracket_block_note(src, div)
            out.append(div)
        elif name in BLOCKS or name == "item":
            tag = "p" if name in ("p", "ab") else "div"
            el = self.sub(out, tag, f"tei-{name}")
            self._attrs(src, el)
            if tag == "div" and any(LOCAL_NAMES[c.tag] in BLOCK_CHILDREN for c in src):
                self.children_blockwise(src, el)
            else:
                self.children(src, el)
            if tag == "p" and any(d.tag in HTML_BLOCKS for d in el.iterdescendants()):
                el.tag = "div"  # an HTML p cannot hold blocks (a TEI p can hold lists, tables, notes)
                el.set("class", f"{el.get('class')} p")
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

    def _bracket_block_note(self, src: etree._Element, div: etree._Element) -> None:
        if self.s.bracket_mode and src.get("subtype") == "handwritten":
            div.insert(0, self.E("span", "d br", "[handwritten: "))
            div[0].tail, div.text = div.text, None
            div.append(self.E("span", "d br", "]"))

    def _attrs(self, src: etree._Element, out: etree._Element) -> None:
        xml_id = src.get(XML_ID)
        if xml_id and re.fullmatch(r"[\w.:-]+", xml_id):
            out.set("id", f"tei-{xml_id}")
        lang = src.get(XML_LANG)
        if lang and re.fullmatch(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*", lang):
            out.set("lang", lang)

    # -- inline ---------------------------------------------------------------------------------------------
    def node(self, src: etree._Element, out: etree._Element) -> None:
        name = LOCAL_NAMES[src.tag]
        if not name:
            return  # comments and processing instructions
        if name in CONTAINERS or name in BLOCKS or name in HEADINGS or name in ("list", "table"):
            if inline_in_context(src):
                span = self.E("span", f"tei-{name}")
                if name == "fw":
                    span.set("class", "tei-fw d")
                self.children(src, span)
                out.append(span)
                nxt = src.getnext()
                if not (src.tail or "")[:1].isspace() and nxt is not None and LOCAL_NAMES[nxt.tag] == name:
                    span.tail = " "  # two blocks side by side in the markup are still two words apart
                return
            wrapper = self.E("span", "tei-block-in-inline")
            self.block_or_inline(src, wrapper)
            out.append(wrapper)
            return
        spec = WRAP.get(name)
        if spec is not None:
            self._wrap(src, out, *spec)
        elif name in PLAIN_SPANS:
            self._wrap(src, out, "span", f"tei-{name}")
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

    def _wrap(self, src: etree._Element, out: etree._Element, tag: str, cls: str | None) -> None:
        el = self.sub(out, tag, cls)
        if tag in ("i", "q"):
            self._attrs(src, el)
        self.children(src, el)

    def _enclose(self, src: etree._Element, out: etree._Element, cls: str, opening: str, closing: str) -> None:
        """Content between editorial signs that are not the document's words (class br)."""
        el = self.sub(out, "span", cls)
        self.sub(el, "span", "br", opening)
        self.children(src, el)
        self.sub(el, "span", "br", closing)

    def _hi(self, src: etree._Element, out: etree._Element) -> None:
        classes = " ".join(HI_CLASSES[r] for r in re.split(r"[\s,;()]+", (src.get("rend") or "").lower())
                           if r in HI_CLASSES)
        self._wrap(src, out, {"sup": "sup", "sub": "sub"}.get(classes, "span"), f"tei-hi {classes}".strip())

    def _lb(self, src: etree._Element, out: etree._Element) -> None:
        self.sub(out, "br", "d")
        if src.get("break") != "no":
            self.sub(out, "span", "r", " ")  # in the reading view a line end is a space, unless a word breaks

    def _pb(self, src: etree._Element, out: etree._Element) -> None:
        label = src.get("n")
        out.append(self.E("span", "tei-pb ui", f"[page {label}]" if label else "[page]", role="note"))

    def _cb(self, src: etree._Element, out: etree._Element) -> None:
        out.append(self.E("span", "tei-cb ui", f"[column {src.get('n') or ''}]".replace(" ]", "]")))

    def _supplied(self, src: etree._Element, out: etree._Element) -> None:
        self._enclose(src, out, "tei-supplied", "[", "]")

    def _unclear(self, src: etree._Element, out: etree._Element) -> None:
        el = self.E("span", "tei-unclear", title="unclear")
        self.children(src, el)
        if self.s.bracket_mode:
            el.append(self.E("span", "d br", " [?]"))
        out.append(el)

    def _del(self, src: etree._Element, out: etree._Element) -> None:
        el = self.sub(out, "del", "tei-del d")
        self.sub(el, "span", "br", "⟦")
        self.children(src, el)
        self.sub(el, "span", "br", "⟧")

    def _space(self, src: etree._Element, out: etree._Element) -> None:
        self.sub(out, "span", "tei-space", " ")

    def _empty(self, src: etree._Element, out: etree._Element, name: str) -> None:
        if "".join(src.itertext()).strip():  # empty by the Guidelines, but text is never dropped
            self._wrap(src, out, "span", f"tei-{name}" + (" d" if name == "metamark" else ""))
        elif name == "anchor" and self.s.bracket_mode and src.get("n"):
            out.append(self.E("span", "d br", f"[{src.get('n')}]"))

    def _ref(self, src: etree._Element, out: etree._Element) -> None:
        target = (src.get("target") or src.get("url") or "").split()[0] if (src.get("target") or src.get("url")) \
            else ""
        href = _safe_href(target) if target else None
        text_len = len("".join(src.itertext()).strip())
        if href and href.startswith("#") and href[1:] not in self.s.register_ids and not text_len:
            href = None
        if href and not self.s.in_link:
            local = href if not href.startswith("#") else self._local_anchor(href)
            a = self.E("a", f"tei-{LOCAL_NAMES[src.tag]}", href=local)
            self._linked_children(src, a)
            if not "".join(a.itertext()).strip():
                a.text = target if LOCAL_NAMES[src.tag] == "ptr" else "link"
            out.append(a)
        else:
            span = self.E("span", f"tei-{LOCAL_NAMES[src.tag]}")
            self.children(src, span)
            if LOCAL_NAMES[src.tag] == "ptr" and target and not len(span) and not span.text:
                span.append(self.E("span", "br", f"[{target}]"))
            out.append(span)

    def _local_anchor(self, href: str) -> str:
        ident = href[1:]
        return f"#reg-{ident}" if ident in self.s.register_ids else f"#tei-{ident}"

    def _graphic(self, src: etree._Element, out: etree._Element) -> None:
        url = src.get("url") or ""
        local = _safe_local_src(url)
        desc = src.getparent().find(f"{T}figDesc") if src.getparent() is not None else None
        alt = " ".join("".join(desc.itertext()).split()) if desc is not None else ""
        if local:
            out.append(self.E("img", "tei-graphic", src=local, alt=alt or "image"))
        else:
            out.append(self.E("span", "tei-graphic ui", f"[image: {url}]" if url else "[image]"))

    def _name(self, src: etree._Element, out: etree._Element) -> None:
        name = LOCAL_NAMES[src.tag]
        refs = [r[1:] for r in (src.get("ref") or src.get("key") or "").split() if r.startswith("#")]
        known = [r for r in refs if r in self.s.register_ids]
        if known and "".join(src.itertext()).strip() and not self.s.in_link:
            el = _SUB(out, "a", {"href": f"#reg-{known[0]}", "class": f"ent tei-{name}"})
            self.s.entities_used.add(known[0])
        else:
            el = self.sub(out, "span", f"ent tei-{name}")
        if src.get("type") == "pseudonym":
            el.set("title", "pseudonym")
        self._linked_children(src, el)

    def _linked_children(self, src: etree._Element, el: etree._Element) -> None:
        if el.tag != "a":
            self.children(src, el)
            return
        self.s.in_link += 1
        try:
            self.children(src, el)
        finally:
            self.s.in_link -= 1

    def _note(self, src: etree._Element, out: etree._Element) -> None:
        kind = src.get("type")
        if kind == "sic":
            return  # rendered with its sic
        if kind in INLINE_NOTE_TYPES or src.get("place") == "inline" or (kind == "annotation" and
                                                                        not self._is_block_note(src)):
            self._enclose(src, out, f"tei-note inline {kind or ''}".strip(), "[", "]")
            return
        number = len(self.s.notes) + 1
        label = src.get("n") if self.s.bracket_mode and src.get("n") else str(number)
        content = self.E("div", "fn-text")
        if any(LOCAL_NAMES[c.tag] in BLOCKS or LOCAL_NAMES[c.tag] in CONTAINERS for c in src):
            self.children_blockwise(src, content)
        else:
            self.children(src, content)
        self.s.notes.append(Note(number, content))
        content.set("data-label", label)
        if "glued" in (src.get("rend") or "").split():
            content.set("data-glued", "yes")
        parent = src.getparent()
        # a note standing between blocks has no call mark in the text: its link is page furniture
        sup = self.E("sup", "fnref ui" if parent is not None and LOCAL_NAMES[parent.tag] in CONTAINERS else "fnref")
        if self.s.in_link:  # no link inside a link: the number alone, still the target of the way back
            sup.set("id", f"fnref-{number}")
            sup.text = label
        else:
            sup.append(self.E("a", None, label, href=f"#fn-{number}", id=f"fnref-{number}",
                              **{"aria-describedby": "notes-heading"}))
        out.append(sup)

    def _choice(self, src: etree._Element, out: etree._Element) -> None:
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
                    r = self.E("span", "r tei-expan")
                    self.children(kids[rea], r)
                    d = self.E("span", "d tei-abbr")
                    self.children(kids[dip], d)
                    d.append(self.E("span", "br", " ["))
                    self.add_text(d, "".join(kids[rea].itertext()))
                    d.append(self.E("span", "br", "]"))
                    out.append(r)
                    out.append(d)
                else:
                    self._pair(kids[rea], kids[dip], out)
                return
        # unpaired choice: show every child, the first as the reading
        for k, child in enumerate(src):
            if LOCAL_NAMES[child.tag]:
                el = self.E("span", "tei-choice-alt" if k else "tei-choice")
                self.children(child, el)
                out.append(el)

    def _pair(self, reading: etree._Element, diplomatic: etree._Element, out: etree._Element) -> None:
        self.children(reading, self.sub(out, "span", f"r tei-{LOCAL_NAMES[reading.tag]}"))
        self.children(diplomatic, self.sub(out, "span", f"d tei-{LOCAL_NAMES[diplomatic.tag]}"))

    def _sic(self, src: etree._Element, out: etree._Element, corr: etree._Element | None) -> None:
        el = self.E("span", "tei-sic")
        self.children(src, el)
        out.append(el)
        if not self.s.bracket_mode:
            return
        rend = (src.get("rend") or "").split()
        word = ("SIC" if "upper" in rend else "sic") + ("!" if "excl" in rend else "")
        space = "" if "nospace" in rend or not "".join(src.itertext()) else " "
        inner = word
        if corr is not None:
            inner += ": " + "".join(corr.itertext())
        nxt = src.getnext()
        if corr is None and nxt is not None and LOCAL_NAMES[nxt.tag] == "note" and nxt.get("type") == "sic":
            inner += ", " + "".join(nxt.itertext())
        out.append(self.E("span", "d br", f"{space}[{inner}]"))

    def _gap(self, src: etree._Element, out: etree._Element) -> None:
        reason = src.get("reason")
        desc = src.find(f"{T}desc")
        desc_text = " ".join("".join(desc.itertext()).split()) if desc is not None else ""
        if reason == "obfuscated":
            m = re.search(r'shows "(.*)"', desc_text)
            shown = m.group(1) if m else "[e-mail address hidden]"
            out.append(self.E("span", "tei-gap-shown", shown))  # the source's own characters
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
        if self.s.bracket_mode or reason in ("illegible", "signature", "excised") or desc_text:
            out.append(self.E("span", "tei-gap br", text))
        else:
            out.append(self.E("span", "tei-gap br", "[…]"))

    def _add(self, src: etree._Element, out: etree._Element) -> None:
        el = self.E("ins", "tei-add")
        if self.s.bracket_mode and src.get("hand"):
            if src.get("rend") == "marker":
                out.append(self.E("span", "d br", "[handwritten]"))
                return
            out.append(self.E("span", "d br", "[handwritten: "))
            self.children(src, el)
            out.append(el)
            out.append(self.E("span", "d br", "]"))
            return
        out.append(self.E("span", "d br", "⟨"))
        self.children(src, el)
        out.append(el)
        out.append(self.E("span", "d br", "⟩"))

    def _stamp(self, src: etree._Element, out: etree._Element) -> None:
        labelled = src.find(f"{T}label") is not None
        self._enclose(src, out, "tei-stamp", "[" if labelled else "[stamp: ", "]")

    def _app(self, src: etree._Element, out: etree._Element) -> None:
        lem = src.find(f"{T}lem")
        rdgs = [r for r in src if LOCAL_NAMES[r.tag] in ("rdg", "rdgGrp")]
        main = lem if lem is not None else (rdgs.pop(0) if rdgs else None)
        if main is not None:
            el = self.E("span", "tei-lem")
            self.children(main, el)
            out.append(el)
        if rdgs:
            var = self.E("span", "tei-app-variants")
            var.append(self.E("span", "br", " [var. "))
            for k, r in enumerate(rdgs):
                if k:
                    var.append(self.E("span", "br", "; "))
                el = self.E("span", "tei-rdg")
                self.children(r, el)
                var.append(el)
            var.append(self.E("span", "br", "]"))
            out.append(var)


# TEI elements that become one HTML element around their content: name → (tag, class)
WRAP = {"emph": ("em", None), "foreign": ("i", "tei-foreign"), "term": ("span", "tei-term"),
        "title": ("cite", "tei-title"), "q": ("q", "tei-q"), "said": ("q", "tei-said"), "quote": ("q", "tei-quote")}
PLAIN_SPANS = {
    "corr", "reg", "expan", "orig", "abbr", "lem", "rdg", "item", "subst", "damage", "c", "g", "w", "pc", "date",
    "time", "num", "measure", "roleName", "forename", "surname", "addName", "genName", "nameLink", "idno", "lang",
    "sex", "occupation", "birth", "death", "geo", "location", "residence", "affiliation", "state", "trait", "age",
    "education", "faith", "nationality", "eventName", "desc", "span", "mentioned", "soCalled", "gloss", "distinct",
    "s", "phr", "cl", "m", "street", "postCode", "postBox", "district", "bloc", "offset", "author", "editor",
    "publisher", "pubPlace", "biblScope", "citedRange", "edition", "extent", "series", "respStmt", "resp", "email"}
EMPTY_BY_RULE = {"handShift", "anchor", "milestone", "metamark", "certainty", "precision", "index", "alt", "link",
                 "join", "fs", "witDetail", "respons"}
SPECIAL = {"hi": BodyRenderer._hi, "lb": BodyRenderer._lb, "pb": BodyRenderer._pb, "cb": BodyRenderer._cb,
           "ref": BodyRenderer._ref, "ptr": BodyRenderer._ref, "graphic": BodyRenderer._graphic,
           "note": BodyRenderer._note, "choice": BodyRenderer._choice,
           "sic": lambda self, src, out: self._sic(src, out, None), "supplied": BodyRenderer._supplied,
           "gap": BodyRenderer._gap, "unclear": BodyRenderer._unclear, "add": BodyRenderer._add,
           "del": BodyRenderer._del, "space": BodyRenderer._space, "stamp": BodyRenderer._stamp,
           "app": BodyRenderer._app}


@functools.cache
def css() -> str:
    return resources.files("teitools").joinpath("data/page.css").read_text(encoding="utf-8")
