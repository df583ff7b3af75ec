"""Record → TEI tree, by the conventions of encoding.md. ``encode`` is the entry point."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from lxml import etree

from teitools.encode.body import HAND_ID, InlineWriter, encode_division
from teitools.encode.header import encode_header
from teitools.encode.standoff import encode_standoff
from teitools.record import Record
from teitools.xml import NSMAP, tei, xml_attr

if TYPE_CHECKING:
    from teitools.encode.stream import BodyStream

SCHEMA_PI = ('href="https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng" '
             'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"')


def encode(rec: Record, *, today: _dt.date | None = None, stream: BodyStream | None = None) -> etree._ElementTree:
    """Build the TEI document of one record; with ``stream`` (``encode.stream``), without the body's finished
    blocks, which it has written out."""
    root = etree.Element(tei("TEI"), nsmap=NSMAP)
    root.set(xml_attr("lang"), "en")
    used: set[str] = set()
    writer = InlineWriter(rec, used)
    # both are built in place: moving a large subtree into another document costs lxml time quadratic in its
    # size (a letter of 2 MB: 12 s); the header is filled after the body (it reads what the body used)
    header = etree.SubElement(root, tei("teiHeader"))
    text = etree.SubElement(root, tei("text"))
    text.set(xml_attr("lang"), rec.language or "und")
    body = etree.SubElement(text, tei("body"))
    for division in rec.divisions:
        encode_division(body, division, rec, writer, stream)
    if not len(body):
        etree.SubElement(etree.SubElement(body, tei("div"), type="document"), tei("p")).append(
            etree.Element(tei("gap"), reason="editorial"))
    encode_header(header, rec, writer, today=today or _dt.date.today(), hands=writer.hands)
    encode_standoff(root, rec, used)
    tree = etree.ElementTree(root)
    root.addprevious(etree.ProcessingInstruction("xml-model", SCHEMA_PI))
    keep_mixed_content_tight(root)
    return tree


PHRASE_LEVEL = {"p", "title", "salute", "signed", "dateline", "seg", "persName", "orgName", "placeName", "name",
                "supplied", "add", "stamp", "byline", "date", "sic", "speaker", "publisher", "author", "resp",
                "idno", "locus", "rs", "ref", "roleName", "label", "corr", "abbr", "expan", "unclear", "desc",
                "funder", "language", "change", "occupation", "head", "l", "item", "note"}


_PHRASE_TAGS = frozenset(tei(t) for t in PHRASE_LEVEL)


def keep_mixed_content_tight(root: etree._Element) -> None:
    """Pretty-printing (libxml2) indents only elements without text; an empty text keeps phrase-level ones tight."""
    for el in root.iter(etree.Element):  # cheaper than asking lxml to match 40 tags at every element
        if len(el) and el.text is None and el.tag in _PHRASE_TAGS:
            el.text = ""


__all__ = ["encode", "HAND_ID"]
