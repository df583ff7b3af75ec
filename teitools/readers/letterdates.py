"""Dates as letters write them, in the languages of the conventions (``Wien, 7/12 91``, ``le 1er octobre 1538``,
``13 de febrero de 1546``, ``di Venetia li 3 marzo 1617``, ``May 27th 1904``, ``4. Febr. 1806``).

A ``DateReader`` is built from one ``Conventions`` (their month names, day prefixes and suffixes, connectors);
it never invents precision: a two-digit year is read only where a four-digit year of the record itself fixes
its century, and the value says so (``cert="medium"``, ``evidence="internal"``).
"""

from __future__ import annotations

import re
from functools import cache

from teitools.conventions import Conventions
from teitools.readers.dates import ROMAN, _iso
from teitools.record import DateValue

_ROMAN_RE = r"XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I"
_TWO_DIGITS = re.compile(r"\d\d")
_YEAR = re.compile(r"1[0-9]\d\d|20\d\d")
_MONTH_FORMS = {"d-month-y", "month-d-y", "y-month-d", "month-y"}
_ORDER = ("iso", "d-month-y", "month-d-y", "d-roman-y", "numeric", "y-month-d", "month-y")
_YEAR_RANGE = re.compile(r"\[?(1[0-9]\d\d|20\d\d)\s*[-–/]\s*(1[0-9]\d\d|20\d\d)\]?")
_YEAR_ALONE = re.compile(r"(?<!\d)(?:1[0-9]\d\d|20\d\d)(?!\d)\s*\.?\s*$")
# what a text must hold for each form without a month's name to match: a hyphen, a roman numeral, a separator
_FORM_SIGNS = {"iso": lambda t: "-" in t, "d-roman-y": lambda t: "I" in t or "V" in t or "X" in t,
               "numeric": lambda t: "." in t or "/" in t}
_DAY_BEFORE = re.compile(r"([0-3]?\d)\.?\s*[-–]")  # "3.–" before "5. Mai 1920"


# the only characters that match an ASCII letter of another case under IGNORECASE but not through lower():
# İ, ı, ſ and the Kelvin sign (every code point was tried against [a-zA-Z]; test_dates asserts it)
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def _month(months: str) -> str:
    return rf"(?P<month>{months})(?:\s?\.)?(?!\w)"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _day_prefix(prefixes: list[str]) -> str:
    return rf"(?:(?:{_alternation(prefixes)})\s*)?" if prefixes else ""


def _cased_forms(months: str, prefixes: list[str], suffixes: list[str], connectors: list[str], flags: int
                 ) -> dict[str, re.Pattern[str]]:
    """The forms that have words in them (the month names, the little words around a day), with ``flags``."""
    pre = _day_prefix(prefixes)
    con = rf"(?:\s*(?:{_alternation(connectors)})\b)?" if connectors else ""
    day = rf"(?P<day>[0-3]?\d)(?:\s?(?:{_alternation([*suffixes, '.'])}))?\.?"
    month = _month(months)
    year = r"[(\[]?(?P<year>1[0-9]\d\d|20\d\d)(?!\d)[)\]]?"
    return {
        "d-month-y": re.compile(rf"(?<![\w]){pre}{day}\s*{con}\s*{month},?{con}\s*{year}", flags),
        "month-d-y": re.compile(rf"(?<![\w]){month}\s+{pre}{day},?{con}\s*{year}", flags),
        "numeric": re.compile(rf"(?<![\w./]){pre}(?P<day>[0-3]?\d)\s*(?P<sep>[./])\s*(?P<mon>[01]?\d)\s*"
                              r"(?:(?P=sep)\s*|\s+)(?P<y>\d{4}|\d\d)(?![\d/])", flags),
        "y-month-d": re.compile(rf"(?<![\w]){year}\s+{month}\s+(?:[^\W\d_]{{1,2}}\s+)?{day}(?!\d)", flags),
        "month-y": re.compile(rf"(?<![\w]){month},?{con}\s*{year}", flags),
    }


