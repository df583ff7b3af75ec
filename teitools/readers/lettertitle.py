"""Titles and party lists of letters as editions write them, in the languages of the conventions.

``Hofmannsthal an Schnitzler, 7. 12. 1891``, ``Brief von A an B``, ``Lettre de A à B``, ``Carta de A a B``,
``Lettera di A a B``, ``A to B, 12 March 1920``, ``Letter from A to B, June 3, 1911``,
``Canneti a Fiacchi (Ravenna, 6 Agosto 1713)``, ``Von A an B. Berlin, 4. Februar 1806, Dienstag``: a trailing
date is the date (never a party), a place before it the place of writing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from teitools.conventions import Conventions
from teitools.readers.letterdates import DateReader
from teitools.readers.titles import ORG_WORDS
from teitools.record import DateValue, Party

_WEEKDAY_TAIL = re.compile(r",?\s*[^\W\d_]{3,12}\.?\s*$")


@dataclass
class LetterTitle:
    doc_type: str | None = None
    senders: list[Party] = field(default_factory=list)
    recipients: list[Party] = field(default_factory=list)
    date_text: str | None = None
    date: DateValue | None = None
    place: str | None = None


MAX_TITLE = 300  # twelve words a party, a place and a date fit in half of it


def parse_letter_title(title: str, conv: Conventions, dates: DateReader) -> LetterTitle | None:
    """The parties, date and place a title states; None when it is not a title of this shape (nor one longer
    than ``MAX_TITLE`` characters: that is a paragraph)."""
    out = LetterTitle()
    text = title.strip()
    if len(text) > MAX_TITLE:
        return None
    found = _last_date(text, dates) or _year_at_end(text)
    if found:
        start, end, value = found
        out.date_text, out.date = text[start:end], value
        head, tail = _before_date(text[:start], conv), text[end:]
        if tail.strip() and not _WEEKDAY_TAIL.fullmatch(tail) and not re.fullmatch(r"\s*[).\]]\s*", tail):
            head, out.date_text, out.date = text, None, None  # the date is inside the title, not at its end
        else:
            m = re.search(r"(?:[(\[,]|(?<=[^\W\d_]{4})\.|^)\s*(?P<place>[^\W\d_][^(),.;\[\]]{1,40}?)\s*,\s*$",
                          head)
            if m and head[: m.start()].strip() and not re.search(r"\s(?:to|an|à|a|al|aux)\s", m.group("place")):
                out.place = m.group("place").strip()
                head = head[: m.start("place")]
            text = head.strip().rstrip("([,.;: ").strip()
    words = text.split()
    if words and conv.doc_type(words[0].strip(",.:")):
        out.doc_type = conv.doc_type(words[0].strip(",.:"))
        text = " ".join(words[1:])
    rx = _patterns(conv)
    m = rx.from_to.match(text) if rx.from_to else None
    m_to = rx.to.match(text)
    m_from = rx.from_.match(text)
    m_back = rx.to_from.match(text) if rx.to_from else None
    if m_back and _name_like(m_back.group("a")) and _name_like(m_back.group("b")):
        out.senders = split_parties(m_back.group("a"), conv)
        out.recipients = split_parties(m_back.group("b"), conv)
    elif m_to:  # "Lettre à X", "aux Seigneurs de Genève": the addressee only
        out.recipients = split_parties(m_to.group("b"), conv)
    elif m and _name_like(m.group("a")) and _name_like(m.group("b")):
        out.senders = split_parties(m.group("a"), conv)
        out.recipients = split_parties(m.group("b"), conv)
    elif m_from and out.doc_type:
        out.senders = split_parties(m_from.group("a"), conv)
    if not out.senders and not out.doc_type:
        return None  # "À Madame de Fallais" alone is an inside address, not a title
    return out


def _last_date(text: str, dates: DateReader) -> tuple[int, int, DateValue] | None:
    last = None
    pos = 0
    while True:
        found = dates.find(text[pos:])
        if not found:
            return last
        last = (found[0] + pos, found[1] + pos, found[2])
        pos = last[1]


def _name_like(text: str) -> bool:
    words = text.split()
    return bool(words) and any(w[:1].isupper() or _ELIDED_NAME.match(w) for w in words[:2]) and len(words) <= 12


# the small words of names ("Louis de Tillet", "Madame du Deffand"); "de" and "du" also say "from" in a title
_PARTICLES = {"de", "du", "d'", "d’", "di", "da", "del", "della", "der", "la", "le", "von", "van", "vom", "zu", "dos",
              "das"}
_ELIDED_NAME = re.compile(r"^[dl][’'][A-ZÀ-Þ]")  # d'Alembert, l'Aretino
_ARTICLE = re.compile(r"^(?:the|die|der|la|le|les|el|los|il|lo)\s+(?=[A-ZÀ-Þ])")  # "the Doge": an article
_YEAR_AT_END = re.compile(r"(?:,\s*|\s*[(\[]\s*)(?P<year>1[0-9]\d\d|20\d\d)\s*[)\]]?\s*\.?$")


def _year_at_end(text: str) -> tuple[int, int, DateValue] | None:
    """A year alone at the end of a title: ``(1857)``, ``, 1857``, ``[Wien, 1891]`` (a place before it is the
    head's, as before a full date)."""
    m = _YEAR_AT_END.search(text)
    if not m:
        return None
    return m.start("year"), m.end("year"), DateValue(when=m.group("year"))


def _before_date(head: str, conv: Conventions) -> str:
    """The title before its date, without the words that only lead to the date: a weekday, ``vom``, ``of``."""
    while True:
        words = head.rstrip().split()
        last = words[-1].lower().strip(",") if words else ""
        if not last or not (last in conv.weekdays or last in conv.title_date):
            return head
        head = head.rstrip()[: -len(words[-1])]


def _patterns(conv: Conventions) -> _TitlePatterns:
    return conv.derived("title-patterns", lambda: _TitlePatterns(conv))


class _TitlePatterns:
    """A title's parts as the conventions' words join them: compiled once for the conventions."""

    def __init__(self, conv: Conventions) -> None:
        from_w, to_w, and_w = conv.title_words("from"), conv.title_words("to"), conv.title_words("and")
        flags = re.IGNORECASE
        self.from_to = re.compile(rf"^(?:(?:{from_w})\s+)?(?P<a>.+?)\s+(?:{to_w})\s+(?P<b>\S.*)$", flags) \
            if from_w and to_w else None
        self.to = re.compile(rf"^(?:{to_w})\s+(?P<b>\S.*)$", flags)
        self.from_ = re.compile(rf"^(?:{from_w})\s+(?P<a>\S.*)$", flags)
        # "To John Adams from Thomas Jefferson"; never with a from-word that is also a name's particle ("du Tailly")
        back_w = "|".join(re.escape(w) for w in sorted(conv.title_from - _PARTICLES, key=len, reverse=True))
        self.to_from = re.compile(rf"^(?:{to_w})\s+(?P<b>.+?)\s+(?:{back_w})\s+(?P<a>\S.*)$", flags) \
            if back_w and to_w else None
        self.and_ = re.compile(rf"\s+(?:{and_w})\s+") if and_w else None


def split_parties(text: str, conv: Conventions) -> list[Party]:
    """``A; B``, ``A und B``, ``A and B``: several parties; an institution or a collective stays whole
    ("Doge and Senate of Venice", "Messrs France & Banting")."""
    text = text.strip().strip(".,;:")
    if not text:
        return []
    chunks = [c.strip() for c in text.split(";") if c.strip()]
    out: list[Party] = []
    rx = _patterns(conv)
    for chunk in chunks:
        pieces = rx.and_.split(chunk) if rx.and_ else [chunk]
        if len(pieces) > 1 and all(_person_like(p) for p in pieces) and not ORG_WORDS.search(chunk):
            out.extend(_party(p) for p in pieces)
        else:
            out.append(_party(chunk))
    return out


def _person_like(text: str) -> bool:
    """Two or more capitalised words, or one that is not a title or office: a person's name on its own."""
    words = text.split()
    if not words or not all(w[:1].isupper() or w.lower() in _PARTICLES for w in words):
        return False
    return len(words) >= 2


def _party(text: str) -> Party:
    text = _ARTICLE.sub("", text.strip().strip(",."))
    kind = "org" if ORG_WORDS.search(text) else "person"
    return Party(text, kind)
