"""The diplomatic text of a document's body (encoding.md §10): for a teitools conversion, its source back.

The rules are the view's (``rendering/body.py``), written by the text writer
(``rendering/text.py``) in the diplomatic view; this module gives the body
blocks without the title, footnote texts after them as ``[n] text``, and the
normalisation used to compare with a source.
"""

from __future__ import annotations

import re

from lxml import etree

from teitools.rendering.text import text_blocks


def diplomatic_blocks(tree: etree._ElementTree | etree._Element) -> list[str]:
    """The body's blocks in the diplomatic view, then the footnote texts."""
    _, blocks, notes = text_blocks(tree, "diplomatic")
    return blocks + notes


def diplomatic_text(tree: etree._ElementTree | etree._Element) -> str:
    return "\n\n".join(diplomatic_blocks(tree)) + "\n"


def normalise(text: str) -> str:
    """For comparing with a source: white space folded, bracket labels without case or apostrophe form."""
    text = text.replace("’", "'").replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\[\s+", "[", text)
    text = re.sub(r"\s+\]", "]", text)
    return re.sub(r"\[[^\[\]]*\]", lambda m: m.group(0).lower(), text)
