"""Conventions as data: the words of a language or a project that the transcription grammars read.

The built-in conventions are TOML files, one per language (``data/conventions/*.toml``); a project's own file in
the same format (``--conventions FILE``) adds to them and overrides what it names. ``Conventions`` is the merged,
read-only result every grammar is given: it never changes during a run.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TypeVar

from teitools.errors import ResourceError

T = TypeVar("T")

BUILT_IN = ("en", "de", "fr", "es", "it", "la")
FIELDS = {"title", "sender", "recipient", "date", "place", "source", "summary", "type", "language", "translator",
          "contributor", "obtained", "funder", "record-id", "rights"}
BRACKET_KINDS = {"illegible", "damage", "deletion", "addition", "note", "page", "letterhead"}
LETTER_LISTS = ("salutations", "valedictions", "postscript", "enclosure", "notes-heading", "address-words")


@dataclass(frozen=True)
class BracketKeyword:
    keyword: str  # as the file writes it, lower case
    kind: str  # one of BRACKET_KINDS
    place: str | None = None  # of an addition
    language: str = ""


@dataclass(eq=False)  # compared and cached by identity: one merged set per run
class Conventions:
    """Everything language- or project-specific, merged over languages: each entry remembers its language."""

    header: dict[str, str] = field(default_factory=dict)  # key (lower case) → field
    title_from: set[str] = field(default_factory=set)
    title_to: set[str] = field(default_factory=set)
    title_and: set[str] = field(default_factory=set)
    title_date: set[str] = field(default_factory=set)  # "vom", "of", "du": the words that lead to a title's date
    types: dict[str, str] = field(default_factory=dict)
    letter: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in LETTER_LISTS})
    day_prefixes: set[str] = field(default_factory=set)
    day_suffixes: set[str] = field(default_factory=set)
    date_connectors: set[str] = field(default_factory=set)
    place_prefixes: set[str] = field(default_factory=set)  # "Desde Ginebra", "aus Wien": not part of the place
    weekdays: set[str] = field(default_factory=set)
    date_before: set[str] = field(default_factory=set)  # "vor dem 3. Mai": notAfter
    date_after: set[str] = field(default_factory=set)  # "after 3 May": notBefore
    date_about: set[str] = field(default_factory=set)  # "um 1850", "vers 1850": cert low
    months: dict[str, int] = field(default_factory=dict)
    brackets: dict[str, BracketKeyword] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    detect: dict[str, frozenset[str]] = field(default_factory=dict)  # language → frequent words
    names: dict[str, str] = field(default_factory=dict)  # language code → its name
    sources: list[str] = field(default_factory=list)  # the files merged, by name (never a path)
    disabled: set[str] = field(default_factory=set)  # bracket rules switched off
    enabled: set[str] = field(default_factory=set)  # bracket rules switched back on by a later file
    _derived: dict = field(default_factory=dict, repr=False)  # matchers built from the tables, dropped by add()

    def add(self, data: dict, origin: str) -> None:
        """Merge one parsed file; a malformed entry raises ResourceError naming the file and the entry."""
        self._derived.clear()
        lang = _text(data.get("language", ""), origin, "language")
        if lang:
            self.names[lang] = _text(data.get("name", lang), origin, "name")
        for key, value in _table(data, "header", origin).items():
            value = _text(value, origin, f"header.{key}")
            if value not in FIELDS:
                raise ResourceError(f"{origin}: header key {key!r} fills unknown field {value!r}; "
                                    f"fields: {', '.join(sorted(FIELDS))}")
            self.header[_key(key)] = value
        title = _table(data, "title", origin)
        self.title_from |= {_key(w) for w in _words(title.get("from", []), origin, "title.from")}
        self.title_to |= {_key(w) for w in _words(title.get("to", []), origin, "title.to")}
        self.title_and |= {_key(w) for w in _words(title.get("and", []), origin, "title.and")}
        self.title_date |= {_key(w) for w in _words(title.get("date", []), origin, "title.date")}
        for word, kind in _table(data, "types", origin).items():
            self.types[_key(word)] = _text(kind, origin, f"types.{word}")
        letter = _table(data, "letter", origin)
        for name in LETTER_LISTS:
            self.letter[name] |= {w.strip() for w in _words(letter.get(name, []), origin, f"letter.{name}")}
        dates = _table(data, "dates", origin)
        self.day_prefixes |= {_key(w) for w in _words(dates.get("day-prefixes", []), origin, "dates.day-prefixes")}
        self.day_suffixes |= {w for w in _words(dates.get("day-suffixes", []), origin, "dates.day-suffixes")}
        self.date_connectors |= {_key(w) for w in _words(dates.get("connectors", []), origin, "dates.connectors")}
        self.place_prefixes |= {_key(w) for w in _words(dates.get("place-prefixes", []), origin,
                                                        "dates.place-prefixes")}
        self.weekdays |= {_key(w) for w in _words(dates.get("weekdays", []), origin, "dates.weekdays")}
        self.date_before |= {_key(w) for w in _words(dates.get("before", []), origin, "dates.before")}
        self.date_after |= {_key(w) for w in _words(dates.get("after", []), origin, "dates.after")}
        self.date_about |= {_key(w) for w in _words(dates.get("about", []), origin, "dates.about")}
        for name, number in _table(data, "months", origin).items():
            if not isinstance(number, int) or not 1 <= number <= 12:
                raise ResourceError(f"{origin}: month {name!r} must be a number from 1 to 12")
            self.months[_key(name)] = number
        for word, spec in _table(data, "brackets", origin).items():
            if not isinstance(spec, dict) or spec.get("kind") not in BRACKET_KINDS:
                raise ResourceError(f"{origin}: bracket keyword {word!r} needs kind = one of "
                                    f"{', '.join(sorted(BRACKET_KINDS))}")
            place = spec.get("place")
            self.brackets[_key(word)] = BracketKeyword(_key(word), spec["kind"],
                                                       _text(place, origin, word) if place else None, lang)
        for word, unit in _table(data, "units", origin).items():
            self.units[_key(word)] = _text(unit, origin, f"units.{word}")
        for word, number in _table(data, "numbers", origin).items():
            if not isinstance(number, int):
                raise ResourceError(f"{origin}: numbers.{word} must be a whole number")
            self.numbers[_key(word)] = number
        rules = _table(data, "rules", origin)
        for name in _words(rules.get("disable", []), origin, "rules.disable"):
            _check_rule(name, origin)
            self.disabled.add(name)
            self.enabled.discard(name)
        for name in _words(rules.get("enable", []), origin, "rules.enable"):
            _check_rule(name, origin)
            self.enabled.add(name)
            self.disabled.discard(name)
        words = _words(_table(data, "detect", origin).get("words", []), origin, "detect.words")
        if lang and words:
            self.detect[lang] = frozenset(_key(w) for w in words) | self.detect.get(lang, frozenset())
        self.sources.append(origin)

    # -- what the grammars ask ----------------------------------------------------------------------------
    @property
    def disabled_rules(self) -> frozenset[str]:
        return frozenset(self.disabled - {"supplied"})  # the last rule always answers
    def field_of(self, key: str) -> str | None:
        return self.header.get(_key(key))

    def doc_type(self, word: str) -> str | None:
        return self.types.get(_key(word))

    def bracket(self, keyword: str) -> BracketKeyword | None:
        return self.brackets.get(_key(keyword))

    def month(self, word: str) -> int | None:
        return self.months.get(_key(word).rstrip("."))

    @property
    def month_pattern(self) -> str:
        return _alternation(self.months)

    def derived(self, key: str, make: Callable[[], T]) -> T:
        """What a reader works out from the conventions (its compiled patterns): made once, kept with them."""
        value = self._derived.get(key)
        if value is None:
            value = self._derived[key] = make()
        return value

    def title_words(self, part: str) -> str:
        """The words that join a title's parts (``part``: "from", "to", "and" or "date") as one pattern."""
        key = ("title", part)
        pattern = self._derived.get(key)
        if pattern is None:
            pattern = self._derived[key] = _alternation(getattr(self, f"title_{part}"))
        return pattern

    def starts_with(self, list_name: str, text: str) -> bool:
        """Whether ``text`` begins with one of the letter list's phrases, as whole words."""
        return self.phrase_end(list_name, text) is not None

    def phrase_end(self, list_name: str, text: str) -> int | None:
        """Where the longest of the letter list's phrases that ``text`` begins with ends; None if none does."""
        matcher = self._derived.get(list_name)
        if matcher is None:
            matcher = self._derived[list_name] = _phrases(tuple(sorted(self.letter[list_name])))
        m = matcher(text)
        return m.end() if m is not None else None

    def words_of(self, *list_names: str) -> frozenset[str]:
        """The single words (lower case) of the phrases of some letter lists."""
        key = ("words",) + list_names
        words = self._derived.get(key)
        if words is None:
            words = self._derived[key] = frozenset(w.lower().strip(".,") for name in list_names
                                                   for phrase in self.letter[name] for w in phrase.split())
        return words

    @property
    def word_languages(self) -> dict[str, tuple[str, ...]]:
        """Each frequent word of ``[detect]`` → the languages that list it."""
        table = self._derived.get("word-languages")
        if table is None:
            pairs: dict[str, list[str]] = {}
            for lang, words in self.detect.items():
                for w in words:
                    pairs.setdefault(w, []).append(lang)
            table = self._derived["word-languages"] = {w: tuple(langs) for w, langs in pairs.items()}
        return table


