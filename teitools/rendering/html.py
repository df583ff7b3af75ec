"""The HTML writer: a document's view → one standalone, accessible page carrying the reading and the diplomatic
view.

Both views are in the page; what differs carries the class ``r`` (reading only) or
``d`` (diplomatic only), editorial signs ``br``, page furniture ``ui``, and a
CSS-only switch (two radio buttons) shows one view, so the page needs no
JavaScript. Each element of the text has the class ``tei-`` and its TEI name.

The page is written as strings into a list, not as a tree to be serialized:
making an lxml element cost more than everything else a page needs. The strings
are what lxml's HTML serializer writes (``esc``, ``attr``, ``uri_attr``).
"""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from typing import BinaryIO

from teitools.rendering.view import SIGN, UI, Entry, Field, Licence, Node, Note, Open, Streamed, Variant, View

_URI_ESCAPED = re.compile(r"[^\x21-\x7e\r]+")
CONTENTS_FROM = 4  # headings a document needs for a table of contents (a play's acts, a novel's chapters)


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


@functools.cache
def css() -> str:
    return resources.files("teitools").joinpath("data/page.css").read_text(encoding="utf-8")


@functools.cache
def _class(tei: str, style: tuple[str, ...], show: str, role: str) -> str:
    """The class attribute of a node: its TEI name, its styles, the view it is seen in, sign or furniture."""
    parts = [f"tei-{tei}"] if tei else []
    parts += [s for s in style if s]
    if show:
        parts.append(show)
    if role == SIGN:
        parts.append("br")
    elif role == UI:
        parts.append("ui")
    return f" class{attr(' '.join(parts))}" if parts else ""


def _ids(node: Node) -> str:
    """The id and lang attributes an element carries over."""
    props = node.props
    if not props:
        return ""
    markup = f' id="{props["id"]}"' if "id" in props else ""
    if "lang" in props:
        markup += f' lang="{props["lang"]}"'
    return markup


# kinds whose markup around their content is always the same
FIXED_TAGS = {
    "run": ('<div class="tei-run">', "</div>"),
    "table": ('<table class="tei-table">', "</table>"),
    "row": ("<tr>", "</tr>"),
    "caption": ("<caption>", "</caption>"),
    "emph": ("<em>", "</em>"),
    "cite": ('<cite class="tei-title">', "</cite>"),
    "embedded": ('<span class="tei-block-in-inline">', "</span>"),
    "sigla": ('<span class="wit">', "</span>"),
}


# the kinds whose markup, for a node without props, follows from its kind, TEI name, styles, view and role
SHARED_TAGS = frozenset({"section", "para", "block", "item", "cell", "span", "quote", "foreign", "hi", "del", "ins",
                         "name", "unknown"})


