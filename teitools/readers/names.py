"""Name handling: forms of address, offices, pseudonyms, letter-spacing, name order.

Only what the text itself says is used. The pseudonym table and the register
(``teitools/data/register.xml``) are curated, checked lists, never fuzzy look-ups.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

HONORIFICS = ["comrades", "comrade", "cdes.", "cde.", "cdes", "cde", "comr.", "cmrds", "com.", "tov.", "mr.",
              "mrs.", "ms.", "mr", "mrs", "dr.", "sir", "herr", "frau", "monsieur", "madame"]
PLURAL_HONORIFICS = {"comrades", "cdes.", "cdes", "cmrds", "messrs."}

OFFICES = [
    "consul general", "commission chairman", "deputy commander in chief", "commander-in-chief",
    "executive secretary", "general secretary", "first secretary", "foreign minister", "prime minister",
    "vice premier", "charge d'affaires", "chargé d'affaires", "ambassador", "governor", "governer", "chairman",
    "marshal", "general", "premier", "minister", "secretary", "president", "chancellor", "consul", "leader",
    "commander", "envoy", "counsellor", "counselor", "attaché", "attache", "director", "head", "chief",
    "bundeskanzler", "außenminister", "abteilungsleiter",
]

# Curated pseudonyms of record-format.md §7: printed name → real name.

_HON_RE = re.compile(r"^(?P<hon>(?:%s))\s+" % "|".join(re.escape(h) for h in
                                                       sorted(HONORIFICS, key=len, reverse=True)),
                     re.IGNORECASE)
_OFF_RE = re.compile(r"^(?P<off>(?:[A-Z][\w-]*\s+){0,3}?(?:%s))\s+(?=[A-Z])" % "|".join(
    re.escape(o) for o in sorted(OFFICES, key=len, reverse=True)), re.IGNORECASE)
_LETTER_SPACED = re.compile(r"^(?:[^\W\d_] ){2,}[^\W\d_]$")

PRONOUNS_AND_STARTERS = {
    "i", "we", "he", "she", "they", "it", "you", "the", "a", "an", "this", "that", "these", "those", "our",
    "your", "his", "her", "their", "my", "its", "in", "on", "at", "to", "of", "and", "but", "or", "if", "as",
    "for", "with", "by", "from", "after", "before", "when", "then", "there", "here", "so", "yes", "no",
    "please", "dear", "all", "some", "both",
}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-, accent- and apostrophe-insensitive key."""
    if text.isascii():
        return text.casefold().strip()
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


_TOKEN_SPLIT = re.compile(r"[\s.\-]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def tokens(name: str) -> set[str]:
    return {t for t in _TOKEN_SPLIT.split(fold(unspace(name))) if len(t) > 1}


def unspace(name: str) -> str:
    """``S H T Y K O V`` → ``SHTYKOV``; other names unchanged."""
    stripped = name.strip()
    return stripped.replace(" ", "") if _LETTER_SPACED.match(stripped) else stripped


def display_case(name: str) -> str:
    """``MAO ZEDONG`` → ``Mao Zedong`` (for the regular form only; the text keeps its case)."""
    name = unspace(name)
    if name.isupper() and len(name) > 3:
        return " ".join(w[:1] + w[1:].lower() if len(w) > 3 or "-" in w or w.isalpha() else w
                        for w in name.split())
    return name


def split_honorific(text: str) -> tuple[str | None, str]:
    m = _HON_RE.match(text)
    if m:
        return m.group("hon"), text[m.end():]
    return None, text


def split_office(text: str) -> tuple[str | None, str]:
    m = _OFF_RE.match(text)
    if m:
        return m.group("off"), text[m.end():]
    return None, text


def is_office(word: str) -> bool:
    w = fold(word).rstrip(".,:;").removesuffix("'s")
    return w in {fold(o) for o in OFFICES} or w in {fold(h) for h in HONORIFICS}


def is_honorific(word: str) -> bool:
    return fold(word) in {fold(h) for h in HONORIFICS}


def same_person(a: str, b: str) -> bool:
    """Two written forms of one name: same token set, or one's tokens inside the other's."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return False
    return ta <= tb or tb <= ta


def slug(text: str) -> str:
    folded = fold(unspace(text))
    return _NOT_SLUG.sub("-", folded).strip("-") or "x"




@dataclass
class RegisterEntry:
    xml_id: str
    kind: str  # person | place | org
    reg: str
    names: list[str] = field(default_factory=list)
    idnos: dict[str, str] = field(default_factory=dict)
    pseudonyms: list[str] = field(default_factory=list)  # persName[@type="pseudonym"]: names used to hide the person


class Register:
    """Known entities: names and checked identifiers, read from a TEI list file."""

    def __init__(self, entries: list[RegisterEntry]) -> None:
        self.entries = entries
        self._by_name: dict[str, RegisterEntry] = {}
        self._by_pseudonym: dict[str, RegisterEntry] = {}
        self._forms: frozenset[str] | None = None
        for e in entries:
            for n in [e.reg, *e.names]:
                self._by_name.setdefault(fold(n), e)
            for n in e.pseudonyms:
                self._by_pseudonym.setdefault(fold(unspace(n)).rstrip("."), e)

    def real_name_of(self, pseudonym: str) -> str | None:
        """The regular name of the person the register knows under ``pseudonym``."""
        entry = self._by_pseudonym.get(fold(unspace(pseudonym)).rstrip("."))
        return entry.reg if entry else None

    @property
    def forms(self) -> frozenset[str]:
        """Every name form, folded: one frozenset per register, so its hash is worked out once."""
        if self._forms is None:
            self._forms = frozenset(self._by_name)
        return self._forms

    def lookup(self, name: str) -> RegisterEntry | None:
        return self._by_name.get(fold(display_case(name)))

    def names(self) -> list[tuple[str, RegisterEntry]]:
        return sorted(((n, e) for e in self.entries for n in [e.reg, *e.names]), key=lambda p: -len(p[0]))

    @classmethod
    def from_tei(cls, data: bytes, name: str = "<register>") -> Register:
        from teitools.xml import TEI, parse_bytes

        root = parse_bytes(data, name).getroot()
        entries = []
        for tag, kind, name_tag in (("person", "person", "persName"), ("place", "place", "placeName"),
                                    ("org", "org", "orgName")):
            for el in root.iter(f"{{{TEI}}}{tag}"):
                all_names = el.findall(f"{{{TEI}}}{name_tag}")
                names = ["".join(n.itertext()).strip() for n in all_names if n.get("type") != "pseudonym"]
                pseudonyms = ["".join(n.itertext()).strip() for n in all_names if n.get("type") == "pseudonym"]
                reg = next(("".join(n.itertext()).strip() for n in el.findall(f"{{{TEI}}}{name_tag}")
                            if n.get("type") == "reg"), names[0] if names else "")
                idnos = {i.get("type", "URI"): (i.text or "").strip() for i in el.findall(f"{{{TEI}}}idno")}
                xml_id = el.get("{http://www.w3.org/XML/1998/namespace}id") or slug(reg)
                entries.append(RegisterEntry(xml_id, kind, reg, [n for n in names if n != reg], idnos, pseudonyms))
        return cls(entries)


@lru_cache(maxsize=1)
def default_register() -> Register:
    data = resources.files("teitools").joinpath("data/register.xml").read_bytes()
    return Register.from_tei(data)