def _check_rule(name: str, origin: str) -> None:
    from teitools.readers.brackets import bracket_rules

    if name not in {r.name for r in bracket_rules._rules}:
        raise ResourceError(f"{origin}: no bracket rule {name!r}; rules: {', '.join(bracket_rules.names())}")


def _key(word: str) -> str:
    return " ".join(word.split()).lower()


def _alternation(words: dict[str, int] | set[str]) -> str:
    """A pattern matching any of ``words``, the longest first where several fit, written as a tree of shared
    prefixes (``ma(?:r(?:ch|zo|s)|y|...)``): the engine then compares a few characters at a position, not a
    hundred words. Stopping at a shorter word is always the last choice, so the longest fitting word wins."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" in node:
            return body + "?" if len(branches) > 1 or len(branches[0]) == 1 else f"(?:{body})?"
        return body

    return pattern(trie)


@cache
def _phrases(words: tuple[str, ...]):
    """A matcher of any phrase at the start of a text, on word boundaries, without case."""
    if not words:
        return lambda text: None
    rx = re.compile(r"^[“\"'«(]?(?:" + _alternation(set(words)) + r")(?!\w)", re.IGNORECASE)
    return rx.match


def _table(data: dict, name: str, origin: str) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ResourceError(f"{origin}: [{name}] must be a table")
    return value


def _text(value: object, origin: str, where: str) -> str:
    if not isinstance(value, str):
        raise ResourceError(f"{origin}: {where} must be a string")
    return value


def _words(value: object, origin: str, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ResourceError(f"{origin}: {where} must be a list of strings")
    return value


def parse(data: bytes | str, origin: str) -> dict:
    try:
        return tomllib.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{origin}: not a valid TOML conventions file: {exc}") from None


@cache
def _built_in_data(lang: str) -> dict:
    text = resources.files("teitools").joinpath(f"data/conventions/{lang}.toml").read_text(encoding="utf-8")
    return parse(text, f"{lang}.toml")


def _merged_built_in() -> Conventions:
    conv = Conventions()
    for lang in BUILT_IN:
        conv.add(_built_in_data(lang), f"{lang}.toml")
    return conv


@cache
def built_in() -> Conventions:
    """The shipped conventions of every built-in language, merged: one shared object, never changed (``load``
    merges a user's files into a new one)."""
    return _merged_built_in()


def load(paths: list[str | os.PathLike[str]] = (), *, size: int = 16 << 20) -> Conventions:
    """The built-in conventions with the user's files merged over them, in order."""
    from teitools.resources import read_regular

    if not paths:
        return built_in()
    conv = _merged_built_in()
    for path in paths:
        name = os.path.basename(os.fsdecode(path))
        conv.add(parse(read_regular(path, size, "conventions file"), name), name)
    return conv
