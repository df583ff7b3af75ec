"""TEI → HTML and plain text, in a reading and a diplomatic view. ``render`` is the entry point."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from teitools.rendering.page import SiteLinks, Summary

VIEWS = ("reading", "diplomatic")
FORMATS = ("html", "text")


def render(tree: etree._ElementTree | etree._Element, to: str = "html", view: str = "reading",
           width: int | None = None, info: Summary | None = None, links: SiteLinks | None = None) -> str:
    """Render one TEI document. HTML pages carry both views (``view`` is ignored); text shows ``view``. ``info``
    is the document's summary (``page.summary``) when the caller has worked it out already; ``links``: the
    page's place in an edition site (HTML)."""
    if to not in FORMATS:
        raise ValueError(f"unknown output format {to!r}; choose from {', '.join(FORMATS)}")
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose from {', '.join(VIEWS)}")
    if to == "html":
        from teitools.rendering.page import page_html

        return page_html(tree, info, links)
    from teitools.rendering.text import render_text

    return render_text(tree, view, width, info=info)
