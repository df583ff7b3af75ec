"""Plain text of a TEI document in the reading or the diplomatic view, taken from the HTML rendering.

One renderer decides what each element shows (``render/html.py``); this module
only reads the chosen view out of its markup (written as XML and parsed: the
parser is C, a tree built in Python would not be): one block per
paragraph-like element, a blank line between blocks, notes as numbered
endnotes.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from lxml import etree

from teitools.rendering.page import Summary, build_page
from teitools.xml import text_of

BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "dt", "dd", "caption", "table", "ul", "ol",
              "article", "section", "header", "main", "dl"}


LINE_TAGS = {"tr", "li", "p", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "caption"}
LINE = "\u2028"  # a line break of the document (lb), as against white space in the markup


# quotation marks of a language (outer pair), for q, quote and said in the text views; HTML gets them from CSS
QUOTES = {"de": ("„", "“"), "fr": ("« ", " »"), "it": ("«", "»"), "es": ("«", "»"), "en": ("“", "”"),
          "la": ("«", "»"), "nl": ("„", "”"), "pl": ("„", "”"), "cs": ("„", "“"), "ru": ("«", "»")}
QUOTE_CLASSES = ("tei-q", "tei-said", "tei-quote")
_QUOTE_CHARS = set("„“”«»\"'‚‘’‹›")


class TextExtractor:
    def __init__(self, view: str, apparatus: bool = True, lang: str = "en") -> None:
        self.quotes = QUOTES.get(lang.split("-")[0].lower(), QUOTES["en"])
        self.hidden = "r" if view == "diplomatic" else "d"
        self.apparatus = apparatus  # the renderer's own signs: brackets, gap markers, note numbers
        self.blocks: list[str] = []
        self._skipped: dict[str | None, bool] = {}  # class attribute → hidden in this view (a page has few)

    def skip(self, el: etree._Element) -> bool:
        value = el.get("class")
        if value is None:
            return False
        hidden = self._skipped.get(value)
        if hidden is None:
            classes = value.split()
            hidden = self.hidden in classes or "ui" in classes or (
                not self.apparatus and ("br" in classes or "fnref" in classes))
            self._skipped[value] = hidden
        return hidden

    def walk(self, el: etree._Element) -> None:
        """Blocks: a block element's own inline content is one block; nested blocks are their own."""
        buf: list[str] = []

        def flush() -> None:
            if not buf:
                return
            text = _tidy("".join(buf))
            if text:
                self.blocks.append(text)
            buf.clear()

        if el.text:
            buf.append(el.text)
        skip = self.skip
        for child in el:  # the renderer's markup: elements only, no comments
            if skip(child):
                pass
            elif child.tag in BLOCK_TAGS:
                flush()
                if self._has_block(child):
                    self.walk(child)
                else:
                    buf.append(self._inline(child))
                    flush()
            else:
                buf.append(self._inline(child))
            if child.tail:
                buf.append(child.tail)
        flush()

    def _has_block(self, el: etree._Element) -> bool:
        skip = self.skip
        return any(c.tag in BLOCK_TAGS and not skip(c) for c in el)

    def inline(self, el: etree._Element) -> str:
        return "" if self.skip(el) else self._inline(el)

    def _inline(self, el: etree._Element) -> str:
        tag = el.tag
        if tag == "br":
            return LINE
        if tag == "sup" and ("fnref" in (el.get("class") or "") or "appref" in (el.get("class") or "")):
            return f"[{text_of(el).strip()}]"
        if tag == "q" and el.get("class") in QUOTE_CLASSES:
            content = self._inline_content(el)
            if content.lstrip()[:1] in _QUOTE_CHARS:
                return content  # the source wrote its marks inside the element
            opening, closing = self.quotes
            return opening + content + closing
        return self._inline_content(el)

    def _inline_content(self, el: etree._Element) -> str:
        if not len(el):
            return el.text or ""
        out = [el.text or ""]
        inline = self.inline
        for child in el:
            tag = child.tag
            if tag in ("td", "th"):
                out.append((" | " if len(out) > 1 else "") + inline(child))
            elif tag in LINE_TAGS:  # rows, items, paragraphs inside inline content: lines of their own
                out.append(LINE + inline(child) + LINE)
            else:
                out.append(inline(child))
            out.append(child.tail or "")
        return "".join(out)


