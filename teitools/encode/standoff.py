"""Entities → ``standOff`` lists (encoding.md §7.3): only entities the document refers to."""

from __future__ import annotations

from lxml import etree

from teitools.readers.names import is_honorific
from teitools.record import Record
from teitools.xml import tei, xml_attr

LISTS = (("person", "listPerson", "person", "persName"), ("place", "listPlace", "place", "placeName"),
         ("org", "listOrg", "org", "orgName"))


def encode_standoff(root: etree._Element, rec: Record, used: set[str]) -> None:
    """Insert ``standOff`` after ``root``'s header, where any entity is in use; it is built in its document
    (a subtree built apart is walked again by lxml when it moves in)."""
    entities = [e for e in rec.entities if e.xml_id in used]
    if not entities:
        return
    standoff = etree.SubElement(root, tei("standOff"))
    for kind, list_tag, item_tag, name_tag in LISTS:
        items = [e for e in entities if e.kind == kind]
        if not items:
            continue
        lst = etree.SubElement(standoff, tei(list_tag))
        for e in items:
            item = etree.SubElement(lst, tei(item_tag))
            item.set(xml_attr("id"), e.xml_id)
            etree.SubElement(item, tei(name_tag), type="reg").text = e.reg
            for v in e.variants:
                etree.SubElement(item, tei(name_tag), type="variant").text = v
            for p in e.pseudonyms:
                etree.SubElement(item, tei(name_tag), type="pseudonym").text = p
            for scheme, value in e.idnos.items():
                etree.SubElement(item, tei("idno"), type=scheme).text = value
            offices = [r for r in dict.fromkeys(e.roles) if not is_honorific(r)]
            if kind == "person" and offices:
                etree.SubElement(item, tei("occupation")).text = "; ".join(offices) + " (as printed)"
    root.insert(1, standoff)
