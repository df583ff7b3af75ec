"""TEI → HTML, plain text and Markdown, in a reading and a diplomatic view. ``render`` is the entry point.

A document's view (``document.build_view``) is computed once and written by one of the writers of ``WRITERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

if TYPE_CHECKING:
    from lxml import etree

    from teitools.rendering.document import Summary
    from teitools.rendering.html import SiteLinks
    from teitools.rendering.view import Streamed, View

VIEWS = ("reading", "diplomatic")


def _html(doc: View, view: str, width: int | None, links: SiteLinks | None) -> str:
    from teitools.rendering.html import write_html

    return write_html(doc, links)


def _text(doc: View, view: str, width: int | None, links: SiteLinks | None) -> str:
    from teitools.rendering.text import write_text

    return write_text(doc, view, width)


def _markdown(doc: View, view: str, width: int | None, links: SiteLinks | None) -> str:
    from teitools.rendering.markdown import write_markdown

    return write_markdown(doc, view)


def _html_streamed(doc: View, body: Streamed, out: BinaryIO, view: str, width: int | None) -> None:
    from teitools.rendering.html import stream_html

    stream_html(doc, body, out)


def _text_streamed(doc: View, body: Streamed, out: BinaryIO, view: str, width: int | None) -> None:
    from teitools.rendering.text import stream_text

    stream_text(doc, body, out, view, width)


def _markdown_streamed(doc: View, body: Streamed, out: BinaryIO, view: str, width: int | None) -> None:
    from teitools.rendering.markdown import stream_markdown

    stream_markdown(doc, body, out, view)


class Writer(NamedTuple):
    suffix: str
    write: Callable[[View, str, int | None, SiteLinks | None], str]  # a view, whole, to a string
    stream: Callable[[View, Streamed, BinaryIO, str, int | None], None]  # a view whose body is streamed, to a file


# the output writers. HTML pages carry both views; the others show one.
WRITERS: dict[str, Writer] = {
    "html": Writer(".html", _html, _html_streamed),
    "text": Writer(".txt", _text, _text_streamed),
    "markdown": Writer(".md", _markdown, _markdown_streamed),
}
FORMATS = tuple(WRITERS)


def render(tree: etree._ElementTree | etree._Element, to: str = "html", view: str = "reading",
           width: int | None = None, info: Summary | None = None, links: SiteLinks | None = None) -> str:
    """Render one TEI document. HTML pages carry both views (``view`` is ignored); text and Markdown show
    ``view``; ``width`` wraps text. ``info`` is the document's summary (``document.summary``) when the caller has
    worked it out already; ``links``: the page's place in an edition site (HTML)."""
    check(to, view)
    from teitools.rendering.document import build_view

    return write(build_view(tree, info), to, view, width, links)


def check(to: str, view: str) -> None:
    if to not in WRITERS:
        raise ValueError(f"unknown output format {to!r}; choose from {', '.join(FORMATS)}")
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose from {', '.join(VIEWS)}")


def write(doc: View, to: str = "html", view: str = "reading", width: int | None = None,
          links: SiteLinks | None = None) -> str:
    """A document's view (``document.build_view``) in a format: a caller that holds a big document can let its
    tree go once the view is made, before the output is."""
    check(to, view)
    return WRITERS[to].write(doc, view, width, links)
