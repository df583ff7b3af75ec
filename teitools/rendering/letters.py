"""The letters a header lists (a CMIF file, an edition's register of letters): a table, sortable in the page.

A header with one ``correspDesc`` describes its own letter, shown in the metadata panel; one with several lists
letters, read as ``teitools cmif`` reads them (names, places and dates as written, authority URIs from ``@ref``)
and shown as a table in date order — date, sender, place, addressee, the letter in its edition — whose columns a
reader can sort. A name's authority records are linked under their register's name (GND, VIAF, GeoNames …).
"""

from __future__ import annotations

import urllib.parse

from lxml import etree

from teitools.cmif.letters import Action, Dating, Letter, Party, Place, letters_of
from teitools.rendering.html import attr, esc, uri_attr

T = "{http://www.tei-c.org/ns/1.0}"
AUTHORITIES = {"d-nb.info": "GND", "viaf.org": "VIAF", "www.wikidata.org": "Wikidata", "wikidata.org": "Wikidata",
               "www.geonames.org": "GeoNames", "sws.geonames.org": "GeoNames", "id.loc.gov": "LC",
               "data.bnf.fr": "BnF", "catalogue.bnf.fr": "BnF", "id.ndl.go.jp": "NDL"}
SORT_SCRIPT = (
    "<script>document.querySelectorAll('table.letters th button').forEach(function(b){"
    "b.addEventListener('click',function(){var th=b.parentNode,table=th.closest('table'),"
    "i=Array.prototype.indexOf.call(th.parentNode.children,th),up=th.getAttribute('aria-sort')!=='ascending';"
    "table.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort')});"
    "th.setAttribute('aria-sort',up?'ascending':'descending');var body=table.tBodies[0],"
    "rows=Array.prototype.slice.call(body.rows);rows.sort(function(x,y){var a=x.cells[i].getAttribute('data-sort'),"
    "c=y.cells[i].getAttribute('data-sort');return (a<c?-1:a>c?1:0)*(up?1:-1)});"
    "rows.forEach(function(r){body.appendChild(r)})})});</script>")
_COLUMNS = ("Date", "From", "Place", "To", "Letter")
UNDATED = "9999"  # sorts after every date


def lists_letters(root: etree._Element) -> bool:
    """Whether the header lists letters (several ``correspDesc``) rather than describing its own."""
    header = root.find(f"{T}teiHeader")
    return header is not None and sum(1 for _ in header.iter(f"{T}correspDesc")) > 1


def letters_table(root: etree._Element) -> list[str]:
    """The table of the letters the header lists, in date order (undated last)."""
    letters = sorted(letters_of(root), key=lambda letter: _sort_date(letter) or UNDATED)
    out = [f'<section class="letters-list"><h2>Letters ({len(letters)})</h2><table class="letters"><thead><tr>']
    for k, column in enumerate(_COLUMNS):
        sort = ' aria-sort="ascending"' if k == 0 else ""
        out.append(f'<th scope="col"{sort}><button type="button">{column}</button></th>')
    out.append("</tr></thead><tbody>")
    for letter in letters:
        sent = _action(letter, "sent")
        received = _action(letter, "received")
        out.append("<tr>")
        out += _cell(_date_text(sent.date if sent else None), _sort_date(letter) or UNDATED)
        out += _cell_markup(_parties(sent), _names(sent))
        out += _cell_markup(_places(sent), " ".join(p.name for p in sent.places).lower() if sent else "")
        out += _cell_markup(_parties(received), _names(received))
        out += _cell_markup(_letter_link(letter), letter.url or letter.key or "")
        out.append("</tr>")
    out.append("</tbody></table></section>")
    return out


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


def _cell(text: str, sort: str) -> list[str]:
    return [f"<td data-sort{attr(sort)}>{esc(text)}</td>"]


def _cell_markup(markup: list[str], sort: str) -> list[str]:
    return [f"<td data-sort{attr(sort)}>", *markup, "</td>"]


def _parties(action: Action | None) -> list[str]:
    return _listed(action.parties if action else ())


def _places(action: Action | None) -> list[str]:
    return _listed(action.places if action else ())


def _listed(entities: tuple[Party, ...] | tuple[Place, ...]) -> list[str]:
    out: list[str] = []
    for k, entity in enumerate(entities):
        if k:
            out.append("; ")
        out += _named(entity)
    return out


def _named(entity: Party | Place) -> list[str]:
    name = entity.name + (" ?" if entity.uncertain else "")
    out = [esc(f"[{name}]" if entity.conjectured else name)]
    for uri in entity.refs:
        out.append(f' <a class="authority" href{uri_attr(uri)}>{esc(authority_label(uri))}</a>')
    return out


def authority_label(uri: str) -> str:
    """What an authority link is shown as: its register's name (GND, VIAF …), else its host."""
    host = urllib.parse.urlsplit(uri).hostname or uri
    return AUTHORITIES.get(host, host)


def _letter_link(letter: Letter) -> list[str]:
    if letter.url:
        return [f"<a href{uri_attr(letter.url)}>edition</a>"]
    return [esc(f"No. {letter.key}")] if letter.key else []