class BodyWriter:
    """View nodes → HTML markup appended to a list of strings."""

    def __init__(self) -> None:
        self._tags: dict[tuple, tuple[str, str]] = {}
        self.kinds = {
            "section": self._section, "para": self._para, "block": self._block, "heading": self._heading,
            "list": self._list, "item": self._item, "cell": self._cell, "span": self._span, "quote": self._quote,
            "foreign": self._foreign, "hi": self._hi, "del": self._del, "ins": self._ins, "name": self._name,
            "link": self._link, "break": self._break, "call": self._call, "appcall": self._appcall,
            "page": self._page, "image": self._image, "unknown": self._unknown, "letters": self._letters,
            **{kind: (lambda node, out, pair=pair: pair) for kind, pair in FIXED_TAGS.items()}}

    def write(self, content: list, out: list[str]) -> None:
        """Each kind's handler gives the markup around a node's content, or writes the node itself (None). The
        markup of a node without props depends on its kind, TEI name, styles, view and role only: made once a
        page, the strings are shared (a long text has millions of tags, and one string each would cost more than
        the text)."""
        kinds = self.kinds
        tags = self._tags
        for item in content:
            if isinstance(item, str):
                out.append(esc(item))
            else:
                kind = item.kind
                if item.props is None and kind in SHARED_TAGS:
                    key = (kind, item.tei, item.style, item.show, item.role)
                    around = tags.get(key)
                    if around is None:
                        around = tags[key] = kinds[kind](item, out)
                else:
                    around = kinds[kind](item, out)
                if around is not None:
                    out.append(around[0])
                    self.write(item.children, out)
                    out.append(around[1])

    def _section(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        return f'<div class="tei-{node.tei}"{_ids(node)}>', "</div>"

    def _para(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        if node.get("blocks"):  # an HTML p cannot hold blocks (a TEI p can hold lists, tables, notes)
            return f'<div class="tei-{node.tei} p"{_ids(node)}>', "</div>"
        else:
            return f'<p class="tei-{node.tei}"{_ids(node)}>', "</p>"

    def _block(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        return f"<div{_class(node.tei, node.style, node.show, node.role)}{_ids(node)}>", "</div>"

    def _heading(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        level = node.props["level"]
        return f'<h{level} class="tei-head" id="{node.props["anchor"]}">', f"</h{level}>"

    def _list(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        tag = "ol" if node.props["ordered"] else "ul"
        return f'<{tag} class="tei-list"{_ids(node)}>', f"</{tag}>"

    def _item(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        return f"<li{_ids(node)}>", "</li>"

    def _cell(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        tag = "th" if node.get("header") else "td"
        return f"<{tag}>", f"</{tag}>"

    def _span(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        title = node.get("title")
        extra = f" title{attr(title)}" if title else ""
        return f"<span{_class(node.tei, node.style, node.show, node.role)}{extra}>", "</span>"

    def _quote(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        return f'<q class="tei-{node.tei}"{_ids(node)}>', "</q>"

    def _foreign(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        return f'<i class="tei-foreign"{_ids(node)}>', "</i>"

    def _hi(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        tag = {("sup",): "sup", ("sub",): "sub"}.get(node.style, "span")
        return f"<{tag}{_class('hi', node.style, '', '')}>", f"</{tag}>"

    def _del(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        return f"<del{_class(node.tei, node.style, node.show, node.role)}>", "</del>"

    def _ins(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        return f"<ins{_class(node.tei, node.style, node.show, node.role)}>", "</ins>"

    def _name(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        title = ' title="pseudonym"' if node.get("title") else ""
        target = node.get("target")
        if target:
            return (f'<a href{uri_attr("#" + target)} id{attr(node.props["anchor"])} '
                    f'class="ent tei-{node.tei}"{title}>', "</a>")
        return f'<span class="ent tei-{node.tei}"{title}>', "</span>"

    def _link(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        href = node.get("href") or "#" + node.props["target"]
        cls = _class(node.tei, node.style, node.show, node.role)
        if node.style:  # a link of the page's own (an authority record)
            return f"<a{cls} href{uri_attr(href)}>", "</a>"
        return f"<a href{uri_attr(href)}{cls}>", "</a>"

    def _break(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        out.append('<br class="d">' if node.show else "<br>")
        return None

    def _call(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        number = node.props["number"]
        cls = "fnref ui" if node.role == UI else "fnref"
        ident = f' id="fnref-{number}"' if node.props["first"] else ""
        if node.props["linked"]:
            return f'<sup class="{cls}"><a href="#fn-{number}"{ident} aria-describedby="notes-heading">', "</a></sup>"
        # no link inside a link: the number alone, still the target of the way back
        return f'<sup class="{cls}"{ident}>', "</sup>"

    def _appcall(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        number = node.props["number"]
        if node.props["linked"]:
            return (f'<sup class="appref"><a href="#app-{number}" id="appref-{number}" '
                    'aria-describedby="apparatus-heading">', "</a></sup>")
        return f'<sup class="appref" id="appref-{number}">', "</sup>"

    def _page(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        url, label = node.props["href"], node.props["label"]
        if url:
            name = f"facsimile of page {label}" if label else "facsimile of the page"
            return f'<a href{uri_attr(url)} class="tei-pb facs ui" role="note" aria-label{attr(name)}>', "</a>"
        return '<span role="note" class="tei-pb ui">', "</span>"

    def _image(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        out.append(f'<img src{uri_attr(node.props["src"])} alt{attr(node.props["alt"])} class="tei-graphic">')
        return None

    def _unknown(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        return f'<span class="tei-unknown tei-{node.tei}">', "</span>"

    def _letters(self, node: Node, out: list[str]) -> tuple[str, str] | None:
        rows = node.props["rows"]
        out.append(f'<section class="letters-list"><h2>Letters ({len(rows)})</h2><table class="letters"><thead><tr>')
        for k, column in enumerate(node.props["columns"]):
            sort = ' aria-sort="ascending"' if k == 0 else ""
            out.append(f'<th scope="col"{sort}><button type="button">{esc(column)}</button></th>')
        out.append("</tr></thead><tbody>")
        for row in rows:
            out.append("<tr>")
            for sort, content in row:
                out.append(f"<td data-sort{attr(sort)}>")
                self.write(content, out)
                out.append("</td>")
            out.append("</tr>")
        out.append("</tbody></table></section>")
        return None


SORT_SCRIPT = (
    "<script>document.querySelectorAll('table.letters th button').forEach(function(b){"
    "b.addEventListener('click',function(){var th=b.parentNode,table=th.closest('table'),"
    "i=Array.prototype.indexOf.call(th.parentNode.children,th),up=th.getAttribute('aria-sort')!=='ascending';"
    "table.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort')});"
    "th.setAttribute('aria-sort',up?'ascending':'descending');var body=table.tBodies[0],"
    "rows=Array.prototype.slice.call(body.rows);rows.sort(function(x,y){var a=x.cells[i].getAttribute('data-sort'),"
    "c=y.cells[i].getAttribute('data-sort');return (a<c?-1:a>c?1:0)*(up?1:-1)});"
    "rows.forEach(function(r){body.appendChild(r)})})});</script>")


@dataclass(frozen=True)
class SiteLinks:
    """Where a page stands in an edition site: its index, registers, and the letters before and after it (each
    (relative URL, label))."""
    home: str
    registers: tuple[tuple[str, str], ...] = ()
    previous: tuple[str, str] | None = None
    following: tuple[str, str] | None = None
    # searched: the text is what the site's search indexes, with these filters ((name, value) each); else None
    filters: tuple[tuple[str, str], ...] | None = None


def write_html(view: View, links: SiteLinks | None = None) -> str:
    """The page of a document's view; ``links``: the page's place in an edition site."""
    w = BodyWriter()
    page = _page_start(view, links, w)
    w.write(view.body, page)
    page += _page_end(view, w)
    return "<!DOCTYPE html>\n" + "".join(page) + "\n"


def stream_html(view: View, body: Streamed, out: BinaryIO, links: SiteLinks | None = None) -> None:
    """The page of a streamed document, written to ``out``: the body, as it comes, to a spooled file first, for
    what stands above it in the page (the table of contents, the numbers of the header's notes) is known only
    once it has all been made."""
    w = BodyWriter()
    closing: list[str] = []
    with tempfile.TemporaryFile() as spool:
        for item in body:
            part: list[str] = []
            if isinstance(item, Node):
                w.write([item], part)
            elif isinstance(item, Open):
                around = w.kinds[item.node.kind](item.node, part)
                part.append(around[0])
                closing.append(around[1])
            else:
                part.append(closing.pop())
            spool.write("".join(part).encode("utf-8"))
        out.write(("<!DOCTYPE html>\n" + "".join(_page_start(view, links, w))).encode("utf-8"))
        spool.seek(0)
        shutil.copyfileobj(spool, out)
    out.write(("".join(_page_end(view, w)) + "\n").encode("utf-8"))


def _page_start(view: View, links: SiteLinks | None, w: BodyWriter) -> list[str]:
    """What stands above the text: the page's head, the title, the header panel, the table of contents."""
    page = [_frame_start(view.lang, view.title_text)]
    w.write(view.title, page)
    page.append(_VIEWS)
    if links:
        page += _site_nav(links)
    page += _fields(view.fields, w)
    page += _contents(view)
    page += _main_start(links)
    return page


def _page_end(view: View, w: BodyWriter) -> list[str]:
    """What follows the text: notes, apparatus, register."""
    page = ["</article>"]
    page += _notes(view.notes, w)
    page += _apparatus(view.apparatus, w)
    if view.register:
        page += _register(view.register)
    page.append("</main></div>" + (SORT_SCRIPT if view.listing else "") + "</body></html>")
    return page


def _site_nav(links: SiteLinks) -> list[str]:
    out = ['<nav class="site ui" aria-label="Edition"><a href', uri_attr(links.home), ">All documents</a>"]
    for href, label in links.registers:
        out += [" · <a href", uri_attr(href), ">", esc(label), "</a>"]
    if links.previous:
        out += [' · <a rel="prev" href', uri_attr(links.previous[0]), ">← ", esc(links.previous[1]), "</a>"]
    if links.following:
        out += [' · <a rel="next" href', uri_attr(links.following[0]), ">", esc(links.following[1]), " →</a>"]
    out.append("</nav>")
    return out


def _fields(fields: list[Field], w: BodyWriter) -> list[str]:
    out = ['<dl class="meta">']
    for f in fields:
        out.append(f"<dt>{esc(f.label)}</dt><dd>")
        if isinstance(f.value, str):
            out.append(esc(f.value))
        elif isinstance(f.value, Licence):
            out += _licence(f.value, w)
        else:
            w.write(f.value, out)
        out.append("</dd>")
    out.append("</dl>")
    return out


def _licence(licence: Licence, w: BodyWriter) -> list[str]:
    """The licence: its URL as the summary line and its full text collapsed, for it must not fill the screen."""
    link = f'<a href{uri_attr(licence.url)}>{esc(licence.shown_url)}</a>' if licence.url else ""
    if not licence.content:
        return [link]
    out = [f'<details class="licence"><summary>{link or esc(licence.head)}</summary>']
    w.write(licence.content, out)
    out.append("</details>")
    return out


def _contents(view: View) -> list[str]:
    """A table of contents of the text's headings, their two upper levels, for a document with enough of them."""
    named = [h for h in view.contents if h.text]
    if len(named) < CONTENTS_FROM:
        return []
    top = min(h.level for h in named)
    out = ['<nav class="contents" aria-labelledby="contents-heading"><h2 id="contents-heading">Contents</h2><ol>']
    for h in named:
        if h.level <= top + 1:
            out.append(f'<li class="level-{h.level - top + 1}"><a href="#{h.anchor}">{esc(h.text)}</a></li>')
    out.append("</ol></nav>")
    return out


def _notes(notes: list[Note], w: BodyWriter) -> list[str]:
    if not notes:
        return []
    out = ['<section aria-labelledby="notes-heading" class="footnotes"><h2 id="notes-heading">Notes</h2><ol>']
    for note in notes:
        _back_linked(out, w, "fn", note.number, note.label, note.content, "note",
                     ' data-glued="yes"' if note.glued else "")
    out.append("</ol></section>")
    return out


def _apparatus(entries: list[Variant], w: BodyWriter) -> list[str]:
    if not entries:
        return []
    out = ['<section aria-labelledby="apparatus-heading" class="apparatus"><h2 id="apparatus-heading">Apparatus</h2>'
           '<ol type="a">']
    for v in entries:
        _back_linked(out, w, "app", v.number, v.label, v.content, "variant")
    out.append("</ol></section>")
    return out


def _back_linked(out: list[str], w: BodyWriter, prefix: str, number: int, label: str, content: list, what: str,
                 extra: str = "") -> None:
    """One entry of the notes or the apparatus, with the link back to its call in the text."""
    out.append(f'<li id="{prefix}-{number}" value="{number}"><div class="fn-text" data-label{attr(label)}{extra}>')
    w.write(content, out)
    out.append(f'</div><a href="#{prefix}ref-{number}" class="fn-back" '
               f'aria-label{attr(f"Back to the text of {what} {label}")}>↩</a></li>')


def _register(register: dict[str, list[Entry]]) -> list[str]:
    out = ['<section aria-labelledby="register-heading" class="register"><h2 id="register-heading">Register</h2>']
    for label, items in register.items():
        out.append(f"<h3>{esc(label)}</h3><dl>")
        for e in items:
            out.append(f"<dt id{attr(f'reg-{e.xml_id}')}>{esc(e.label)}</dt>")
            dd = [esc("; ".join(e.details))] if e.details else []
            for link in e.links:
                if dd:
                    dd.append(" ")
                dd.append(f"<a href{uri_attr(link)}>{esc(link)}</a>")
            if e.backrefs:  # where the text names it: page furniture, not words of the document
                marks = " ".join(f'<a href{uri_attr("#" + b)} aria-label{attr(f"named in the text ({k})")}>↑</a>'
                                 for k, b in enumerate(e.backrefs, 1))
                dd.append(f'<span class="backrefs ui"> {marks}</span>')
            if dd:
                out.append(f"<dd>{''.join(dd)}</dd>")
        out.append("</dl>")
    out.append("</section>")
    return out


def _frame_start(lang: str, title: str) -> str:
    """What every page has before its h1's content: head with CSS, view switch, and the header opened."""
    return (f'<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{css()}</style></head><body>"
            '<input type="radio" name="view" id="view-reading" checked class="visually-hidden">'
            '<input type="radio" name="view" id="view-diplomatic" class="visually-hidden">'
            '<div class="page"><header><h1>')


_VIEWS = ('</h1><div role="group" aria-label="View" class="views"><label for="view-reading">Reading view</label>'
          '<label for="view-diplomatic">Diplomatic view</label></div>')
_MAIN_START = '</header><main><h2>Text</h2><article class="tei-text">'


def _main_start(links: SiteLinks | None) -> list[str]:
    if links is None or links.filters is None:
        return [_MAIN_START]
    # Pagefind's markup: the part of the page it indexes, and the page's filters (hidden)
    filters = [f'<span hidden data-pagefind-filter{attr(name)}>{esc(value)}</span>' for name, value in links.filters]
    return ["</header><main data-pagefind-body>", *filters, '<h2>Text</h2><article class="tei-text">']
