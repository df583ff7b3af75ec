"""The letters a header lists (a CMIF file, an edition's register of letters): a table, sortable in the page.

A header with one ``correspDesc`` describes its own letter, shown in the metadata panel; one with several lists
letters, read as ``teitools cmif`` reads them (names, places and dates as written, authority URIs from ``@ref``)
and shown as a table in date order — date, sender, place, addressee, the letter in its edition — each cell
with the key it sorts by. A name's authority records are linked under their register's name (GND, VIAF …).
"""

from __future__ import annotations

import urllib.parse

from lxml import etree

from teitools.cmif.letters import Action, Dating, Letter, Party, Place, letters_of
from teitools.rendering.view import Node

T = "{http://www.tei-c.org/ns/1.0}"
AUTHORITIES = {"d-nb.info": "GND", "viaf.org": "VIAF", "www.wikidata.org": "Wikidata", "wikidata.org": "Wikidata",
               "www.geonames.org": "GeoNames", "sws.geonames.org": "GeoNames", "id.loc.gov": "LC",
               "data.bnf.fr": "BnF", "catalogue.bnf.fr": "BnF", "id.ndl.go.jp": "NDL"}
_COLUMNS = ("Date", "From", "Place", "To", "Letter")
UNDATED = "9999"  # sorts after every date


def lists_letters(root: etree._Element) -> bool:
    """Whether the header lists letters (several ``correspDesc``) rather than describing its own."""
    header = root.find(f"{T}teiHeader")
    return header is not None and sum(1 for _ in header.iter(f"{T}correspDesc")) > 1


def letters_table(root: etree._Element) -> Node:
    """The table of the letters the header lists, in date order (undated last): a node of kind ``letters``
    (props ``columns``; ``rows``, each a list of cells (sort key, content))."""
    letters = sorted(letters_of(root), key=lambda letter: _sort_date(letter) or UNDATED)
    rows = []
    for letter in letters:
        sent = _action(letter, "sent")
        received = _action(letter, "received")
        rows.append([(_sort_date(letter) or UNDATED, [_date_text(sent.date if sent else None)]),
                     (_names(sent), _parties(sent)),
                     (" ".join(p.name for p in sent.places).lower() if sent else "", _places(sent)),
                     (_names(received), _parties(received)),
                     (letter.url or letter.key or "", _letter_link(letter))])
    return Node("letters", props={"columns": _COLUMNS, "rows": rows})


def _action(letter: Letter, kind: str) -> Action | None:
    return next((a for a in letter.actions if a.type == kind), None)


def _sort_date(letter: Letter) -> str | None:
    for action in letter.actions:
        if action.date is not None:
            values = dict(action.date.attributes)
            for key in ("when", "from", "notBefore", "to", "notAfter"):
                if key in values:
                    return values[key]
    return None


def _date_text(date: Dating | None) -> str:
    if date is None:
        return ""
    values = dict(date.attributes)
    if "when" in values:
        text = values["when"]
    elif "from" in values or "to" in values:
        text = f"{values.get('from', '…')}–{values.get('to', '…')}"
    elif "notBefore" in values and "notAfter" in values:
        text = f"{values['notBefore']}–{values['notAfter']}"
    elif "notBefore" in values:
        text = f"after {values['notBefore']}"
    else:
        text = f"before {values.get('notAfter', '')}"
    if date.uncertain:
        text += " ?"
    return f"[{text}]" if date.conjectured else text


def _names(action: Action | None) -> str:
    return " ".join(p.name for p in action.parties).lower() if action else ""


def _parties(action: Action | None) -> list:
    return _listed(action.parties if action else ())


def _places(action: Action | None) -> list:
    return _listed(action.places if action else ())


def _listed(entities: tuple[Party, ...] | tuple[Place, ...]) -> list:
    out: list = []
    for k, entity in enumerate(entities):
        if k:
            out.append("; ")
        out += _named(entity)
    return out


def _named(entity: Party | Place) -> list:
    name = entity.name + (" ?" if entity.uncertain else "")
    out: list = [f"[{name}]" if entity.conjectured else name]
    for uri in entity.refs:
        out += [" ", Node("link", children=[authority_label(uri)], style=("authority",), props={"href": uri})]
    return out


def authority_label(uri: str) -> str:
    """What an authority link is shown as: its register's name (GND, VIAF …), else its host."""
    host = urllib.parse.urlsplit(uri).hostname or uri
    return AUTHORITIES.get(host, host)


def _letter_link(letter: Letter) -> list:
    if letter.url:
        return [Node("link", children=["edition"], props={"href": letter.url})]
    return [f"No. {letter.key}"] if letter.key else []