def _one_line(text: str) -> str:
    """Runs of spaces, tabs, no-break spaces and line ends as one space, the ends stripped; str methods, at half
    the time of the regular expression ``[ \\t\\u00a0\\r\\n]+`` that says the same."""
    if "\n" in text or "\t" in text or "\r" in text or "\u00a0" in text:
        text = text.replace("\n", " ").replace("\t", " ").replace("\r", " ").replace("\u00a0", " ")
    return " ".join(filter(None, text.split(" "))).strip()


def _tidy(text: str) -> str:
    if LINE not in text:
        return _one_line(text)
    lines = [_one_line(ln) for ln in text.split(LINE)]
    return "\n".join(ln for ln in lines if ln)


def _markup_parser() -> etree.XMLParser:
    """A parser for the renderer's own markup, new for each page: a reused lxml parser parsed at half the speed
    (measured), and one parser must not serve two threads."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def text_blocks(tree: etree._ElementTree | etree._Element, view: str = "reading", apparatus: bool = True,
                info: Summary | None = None) -> tuple[str, list[str], list[str]]:
    """(title, body blocks, endnotes) of a document in a view; without the renderer's signs if not ``apparatus``;
    ``info`` is the document's summary when the caller has it already."""
    parts = text_parts(tree, view, apparatus, info)
    return parts.title, parts.blocks, parts.notes


@dataclass
class TextParts:
    title: str
    blocks: list[str]
    notes: list[str]
    variants: list[str]  # the apparatus entries
    register: list[str]  # one line an entry: "label: details links"


def text_parts(tree: etree._ElementTree | etree._Element, view: str = "reading", apparatus: bool = True,
               info: Summary | None = None) -> TextParts:
    """``text_blocks`` with the apparatus and the register's entries."""
    page = etree.fromstring("".join(build_page(tree, text_only=True, info=info)), _markup_parser())
    h1, article = page[0], page[1]
    lang = page.get("lang") or "en"
    ex = TextExtractor(view, apparatus, lang)
    title = ex.inline(h1)
    ex.walk(article)
    lists: dict[str, list[str]] = {"footnotes": [], "apparatus": []}
    for section in page.iterfind("section"):
        found = lists.get(section.get("class") or "")
        if found is None:
            continue
        for li in section.iterfind("ol/li"):
            content = li[0]
            note_ex = TextExtractor(view, apparatus, lang)
            note_ex.walk(content)
            space = "" if content.get("data-glued") else " "
            label = f"[{content.get('data-label')}]{space}" if apparatus else ""
            found.append(label + " ".join(note_ex.blocks))
    register = []
    for dl in page.iterfind("section/dl"):
        for dt in dl.iterfind("dt"):
            dd = dt.getnext()
            details = _tidy(ex.inline(dd)) if dd is not None and dd.tag == "dd" else ""
            register.append(_tidy(ex.inline(dt)) + (f": {details}" if details else ""))
    return TextParts(_tidy(title), ex.blocks, lists["footnotes"], lists["apparatus"], register)


def render_text(tree: etree._ElementTree | etree._Element, view: str = "reading", width: int | None = None,
                apparatus: bool = True, info: Summary | None = None) -> str:
    parts = text_parts(tree, view, apparatus, info)
    blocks = ([parts.title] if parts.title else []) + parts.blocks
    sections = [("Notes", parts.notes), ("Apparatus", parts.variants), ("Register", parts.register)]
    if width:
        blocks = ["\n".join(textwrap.fill(line, width) for line in b.split("\n")) for b in blocks]
        sections = [(h, [textwrap.fill(x, width, subsequent_indent="    ") for x in xs]) for h, xs in sections]
    out = "\n\n".join(blocks)
    for heading, lines in sections:
        if lines:
            out += f"\n\n{heading}\n\n" + "\n".join(lines)
    return out + "\n"
