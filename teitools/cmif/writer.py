"""Letters → one CMIF v1 file, as correspSearch harvests it.

The header holds what CMIF makes mandatory: the index's title, an editor, the publisher, the file's own URL,
a timestamp, the CC BY 4.0 licence, and the edition as a ``bibl`` with a UUID that stays the same from one
build to the next (derived from the file's URL). Each letter is one ``correspDesc`` with one ``sent`` and one
``received`` action; a party the letter does not name is "Unknown", as CMIF asks.
"""

from __future__ import annotations

import urllib.parse
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from teitools.cmif.letters import Dating, Edition, Letter
from teitools.xml import NSMAP, TEI, XML_NS, parse_bytes

T = f"{{{TEI}}}"
XML_ID = f"{{{XML_NS}}}id"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_TEXT = "This file is licensed under the terms of the Creative Commons License CC-BY 4.0"
SCHEMA_PI = ('href="https://raw.githubusercontent.com/TEI-Correspondence-SIG/CMIF/master/schema/'
             'cmi-customization.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"')
UNKNOWN = "Unknown"


@dataclass(frozen=True)
class CmifHeader:
    title: str
    editor: str
    publisher: str
    url: str  # where this CMIF file is published
    timestamp: str  # xsd:dateTime of this build
    edition: str  # the bibliographic description of the edition the letters come from
    edition_url: str | None = None
    email: str | None = None
    publisher_url: str | None = None


def edition_id(url: str) -> str:
    """A UUID for the edition's ``bibl`` that the next build gives again; an xml:id must start with a letter."""
    value = str(uuid.uuid5(uuid.NAMESPACE_URL, url))
    return value if value[0].isalpha() else "e" + value[1:]


def letter_url(base_url: str, page: str) -> str:
    """The URL of a letter's page in a site published at ``base_url``."""
    return base_url.rstrip("/") + "/" + urllib.parse.quote(page)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = etree.SubElement(parent, f"{T}{tag}", {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _flags(uncertain: bool, conjectured: bool) -> dict[str, str | None]:
    return {"cert": "low" if uncertain else None, "evidence": "conjecture" if conjectured else None}


def _date(parent: etree._Element, dating: Dating) -> None:
    attrs = dict(dating.attributes)
    el = _sub(parent, "date", **_flags(dating.uncertain, dating.conjectured))
    for name, value in attrs.items():
        el.set(name, value)


def cmif_tree(letters: Iterable[Letter], header: CmifHeader, editions: Iterable[Edition] = (),
              base_url: str | None = None) -> etree._ElementTree:
    """The CMIF document of ``letters``; those that name an edition of ``editions`` by ``source`` keep it, the
    others cite the header's edition. A letter's URL is its own, else its page under ``base_url``."""
    root = etree.Element(f"{T}TEI", nsmap=NSMAP)
    tei_header = _sub(root, "teiHeader")
    file_desc = _sub(tei_header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    _sub(title_stmt, "title", header.title)
    editor = _sub(title_stmt, "editor", header.editor)
    if header.email:
        editor.text = header.editor + " "
        _sub(editor, "email", header.email)
    pub = _sub(file_desc, "publicationStmt")
    publisher = _sub(pub, "publisher")
    if header.publisher_url:
        _sub(publisher, "ref", header.publisher, target=header.publisher_url)
    else:
        publisher.text = header.publisher
    _sub(pub, "idno", header.url, type="url")
    _sub(pub, "date", when=header.timestamp)
    _sub(_sub(pub, "availability"), "licence", LICENCE_TEXT, target=LICENCE_URL)
    source_desc = _sub(file_desc, "sourceDesc")
    own_id = edition_id(header.url)
    letters = list(letters)
    online = header.edition_url is not None or any(lt.url or (base_url and lt.page) for lt in letters)
    bibl = _sub(source_desc, "bibl", header.edition, type="online" if online else "print")
    bibl.set(XML_ID, own_id)
    if header.edition_url:
        bibl.text = header.edition + " "
        _sub(bibl, "ref", header.edition_url, target=header.edition_url)
    kept = {e.xml_id: e for e in editions if e.xml_id != own_id}
    cited = {lt.source for lt in letters if lt.source in kept}
    for xml_id in sorted(cited):
        copy = parse_bytes(kept[xml_id].xml, "<edition>").getroot()
        copy.set(XML_ID, xml_id)
        source_desc.append(copy)
    profile = _sub(tei_header, "profileDesc")
    for lt in letters:
        url = lt.url or (letter_url(base_url, lt.page) if base_url and lt.page else None)
        source = lt.source if lt.source in cited else own_id
        desc = _sub(profile, "correspDesc", ref=url, key=lt.key if not url else None, source=f"#{source}")
        for kind in ("sent", "received"):
            action = lt.action(kind)
            el = _sub(desc, "correspAction", type=kind)
            parties = action.parties if action else ()
            for party in parties:
                _sub(el, party.kind, party.name, ref=" ".join(party.refs) or None,
                     **_flags(party.uncertain, party.conjectured))
            if not parties:
                _sub(el, "persName", UNKNOWN)
            for place in action.places if action else ():
                _sub(el, "placeName", place.name, ref=" ".join(place.refs) or None,
                     **_flags(place.uncertain, place.conjectured))
            if action and action.date:
                _date(el, action.date)
    _sub(_sub(_sub(root, "text"), "body"), "p")
    tree = etree.ElementTree(root)
    root.addprevious(etree.ProcessingInstruction("xml-model", SCHEMA_PI))
    return tree


def cmif_bytes(tree: etree._ElementTree) -> bytes:
    etree.indent(tree, space="  ")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