class DateReader:
    def __init__(self, conv: Conventions) -> None:
        self.conv = conv
        prefixes, suffixes, connectors = sorted(conv.day_prefixes), sorted(conv.day_suffixes), \
            sorted(conv.date_connectors)
        cased = _cased_forms(conv.month_pattern, prefixes, suffixes, connectors, re.IGNORECASE)
        pre = _day_prefix(prefixes)  # the roman form's, as written: it reads capitals
        uncased = {
            "iso": re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
            "d-roman-y": re.compile(rf"(?<![\w]){pre}(?P<day>[0-3]?\d)\.?\s*(?P<roman>{_ROMAN_RE})\.?\s*"
                                    rf"(?P<y>\d{{4}}|\d\d)(?!\d)"),
        }
        # the order in which they are tried; each with whether it reads the text regardless of case
        self._forms = [(name, cased.get(name) or uncased[name], name in cased) for name in _ORDER]
        # the forms with a month name all need one and a four-digit year: one search for each tells whether
        # any of the four can match, before four searches of the whole text
        self._month = re.compile(_month(conv.month_pattern), re.IGNORECASE)
        # An ASCII text, lowered, has the same matches under the same forms of the lowered words without
        # IGNORECASE (its positions are the text's), which the engine reads several times as fast: where no word
        # has a character that matches an ASCII letter only under IGNORECASE.
        self._lowered: tuple[dict[str, re.Pattern[str]], re.Pattern[str]] | None = None
        words = [*conv.months, *prefixes, *suffixes, *connectors]
        if not any(ch in FOLDS_TO_ASCII for w in words for ch in w):
            months = conv.month_pattern  # of the names as the conventions keep them: lower case
            self._lowered = (_cased_forms(months, [p.lower() for p in prefixes], [x.lower() for x in suffixes],
                                          [c.lower() for c in connectors], 0), re.compile(_month(months)))

    def find(self, text: str, *, century_of: int | None = None, month_first: bool = False
             ) -> tuple[int, int, DateValue] | None:
        """The first date in ``text``: (start, end, value). ``century_of`` is a four-digit year of the record,
        which alone lets a two-digit year be read; ``month_first`` reads 3/4/1850 as March 4 (American habit)."""
        if _TWO_DIGITS.search(text) is None:
            return None  # every form has a year of two digits at least
        cased, month, subject = {}, self._month, text
        if self._lowered is not None and text.isascii():
            (cased, month), subject = self._lowered, text.lower()
        with_month = _YEAR.search(text) is not None and month.search(subject) is not None
        best: tuple[int, int, DateValue] | None = None
        for name, rx, ignores_case in self._forms:
            if not (with_month if name in _MONTH_FORMS else _FORM_SIGNS[name](text)):
                continue
            if ignores_case and cased:
                rx = cased[name]
            for m in rx.finditer(subject if ignores_case else text):
                if best is not None and m.start() >= best[0]:
                    break  # nor could a later match of this form come first
                value = self._value(name, m, century_of, month_first)
                if value is not None:
                    best = (m.start(), m.end(), value)
                    break
        return best

    def names_a_month(self, text: str) -> bool:
        """Whether ``text`` holds a month's name (a date this reader may not read whole: ``June 11th. 16``)."""
        return self._month.search(text) is not None

    def parse(self, text: str, **kw: object) -> DateValue | None:
        """``text`` when it is a date with at most a weekday or punctuation around it; a date with a word that
        bounds it (``vor dem 3. Mai 1920``: notAfter, ``after``: notBefore, ``um``, ``vers``: cert low), a range
        (``3.–5. Mai 1920``, ``1850–1852``: from/to) or the editors' brackets and query (``[3?] May 1920``:
        cert low) is read as what it says, never as the plain date inside it."""
        years = _YEAR_RANGE.fullmatch(text.strip())
        if years:
            return DateValue(from_=years.group(1), to=years.group(2))
        doubt = "?" in text
        plain = text.replace("[", "").replace("]", "").replace("?", "") if doubt or "[" in text else text
        found = self.find(plain, **kw)  # type: ignore[arg-type]
        if found is None:
            year = _YEAR_ALONE.search(plain)  # "um 1850", "nach 1850": the year is all a form needs here
            if year is None:
                return None
            found = (year.start(), year.end(), DateValue(when=year.group()))
        start, end, value = found
        lead, rest = plain[:start].strip(" ,;()").lower(), plain[end:].strip(" ,.;()")
        if re.search(r"\d", rest) or len(rest) > 12 or not value.when:
            return None
        day_range = _DAY_BEFORE.fullmatch(lead)
        if day_range and len(value.when) == 10:
            first = value.when[:8] + f"{int(day_range.group(1)):02d}"
            return DateValue(from_=first, to=value.when) if first < value.when else None
        lead = lead.rstrip(".")
        if lead in self.conv.date_before:
            return DateValue(not_after=value.when)
        if lead in self.conv.date_after:
            return DateValue(not_before=value.when)
        if lead in self.conv.date_about or doubt:
            return DateValue(when=value.when, cert="low", evidence=value.evidence)
        if re.search(r"\d", lead) or len(lead) > 12:
            return None
        return value

    def _value(self, name: str, m: re.Match[str], century_of: int | None, month_first: bool) -> DateValue | None:
        g = m.groupdict()
        if name == "iso":
            iso = _iso(int(g["year"]), int(g["mon"]), int(g["day"]))
        elif name in ("d-month-y", "month-d-y", "y-month-d"):
            iso = _iso(int(g["year"]), self.conv.month(g["month"]) or 0, int(g["day"]))
        elif name == "month-y":
            iso = _iso(int(g["year"]), self.conv.month(g["month"]) or 0)
        else:
            year, guessed = _year(g["y"], century_of)
            if year is None:
                return None
            a, b = int(g["day"]), int(g["mon"] if name == "numeric" else ROMAN[g["roman"]])
            if name == "numeric" and month_first and g["sep"] == "/":
                a, b = b, a
            iso = _iso(year, b, a)
            if iso and guessed:
                return DateValue(when=iso, cert="medium", evidence="internal")
        return DateValue(when=iso) if iso else None


def _year(text: str, century_of: int | None) -> tuple[int | None, bool]:
    if len(text) == 4:
        return int(text), False
    if century_of is None:
        return None, False
    return century_of // 100 * 100 + int(text), True


@cache
def reader(conv: Conventions) -> DateReader:
    return DateReader(conv)
