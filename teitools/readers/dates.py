"""Date grammar: printed dates → ISO values, never with invented precision.

``parse_date`` reads a string that is a date as a whole; ``find_date`` finds
the first date inside a longer line (datelines, stamps, signature lines).
Two-digit years and dates without a year need a reference year (the record's)
and are resolved only when that is safe (encoding.md §8).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from teitools.readers.rules import RuleChain
from teitools.record import DateValue

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("january", "jan", "januar", "janvier", "január", "jänner"),
        ("february", "feb", "februar", "février", "február"),
        ("march", "mar", "märz", "maerz", "mars", "március"),
        ("april", "apr", "avril", "április"),
        ("may", "mai", "május"),
        ("june", "jun", "juni", "juin", "június"),
        ("july", "jul", "juli", "juillet", "július"),
        ("august", "aug", "août", "augusztus"),
        ("september", "sep", "sept", "septembre", "szeptember"),
        ("october", "oct", "oktober", "octobre", "október"),
        ("november", "nov", "novembre"),
        ("december", "dec", "dezember", "décembre"),
    ],
    start=1,
):
    for _n in _names:
        MONTHS[_n] = _i

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
         "XI": 11, "XII": 12}

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
MONTH = rf"(?P<month>(?:{_MONTH_RE})\.?)"
ROMAN_RE = r"(?P<rmonth>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"
DAY = r"(?P<day>[0-3]?\d)"
YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"


@dataclass
class DateContext:
    text: str
    year: int | None = None  # the record's year, for two-digit years and day-month dates
    ref: tuple[int, int, int] | None = None  # the record's full date, for "27 July"
    us: bool = False  # month/day order for all-number dates


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def _two_digit(yy: int, ctx: DateContext) -> int | None:
    """The century that puts the year within ten years of the record's year."""
    if ctx.year is None:
        return None
    for century in (ctx.year // 100 * 100, ctx.year // 100 * 100 - 100, ctx.year // 100 * 100 + 100):
        if abs(century + yy - ctx.year) <= 10:
            return century + yy
    return None


def _full(m: re.Match[str], ctx: DateContext, month: int | None) -> DateValue | None:
    year = int(m.group("year"))
    day = int(m.group("day")) if "day" in m.groupdict() and m.group("day") else None
    iso = _iso(year, month, day)
    return DateValue(when=iso) if iso else None


date_rules: RuleChain[DateContext, DateValue] = RuleChain()


def _rule(name: str, pattern: str):
    rx = re.compile(rf"^\s*{pattern}\s*$", re.IGNORECASE)

    def deco(fn):
        def run(ctx: DateContext) -> DateValue | None:
            m = rx.match(ctx.text)
            return fn(m, ctx) if m else None

        run.__name__ = fn.__name__
        run.pattern = rx  # type: ignore[attr-defined]
        date_rules.rule(name)(run)
        return run

    return deco


@_rule("iso", r"(?P<year>\d{4})-(?P<m>\d\d)(?:-(?P<day>\d\d))?")
def _iso_rule(m, ctx):
    iso = _iso(int(m.group("year")), int(m.group("m")), int(m.group("day")) if m.group("day") else None)
    return DateValue(when=iso) if iso else None


@_rule("approximate-part", rf"(?P<part>early|mid|middle of|late|end of|beginning of)[-\s]+{MONTH},?\s+{YEAR}")
def _part(m, ctx):
    month = _month(m.group("month"))
    year = int(m.group("year"))
    if not month:
        return None
    last = calendar.monthrange(year, month)[1]
    part = m.group("part").lower()
    lo, hi = {"early": (1, 10), "beginning of": (1, 10), "mid": (11, 20), "middle of": (11, 20)}.get(
        part, (21, last))
    return DateValue(not_before=_iso(year, month, lo), not_after=_iso(year, month, hi), cert="medium")


@_rule("month-day-span", rf"{MONTH}\s+(?P<d1>[0-3]?\d)\s*[-–—]\s*(?P<d2>[0-3]?\d),?\s+{YEAR}")
def _span_mdy(m, ctx):
    month, year = _month(m.group("month")), int(m.group("year"))
    a, b = _iso(year, month, int(m.group("d1"))), _iso(year, month, int(m.group("d2")))
    return DateValue(from_=a, to=b) if month and a and b and a < b else None


@_rule("day-month-span", rf"(?P<d1>[0-3]?\d)\s*[-–—]\s*(?P<d2>[0-3]?\d)\s+{MONTH},?\s+{YEAR}")
def _span_dmy(m, ctx):
    return _span_mdy(m, ctx)


@_rule("month-day-year", rf"{MONTH}\s+{DAY}(?:st|nd|rd|th)?,?\s+{YEAR}")
def _mdy(m, ctx):
    return _full(m, ctx, _month(m.group("month")))


@_rule("day-month-year", rf"(?:den\s+)?{DAY}(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{MONTH},?\s+{YEAR}\.?")
def _dmy(m, ctx):
    return _full(m, ctx, _month(m.group("month")))


@_rule("year-month-day", rf"{YEAR}\.?\s+{MONTH}\s+{DAY}\.?")
def _ymd(m, ctx):
    return _full(m, ctx, _month(m.group("month")))


@_rule("roman-month", rf"{DAY}\s*\.\s*{ROMAN_RE}\s*\.\s*(?P<y>\d{{4}}|\d\d)")
def _roman(m, ctx):
    y = m.group("y")
    year = int(y) if len(y) == 4 else _two_digit(int(y), ctx)
    if year is None:
        return None
    iso = _iso(year, ROMAN[m.group("rmonth").upper()], int(m.group("day")))
    return DateValue(when=iso) if iso else None


@_rule("numeric", r"(?P<a>[0-3]?\d)\s*(?P<sep>[./])\s*(?P<b>[01]?\d)\s*(?P=sep)\s*(?P<y>\d{4}|\d\d)\.?")
def _numeric(m, ctx):
    a, b, y = int(m.group("a")), int(m.group("b")), m.group("y")
    day, month = (b, a) if ctx.us else (a, b)
    if m.group("sep") == "/" and not ctx.us and a <= 12 < b:
        return None  # "10/14/50" read day-first is impossible: refuse rather than swap silently
    year = int(y) if len(y) == 4 else _two_digit(int(y), ctx)
    if year is None:
        return None
    iso = _iso(year, month, day)
    return DateValue(when=iso) if iso else None


@_rule("us-numeric", r"(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d{4}|\d\d)")
def _us_numeric(m, ctx):
    """A slash date that only makes sense month-first (``10/14/50``)."""
    a, b, y = int(m.group("a")), int(m.group("b")), m.group("y")
    if b <= 12:
        return None
    year = int(y) if len(y) == 4 else _two_digit(int(y), ctx)
    if year is None:
        return None
    iso = _iso(year, a, b)
    return DateValue(when=iso) if iso else None


@_rule("hungarian-numeric", r"(?P<y>\d\d|\d{4})\.\s*(?P<mo>[01]?\d)\.\s*(?P<day>[0-3]?\d)\.")
def _hu_numeric(m, ctx):
    y = m.group("y")
    year = int(y) if len(y) == 4 else _two_digit(int(y), ctx)
    if year is None:
        return None
    iso = _iso(year, int(m.group("mo")), int(m.group("day")))
    return DateValue(when=iso) if iso else None


@_rule("month-year", rf"{MONTH},?\s+{YEAR}")
def _my(m, ctx):
    month = _month(m.group("month"))
    return DateValue(when=_iso(int(m.group("year")), month)) if month else None


@_rule("uncertain-year", rf"\[?(?:(?:c\.|ca\.|circa)\s*{YEAR}\??|(?P<y2>1[5-9]\d\d|20\d\d)\?)\]?")
def _uncertain(m, ctx):
    return DateValue(when=m.group("year") or m.group("y2"), cert="low")


@_rule("year", YEAR)
def _year(m, ctx):
    return DateValue(when=m.group("year"))


def _day_month(day: int, month: int, ctx: DateContext) -> DateValue | None:
    """The most recent such day on or before the record's date."""
    if ctx.ref is None:
        return None
    ry, rm, rd = ctx.ref
    year = ry if (month, day) <= (rm, rd) else ry - 1
    iso = _iso(year, month, day)
    return DateValue(when=iso, evidence="internal") if iso else None


@_rule("day-month", rf"{DAY}(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{MONTH}")
def _dm(m, ctx):
    month = _month(m.group("month"))
    return _day_month(int(m.group("day")), month, ctx) if month else None


@_rule("month-day", rf"{MONTH}\s+{DAY}(?:st|nd|rd|th)?")
def _md(m, ctx):
    month = _month(m.group("month"))
    return _day_month(int(m.group("day")), month, ctx) if month else None


_DIGIT = re.compile(r"\d")


def parse_date(text: str, *, year: int | None = None, ref: DateValue | str | None = None,
               us: bool = False) -> DateValue | None:
    """Normalise ``text`` when it is a date as a whole; ``None`` otherwise."""
    if _DIGIT.search(text) is None:
        return None  # every date form has a day or a year
    ref_tuple = _ref_tuple(ref)
    if year is None and ref_tuple:
        year = ref_tuple[0]
    ctx = DateContext(text.strip().strip(","), year=year, ref=ref_tuple, us=us)
    found = date_rules.first(ctx)
    return found[1] if found else None


def _ref_tuple(ref: DateValue | str | None) -> tuple[int, int, int] | None:
    iso = ref.when if isinstance(ref, DateValue) else ref
    if iso and re.fullmatch(r"\d{4}-\d\d-\d\d", iso):
        y, m, d = iso.split("-")
        return int(y), int(m), int(d)
    return None


# Patterns that find a date inside a line, most specific first.
_FIND = re.compile(
    "|".join(
        f"(?:{p})"
        for p in [
            rf"\b(?:{_MONTH_RE})\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:1[5-9]|20)\d\d\b",
            rf"\b(?:den\s+)?[0-3]?\d(?:st|nd|rd|th)?\.?\s+(?:{_MONTH_RE})\.?,?\s+(?:1[5-9]|20)\d\d\b",
            rf"\b(?:1[5-9]|20)\d\d\.?\s+(?:{_MONTH_RE})\s+[0-3]?\d\.",
            r"\b[0-3]?\d\s*\.\s*(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\s*\.\s*(?:\d{4}|\d\d)\b",
            r"\b[0-3]?\d\.[01]?\d\.(?:\d{4}|\d\d)\b",
            r"\b[01]?\d/[0-3]?\d/(?:\d{4}|\d\d)\b",
            r"\b\d\d\.\s?[01]\d\.\s?[0-3]\d\.",
            rf"\b(?:{_MONTH_RE})\.?,?\s+(?:1[5-9]|20)\d\d\b",
        ]
    ),
    re.IGNORECASE,
)


def find_date(line: str, *, year: int | None = None, ref: DateValue | str | None = None,
              us: bool = False) -> tuple[int, int, DateValue] | None:
    """First date inside ``line``: (start, end, value)."""
    for m in _FIND.finditer(line):
        value = parse_date(m.group(0), year=year, ref=ref, us=us)
        if value is not None:
            return m.start(), m.end(), value
    return None


def is_date_line(line: str) -> bool:
    """A line that is nothing but a full, month or year date (a record's date line; never longer than 80
    characters, so a paragraph is not read by every date rule)."""
    if len(line) > 80:
        return False
    value = parse_date(line)
    return value is not None and value.when is not None and value.cert is None
