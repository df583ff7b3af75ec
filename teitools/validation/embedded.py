"""The ISO Schematron a schema carries inside itself, as one Schematron schema.

ODD processors write each TEI constraint (``constraintSpec``) into the RELAX NG they generate as a ``sch:pattern``
beside the grammar, and into an XSD's ``xs:appinfo``; jing ignores them, Oxygen runs them. Gathering them needs
no XSLT: the namespace declarations, the schema-level ``let``s, the patterns, phases and diagnostics are copied
into a ``sch:schema`` in document order, which ``schematron.Schematron`` then compiles like any other.
"""

from __future__ import annotations

import copy

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
_TOP = {f"{{{SCH}}}{name}" for name in ("ns", "let", "pattern", "phase", "diagnostics", "title")}


def embedded_schematron(grammar: etree._ElementTree | etree._Element) -> etree._Element | None:
    """A ``sch:schema`` of the patterns embedded in ``grammar`` (RELAX NG or XSD), or None when it has none."""
    root = grammar.getroot() if isinstance(grammar, etree._ElementTree) else grammar
    if root.tag.startswith(f"{{{SCH}}}"):
        return None  # a Schematron schema itself, not a grammar that embeds one
    schema = etree.Element(f"{{{SCH}}}schema", queryBinding="xslt2", nsmap={"sch": SCH})
    found = False
    for el in root.iter(*_TOP):
        if any(a.tag.startswith(f"{{{SCH}}}") for a in el.iterancestors()):
            continue  # inside a pattern or rule: copied with it
        piece = copy.deepcopy(el)
        piece.tail = None
        if el.sourceline:
            piece.sourceline = el.sourceline  # messages about the schema point into the grammar's own lines
        schema.append(piece)
        found = found or el.tag == f"{{{SCH}}}pattern"
    return schema if found else None
