"""What one document brings to an edition site: its summary, the people, places and organisations it names, and
the letters its ``correspContext`` says come before and after it.

A name is keyed by what its ``@ref`` points to — an authority URI, or an id (``#pmb123``) that the edition's files
share — so that one person named in many letters is one register entry; a name without ``@ref`` is not in the
register (nothing says which person it is). The entry's label is the register's name for it when the document
carries one, else the name as written.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from lxml import etree

from teitools.cmif.letters import Entities
from teitools.rendering.body import T, _local
from teitools.rendering.document import register_entries, summary

KINDS = {"persName": "person", "person": "person", "placeName": "place", "place": "place", "settlement": "place",
         "orgName": "org", "org": "org"}


@dataclass(frozen=True)
class Named:
    kind: str  # person | place | org
    key: str  # the @ref token, without a leading "#"
    label: str
    authority: tuple[str, ...] = ()  # authority URIs the document gives for it (authority files first)


@dataclass
class Facts:
    title: str
    date: str | None
    date_sort: str
    senders: list[str]
    recipients: list[str]
    xml_id: str | None
    names: list[Named] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)  # what correspContext points to: ids, file names, URLs
    following: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Facts:
        return cls(**{**d, "names": [Named(n["kind"], n["key"], n["label"], tuple(n["authority"]))
                                     for n in d["names"]]})


def facts_of(root: etree._Element) -> Facts:
    info = summary(root)
    entries = register_entries(root)
    entities = Entities(root)  # what a @ref stands for, as the CMIF file of the same letters says it
    names: dict[tuple[str, str], Named] = {}
    for el in root.iter(*(f"{T}{tag}" for tag in ("persName", "placeName", "orgName", "settlement"))):
        kind = KINDS[_local(el)]
        for ref in (el.get("ref") or "").split():
            key = ref.removeprefix("#")
            if not key or (kind, key) in names:
                continue
            entry = entries.get(key) if ref.startswith("#") else None
            written = " ".join("".join(el.itertext()).split())
            label = entry.label if entry is not None else written
            if not label:
                continue
            names[(kind, key)] = Named(kind, key, label, entities.authority_uris(ref))
    previous, following = [], []
    for ref in root.iterfind(f"{T}teiHeader//{T}correspContext/{T}ref"):
        sub = (ref.get("subtype") or ref.get("type") or "").lower()
        targets = [t for t in (ref.get("target") or "").split() if t]
        if "prev" in sub:
            previous += targets
        elif "next" in sub:
            following += targets
    return Facts(info.title, info.date, info.date_sort, list(info.senders), list(info.recipients),
                 root.get("{http://www.w3.org/XML/1998/namespace}id"), list(names.values()), previous, following)
