"""Entities: the record's parties and the register's names, described once and marked in the text.

Only names the record itself gives (its title, signatures, bracket
identifications) or the register lists are tagged. No guessing from
capital letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from teitools.readers import names
from teitools.record import AltName, Block, Deferred, Entity, Inline, Name, Record, Supplied

KIND_PREFIX = {"person": "per", "place": "pl", "org": "org"}
_SPACES = re.compile(r"\s+")


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

    def size(self) -> tuple[int, int]:
        """What linking depends on has changed iff this has: entities and forms are only ever added."""
        return len(self.entities), len(self._forms)

    def copy(self) -> EntityIndex:
        copied = EntityIndex(self.register)
        copied.entities, copied._forms = dict(self.entities), dict(self._forms)
        return copied

    def add_variant(self, ent: Entity, form: str) -> None:
        if names.fold(form) != names.fold(ent.reg) and form not in ent.variants:
            ent.variants.append(form)
        self._forms.setdefault(names.fold(form), ent.xml_id)

    def patterns(self) -> list[NameMatcher]:
        """Matchers for the record's own forms and for the register's (the register's compiled once per
        register, not once per record: compiling an alternation of every form each time was most of the cost)."""
        return [m for m in (names_pattern(frozenset(self._forms)), register_pattern(self.register.forms))
                if m is not None]

    def resolve(self, text: str) -> Entity | None:
        key = names.fold(names.unspace(_SPACES.sub(" ", text)))
        if key in self._forms:
            return self.entities[self._forms[key]]
        entry = self.register.lookup(key)
        if entry:
            return self.add(entry.reg, entry.kind)
        return None


_WORD = re.compile(r"[^\W_](?:[\w'’-]*\w)?")
_LETTER_SPACED = re.compile(r"(?<!\w)(?:[^\W\d_] ){2,}[^\W\d_](?!\w)")


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(names.fold(w) for w in _WORD.findall(text))


@dataclass
class NameMatch:
    """A name found in text, shaped like a regex match for the callers."""

    role_start: int | None
    name_start: int
    end_: int
    text: str

    def start(self, group: str | None = None) -> int:
        if group == "name" or self.role_start is None:
            return self.name_start
        return self.role_start

    def end(self) -> int:
        return self.end_

    def group(self, name: str) -> str | None:
        if name == "name":
            return self.text[self.name_start: self.end_]
        return self.text[self.role_start: self.name_start].strip() if self.role_start is not None else None


class NameMatcher:
    """Finds known name forms written with a capital, with an optional form of address or office before them.

    One alternation of forms, longest first (see ``EntityIndex.patterns`` and ``find_names``), grouped by the
    capital each begins with, so that the regular expression engine skips to the capitals of the text rather
    than trying every form at every character; the rest of a form matches in any case. A possessive ``'s``
    stays outside the name.
    """

    def __init__(self, forms: frozenset[str]) -> None:
        groups: dict[str, list[str]] = {}
        for f in sorted(forms, key=lambda x: (-len(x), x)):
            toks = _WORD.findall(f)
            if not toks or len(f) < 3:
                continue
            capital = "".join(sorted({c for c in (toks[0][0].upper(), toks[0][0].title()) if c.isupper()}))
            if not capital:
                continue  # a form that begins with a digit is never a name written with a capital
            rest = [toks[0][1:], *toks[1:]]
            alts = groups.setdefault(capital, [])
            alts.append(r"[\s.]+".join(re.escape(t) for t in rest) if len(toks) > 1 else re.escape(rest[0]))
            if len(toks) == 1 and len(f) > 3:
                alts.append("".join(r"\s" + re.escape(c) for c in rest[0]))  # letter-spaced: S H T Y K O V
        branches = [f"[{re.escape(capital)}]" + r"(?<![\w-].)" + f"(?i:{'|'.join(alts)})"
                    for capital, alts in groups.items()]
        self.rx = re.compile(rf"(?P<name>{'|'.join(branches)})(?=(?:['’]s)?(?![\w-]))") if branches else None


def find_names(text: str, matchers: list[NameMatcher]) -> list[NameMatch]:
    """The names of all matchers in ``text``, left to right as one alternation would find them: the leftmost
    match wins, the longer one where two start together, and the search goes on after it."""
    rxs = [m.rx for m in matchers if m.rx is not None]
    found = [rx.search(text) for rx in rxs]
    out = []
    while True:
        live = [(m.start(), m.start() - m.end(), k) for k, m in enumerate(found) if m is not None]
        if not live:
            return out
        m = found[min(live)[2]]
        role = _ROLE_TAIL.search(text, max(0, m.start() - 40), m.start())
        out.append(NameMatch(role.start("role") if role else None, m.start(), m.end("name"), text))
        for k, other in enumerate(found):
            if other is not None and other.start() < m.end():
                found[k] = rxs[k].search(text, m.end())


_ROLE_TAIL = re.compile(r"(?:^|(?<=[\s(\[“\"]))(?P<role>%s)\s+$" % "|".join(
    re.escape(r) for r in sorted(names.HONORIFICS + names.OFFICES, key=len, reverse=True)), re.IGNORECASE)


def _matcher(forms: frozenset[str]) -> NameMatcher | None:
    return NameMatcher(forms) if forms else None


# one builder, two caches: a register's matcher is never pushed out by the records' own
names_pattern = lru_cache(maxsize=256)(_matcher)
register_pattern = lru_cache(maxsize=4)(_matcher)


def link_text(content: list[Inline], index: EntityIndex, patterns: list[NameMatcher]) -> list[Inline]:
    """Wrap known names in plain text pieces; link existing Name and AltName nodes to their entities."""
    out: list[Inline] = []
    for node in content:
        if isinstance(node, str):
            out.extend(_split_names(node, index, patterns))
        elif isinstance(node, Name):
            bare = names.split_honorific(node.text)[1]
            ent = index.resolve(bare) if node.name_type != "pseudonym" else None
            if ent:
                node.ref, node.kind = ent.xml_id, ent.kind
            out.append(node)
        elif isinstance(node, Supplied):
            node.content = link_text(node.content, index, patterns)
            out.append(node)
        else:
            out.append(node)
    _link_alt_names(out, index)
    return out


def _split_names(text: str, index: EntityIndex, patterns: list[NameMatcher]) -> list[Inline]:
    out: list[Inline] = []
    pos = 0
    for m in find_names(text, patterns):
        ent = index.resolve(m.group("name"))
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
    for party in [*rec.senders, *rec.recipients, *rec.participants]:
        ent = index.add(party.name, party.kind, role=party.role, pseudonym=party.pseudonym)
        party.ref = ent.xml_id
    for place in (rec.sender_place, rec.recipient_place):
        if place:
            index.add(place, "place")
    blocks: list[Block] = [b for d in rec.divisions for b in d.blocks if d.lang in (None, "en")]
    patterns = index.patterns()
    relinking: _Relinking | None = None
    changed = True  # by a block kept whole since the index was last kept for the encoder
    for b in blocks:
        if isinstance(b.content, Deferred):
            relinking = relinking or _Relinking(patterns)
            relinking.add(index, changed)
            changed = False
            link_text(b.content.content(), index, patterns)  # for what it adds to the index: linked again later
            b.content.relink = relinking.link
        else:
            size = index.size()
            b.content = link_text(b.content, index, patterns)
            changed = changed or index.size() != size
    rec.summary_content = link_text(rec.summary_content, index, patterns)
    rec.entities = list(index.entities.values())


class _Relinking:
    """A big record's deferred blocks linked again as the encoder makes them, in document order: each with the
    index as it stood before it in ``link_record`` — replayed from one deferred block to the next, and kept
    where a block kept whole (not linked again) changed it."""

    def __init__(self, patterns: list[NameMatcher]) -> None:
        self.patterns = patterns
        self.count = 0  # deferred blocks seen by link_record
        self.kept: dict[int, EntityIndex] = {}  # deferred block's number → the index as it stood before it
        self.index: EntityIndex | None = None
        self.linked = 0  # deferred blocks linked again

    def add(self, index: EntityIndex, changed: bool) -> None:
        """One more deferred block; ``changed``: a block kept whole changed the index since the last one."""
        if changed:
            self.kept[self.count] = index.copy()
        self.count += 1

    def link(self, content: list[Inline]) -> list[Inline]:
        kept = self.kept.pop(self.linked, None)
        if kept is not None:
            self.index = kept
        self.linked += 1
        return link_text(content, self.index, self.patterns)
