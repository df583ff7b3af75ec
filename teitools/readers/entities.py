"""Entities: the record's parties and the register's names, described once and marked in the text.

Only names the record itself gives (its title, signatures, bracket
identifications) or the register lists are tagged. No guessing from
capital letters.
"""

from __future__ import annotations

import re

from teitools.readers import names
from teitools.record import AltName, Block, Entity, Inline, Name, Record, Supplied

KIND_PREFIX = {"person": "per", "place": "pl", "org": "org"}


class EntityIndex:
    def __init__(self, register: names.Register) -> None:
        self.register = register
        self.entities: dict[str, Entity] = {}
        self._forms: dict[str, str] = {}  # folded form → id

    def add(self, name: str, kind: str, *, role: str | None = None, pseudonym: str | None = None) -> Entity:
        existing = self.find(name, kind)
        if existing:
            if pseudonym and pseudonym not in existing.pseudonyms:
                existing.pseudonyms.append(pseudonym)
            if role and role not in existing.roles:
                existing.roles.append(role)
            return existing
        entry = self.register.lookup(name)
        if entry and entry.kind == kind:
            ent = Entity(entry.xml_id, kind, entry.reg, variants=[], idnos=dict(entry.idnos))
            forms = [entry.reg, *entry.names, name]
        else:
            reg = names.display_case(name)
            base = f"{KIND_PREFIX[kind]}-{names.slug(reg)}"
            xml_id, n = base, 2
            while xml_id in self.entities:
                xml_id, n = f"{base}-{n}", n + 1
            ent = Entity(xml_id, kind, reg)
            forms = [name, reg]
        if pseudonym:
            ent.pseudonyms.append(pseudonym)
            forms.append(pseudonym)
        if role:
            ent.roles.append(role)
        self.entities[ent.xml_id] = ent
        for f in forms:
            self._forms.setdefault(names.fold(names.unspace(f)), ent.xml_id)
        return ent

    def find(self, name: str, kind: str | None = None) -> Entity | None:
        key = names.fold(names.unspace(name))
        xml_id = self._forms.get(key)
        if xml_id is None:
            for ent in self.entities.values():
                if (kind is None or ent.kind == kind) and ent.kind == "person" and names.same_person(ent.reg, name) \
                        and len(names.tokens(name)) > 1:
                    return ent
            return None
        ent = self.entities[xml_id]
        return ent if kind is None or ent.kind == kind else None

    def add_variant(self, ent: Entity, form: str) -> None:
        if names.fold(form) != names.fold(ent.reg) and form not in ent.variants:
            ent.variants.append(form)
        self._forms.setdefault(names.fold(form), ent.xml_id)

    def patterns(self) -> re.Pattern[str] | None:
        """One pattern for every known form, longest first, with letter-spaced variants."""
        forms = set(self._forms)
        for e in self.register.entries:
            for n in [e.reg, *e.names]:
                forms.add(names.fold(n))
        alts = []
        for f in sorted(forms, key=len, reverse=True):
            if len(f) < 3:
                continue
            alts.append(r"\s+".join(re.escape(w) for w in f.split()))
            if " " not in f and len(f) > 3:
                alts.append(r"\s".join(re.escape(c) for c in f))
        if not alts:
            return None
        role = "|".join(re.escape(r) for r in sorted(names.HONORIFICS + names.OFFICES, key=len, reverse=True))
        return re.compile(rf"(?<![\w-])(?:(?P<role>{role})\s+)?(?P<name>{'|'.join(alts)})(?![\w-])", re.IGNORECASE)

    def resolve(self, text: str) -> Entity | None:
        key = names.fold(names.unspace(re.sub(r"\s+", " ", text)))
        if key in self._forms:
            return self.entities[self._forms[key]]
        entry = self.register.lookup(key)
        if entry:
            return self.add(entry.reg, entry.kind)
        return None


def link_text(content: list[Inline], index: EntityIndex, pattern: re.Pattern[str] | None) -> list[Inline]:
    """Wrap known names in plain text pieces; link existing Name and AltName nodes to their entities."""
    out: list[Inline] = []
    for node in content:
        if isinstance(node, str) and pattern is not None:
            out.extend(_split_names(node, index, pattern))
        elif isinstance(node, Name):
            bare = names.split_honorific(node.text)[1]
            ent = index.resolve(bare) if node.name_type != "pseudonym" else None
            if ent:
                node.ref, node.kind = ent.xml_id, ent.kind
            out.append(node)
        elif isinstance(node, Supplied):
            node.content = link_text(node.content, index, pattern)
            out.append(node)
        else:
            out.append(node)
    _link_alt_names(out, index)
    return out


def _split_names(text: str, index: EntityIndex, pattern: re.Pattern[str]) -> list[Inline]:
    out: list[Inline] = []
    pos = 0
    for m in pattern.finditer(text):
        matched = m.group("name")
        if not (matched[:1].isupper()):
            continue
        ent = index.resolve(matched)
        if ent is None:
            continue
        role = m.group("role")
        if role and not role[:1].isupper():
            role = None
        start = m.start() if role else m.start("name")
        if role and ent.kind != "person":
            start = m.start("name")
            role = None
        if text[pos:start]:
            out.append(text[pos:start])
        role_type = None
        if role:
            role_type = "honorific" if names.fold(role) in {names.fold(h) for h in names.HONORIFICS} else "office"
            if role_type == "honorific" and names.fold(role) in names.PLURAL_HONORIFICS:
                out.append(text[start: m.start("name")])
                role, role_type = None, None
                start = m.start("name")
        out.append(Name(text[start: m.end()], ent.kind, ref=ent.xml_id, role=role, role_type=role_type))
        pos = m.end()
    if text[pos:]:
        out.append(text[pos:])
    return out


def _link_alt_names(nodes: list[Inline], index: EntityIndex) -> None:
    """``Name [Variant]``: the variant belongs to the entity of the name before it."""
    for k, node in enumerate(nodes):
        if not isinstance(node, AltName):
            continue
        base = next((n for n in reversed(nodes[:k]) if isinstance(n, Name)), None)
        if base is None:
            continue
        if node.note_type == "identification":
            ent = index.find(node.text, "person") or index.add(node.text, "person")
            pseudo = names.split_honorific(base.text)[1]
            if pseudo not in ent.pseudonyms:
                ent.pseudonyms.append(pseudo)
            base.ref = node.ref = ent.xml_id
            base.kind = node.kind = "person"
            continue
        kind = base.kind if base.kind != "name" else node.kind
        if kind == "name":
            continue
        ent = (index.find(names.split_honorific(base.text)[1], kind) or
               index.add(names.split_honorific(base.text)[1], kind))
        index.add_variant(ent, node.text)
        base.ref = node.ref = ent.xml_id
        base.kind = node.kind = kind


def link_record(rec: Record, register: names.Register) -> None:
    index = EntityIndex(register)
    for party in [*rec.senders, *rec.recipients]:
        ent = index.add(party.name, party.kind, role=party.role, pseudonym=party.pseudonym)
        party.ref = ent.xml_id
    for place in (rec.sender_place, rec.recipient_place):
        if place:
            index.add(place, "place")
    pattern = index.patterns()
    blocks: list[Block] = [b for d in rec.divisions for b in d.blocks if d.lang in (None, "en")]
    for b in blocks:
        b.content = link_text(b.content, index, pattern)
    rec.summary_content = link_text(rec.summary_content, index, pattern)
    rec.entities = list(index.entities.values())
