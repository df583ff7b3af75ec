"""The correspondence metadata of TEI documents, as CMIF can carry it: who sent a letter to whom, where, when.

Read from each ``correspDesc`` of a document's header (a letter's own, or the many of a CMIF file). Names
stand as written; a name that only points (``persName ref="#p1"``) takes the name of the entry it points
to. Authority URIs come from ``@ref`` (an http(s) URI, a ``#id`` of a list in the document whose ``idno``s
hold them, or a prefix its ``prefixDef``s expand). Dates keep what their attributes say, cut to the
precisions CMIF allows (a year, a month, a day), never made more precise. Nothing is looked up elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from teitools.xml import TEI, XML_NS

T = f"{{{TEI}}}"
XML_ID = f"{{{XML_NS}}}id"

# correspAction/@type → the CMIF action; other actions (transmitted, redirected, forwarded …) are not in CMIF v1
ACTION_TYPES = {"sent": "sent", "sentby": "sent", "received": "received", "receivedby": "received",
                "deliveredto": "received"}
PARTY_TAGS = {"persName": "persName", "orgName": "orgName", "name": "persName", "persGrp": "persName"}
ORG_NAME_TYPES = {"org", "organisation", "organization", "institution", "corporate"}
PLACE_TAGS = ("placeName", "settlement", "geogName")
DATE_ATTRIBUTES = ("when", "from", "to", "notBefore", "notAfter")
# a CMIF date is a year, a month or a day; a time of day after it is cut off, anything else is not taken
CMIF_DATE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?$")
# authority files CMIF names, first in @ref when an entity has several identifiers
AUTHORITY_ORDER = ("d-nb.info/gnd/", "viaf.org/", "id.loc.gov/", "catalogue.bnf.fr/", "data.bnf.fr/",
                   "id.ndl.go.jp/", "geonames.org/", "wikidata.org/")
EDITION_TYPES = ("print", "online", "hybrid")
REGISTER_TAGS = ("person", "personGrp", "org", "place", "bibl", "item", "nym")


@dataclass(frozen=True)
class Party:
    kind: str  # persName or orgName
    name: str
    refs: tuple[str, ...] = ()
    uncertain: bool = False  # @cert below high
    conjectured: bool = False  # @evidence="conjecture"


@dataclass(frozen=True)
class Place:
    name: str
    refs: tuple[str, ...] = ()
    uncertain: bool = False
    conjectured: bool = False


@dataclass(frozen=True)
class Dating:
    attributes: tuple[tuple[str, str], ...]  # (when|from|to|notBefore|notAfter, YYYY[-MM[-DD]]) in that order
    uncertain: bool = False
    conjectured: bool = False


@dataclass(frozen=True)
class Action:
    type: str  # sent or received
    parties: tuple[Party, ...] = ()
    places: tuple[Place, ...] = ()
    date: Dating | None = None


@dataclass(frozen=True)
class Letter:
    actions: tuple[Action, ...]
    url: str | None = None  # the letter in its digital edition
    key: str | None = None  # the letter's number in a printed edition
    source: str | None = None  # the xml:id of the bibl of the edition it comes from, when the input says so
    page: str | None = None  # the letter's page in a site built from the same folder (relative path)

    def action(self, kind: str) -> Action | None:
        return next((a for a in self.actions if a.type == kind), None)


@dataclass(frozen=True)
class Edition:
    """A ``sourceDesc/bibl`` a CMIF input names its letters' edition by, kept for its letters."""

    xml_id: str
    type: str  # print, online or hybrid
    xml: bytes = field(repr=False)  # the bibl as the input wrote it (its xml:id is ``xml_id`` in the output)


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class Entities:
    """The document's entries with an xml:id, and its prefix definitions: what ``@ref`` may point to."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self._ids: dict[str, etree._Element] | None = None
        self.prefixes = [(d.get("ident"), d.get("matchPattern"), d.get("replacementPattern"))
                         for d in root.iter(f"{T}prefixDef")
                         if d.get("ident") and d.get("matchPattern") and d.get("replacementPattern")]

    def by_id(self, xml_id: str) -> etree._Element | None:
        if self._ids is None:
            self._ids = {el.get(XML_ID): el for el in self.root.iter(*(f"{T}{t}" for t in REGISTER_TAGS))
                         if el.get(XML_ID)}
        return self._ids.get(xml_id)

    def authority_uris(self, ref: str | None) -> tuple[str, ...]:
        """The http(s) URIs the tokens of ``ref`` stand for, authority files first."""
        found: list[str] = []
        for token in (ref or "").split():
            for uri in self._uris_of(token):
                if uri not in found:
                    found.append(uri)
        rank = {uri: next((k for k, a in enumerate(AUTHORITY_ORDER) if a in uri), len(AUTHORITY_ORDER))
                for uri in found}
        return tuple(sorted(found, key=rank.__getitem__))

    def _uris_of(self, token: str) -> list[str]:
        if token.startswith(("http://", "https://")):
            return [token]
        if token.startswith("#"):
            entry = self.by_id(token[1:])
            if entry is None:
                return []
            uris = [t for t in map(_text, entry.iterfind(f"{T}idno")) if t.startswith(("http://", "https://"))]
            uris += [u for attr in ("ref", "sameAs") for u in (entry.get(attr) or "").split()
                     if u.startswith(("http://", "https://"))]
            return uris
        prefix, colon, rest = token.partition(":")
        if colon:
            for ident, match, replacement in self.prefixes:
                if ident == prefix and re.fullmatch(match, rest):
                    expanded = re.sub(match, _java_groups(replacement), rest, count=1)
                    return [expanded] if expanded.startswith(("http://", "https://")) else []
        return []

    def name_of(self, el: etree._Element) -> str:
        """The name as written, else the preferred name of the entry its ``@ref`` points to."""
        text = _text(el)
        if text:
            return text
        for token in (el.get("ref") or "").split():
            entry = self.by_id(token[1:]) if token.startswith("#") else None
            if entry is None:
                continue
            names = [c for c in entry.iter() if _local(c) in ("persName", "orgName", "name", "placeName")]
            preferred = next((n for n in names if n.get("type") in ("reg", "main", "full", "pref")), None)
            chosen = preferred if preferred is not None else (names[0] if names else None)
            if _text(chosen):
                return _text(chosen)
        return ""


def _java_groups(replacement: str) -> str:
    """prefixDef's replacementPattern writes groups as $1; Python's re as \\1."""
    return re.sub(r"\$(\d)", r"\\\1", replacement.replace("\\", "\\\\"))


def _uncertain(el: etree._Element) -> bool:
    return el.get("cert") in ("low", "medium", "unknown")


def _dating(el: etree._Element) -> Dating | None:
    found = []
    for name in DATE_ATTRIBUTES:
        value = el.get(name) or el.get(f"{name}-iso")
        m = CMIF_DATE.match((value or "").strip())
        if m:
            found.append((name, m.group(1)))
    if not found:
        return None
    return Dating(tuple(found), _uncertain(el), el.get("evidence") == "conjecture")


def _action(kind: str, elements: list[etree._Element], entities: Entities) -> Action:
    parties: list[Party] = []
    places: list[Place] = []
    date: Dating | None = None
    for action in elements:
        for child in action:
            local = _local(child)
            if local in PARTY_TAGS:
                name = entities.name_of(child)
                if not name:
                    continue
                org = local == "orgName" or (local == "name" and (child.get("type") or "").lower() in ORG_NAME_TYPES)
                parties.append(Party("orgName" if org else "persName", name, entities.authority_uris(child.get("ref")),
                                     _uncertain(child), child.get("evidence") == "conjecture"))
            elif local in PLACE_TAGS:
                name = entities.name_of(child)
                if name:
                    places.append(Place(name, entities.authority_uris(child.get("ref")), _uncertain(child),
                                        child.get("evidence") == "conjecture"))
            elif local == "date" and date is None:
                date = _dating(child)
    return Action(kind, tuple(parties), tuple(places), date)


def letters_of(root: etree._Element, page: str | None = None) -> list[Letter]:
    """The letters ``correspDesc``s of the document's header describe, in document order; ``page`` is where the
    document's page stands in a site built from it (relative), for its letters' URLs."""
    header = root.find(f"{T}teiHeader")
    if header is None:
        return []
    entities = Entities(root)
    out = []
    for desc in header.iter(f"{T}correspDesc"):
        by_type: dict[str, list[etree._Element]] = {}
        for action in desc.iterfind(f"{T}correspAction"):
            kind = ACTION_TYPES.get((action.get("type") or "").lower())
            if kind:
                by_type.setdefault(kind, []).append(action)
        if not by_type:
            continue
        actions = tuple(_action(kind, by_type[kind], entities) for kind in ("sent", "received") if kind in by_type)
        own_url = next((u for u in (desc.get("ref") or "").split() if u.startswith(("http://", "https://"))), None)
        source = (desc.get("source") or "").strip()
        out.append(Letter(actions, own_url, (desc.get("key") or "").strip() or None,
                          source[1:] if source.startswith("#") and " " not in source else None, page))
    return out


def is_metadata_only(root: etree._Element) -> bool:
    """A header without a text (a CMIF file): its ``bibl``s describe editions, not the letter itself."""
    text = root.find(f"{T}text")
    return text is None or not "".join(text.itertext()).strip()


def editions_of(root: etree._Element) -> list[Edition]:
    """The editions a CMIF input's letters point to by ``@source`` (its ``sourceDesc/bibl``s with an xml:id); none
    for a letter, whose ``bibl`` cites the letter itself and points into its own document."""
    out: list[Edition] = []
    if not is_metadata_only(root):
        return out
    for bibl in root.iterfind(f"{T}teiHeader/{T}fileDesc/{T}sourceDesc/{T}bibl"):
        if bibl.get(XML_ID) and bibl.get("type") in EDITION_TYPES:
            out.append(Edition(bibl.get(XML_ID), bibl.get("type"), etree.tostring(bibl, with_tail=False)))
    return out
