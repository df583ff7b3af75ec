"""A letter as editions keep it before TEI: an optional header (``Key: value`` lines in any language of the
conventions, or a one-line title), a blank line, the letter's text, footnote texts at the end.

Nothing is taken from outside the text: with no header, the date and place come from the dateline, the sender
from the signature, the addressee from the inside address or the salutation, exactly as written.
"""

from __future__ import annotations

import re
from itertools import islice

from teitools.conventions import Conventions
from teitools.readers.brackets import InlineContext, parse_inline
from teitools.readers.context import Conversion
from teitools.readers.dates import parse_date
from teitools.readers.entities import link_record
from teitools.readers.language import detect_language
from teitools.readers.letter import (
    Grammar,
    LetterParts,
    Line,
    is_salutation,
    opener_rules,
    read_letter,
    split_dateline,
)
from teitools.readers.letterdates import reader
from teitools.readers.lettertitle import LetterTitle, parse_letter_title, split_parties
from teitools.readers.names import display_case
from teitools.readers.text import clean_lines, split_blocks, squash
from teitools.readers.wilson import split_funders
from teitools.record import Credit, DateValue, Party, Record, footnote_calls

NAME = "transcription"
DESCRIPTION = ("a letter's transcription: an optional header of Key: value lines (in English, German, French, "
               "Spanish, Italian or a conventions file's language) or a one-line title, then the text")
CONFIDENCE = 0.95
_MARKDOWN_KEY = re.compile(r"^(\*\*|__)(.+?)\1")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_KEY_LINE = re.compile(r"^(?P<k>[^\W\d_][^:]{0,30}?)\s*:\s*(?P<v>.*)$")
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)(1[0-9]\d\d|20\d\d)(?!\d)")


# fields that several header lines may fill ("Quelle:" and "Signatur:"), joined as a list; of the others
# ("Datum:" twice) the first line is the field's and a warning keeps the others
_LIST_FIELDS = {"source", "summary", "rights", "sender", "recipient", "translator", "contributor", "funder"}


def _header_lines(lines: list[str], conv: Conventions, warnings: list[str] | None = None
                  ) -> tuple[dict[str, str], int]:
    """The header's fields and the index of the first line after it."""
    fields: dict[str, str] = {}
    k, last = 0, None
    while k < len(lines) and lines[k]:
        line = lines[k] if not lines[k].startswith(("**", "__")) else _MARKDOWN_KEY.sub(r"\2", lines[k], count=1)
        m = _KEY_LINE.match(line)  # "**Title:** …" as Markdown writes it
        key = conv.field_of(m.group("k")) if m else None
        if key:
            value = m.group("v").strip()
            if key not in fields:
                fields[key] = value
            elif key in _LIST_FIELDS:
                fields[key] += "; " + value
            elif warnings is not None:
                warnings.append(f"header line {lines[k].strip()!r} repeats the {key} given above: not used")
            last = key
        elif last and lines[k].startswith((" ", "\t")):
            fields[last] += " " + lines[k].strip()
        else:
            return ({}, 0) if not fields else (fields, k)
        k += 1
    return fields, k


def detect(text: str, conversion: Conversion) -> float:
    conv = conversion.conventions
    lines = clean_lines(text)  # as the reader will ask for them (kept): detection then costs it nothing more
    fields, _ = _header_lines(lines, conv)
    if len(fields) >= 2 or (fields and next(iter(fields)) in ("title", "sender", "recipient")):
        return CONFIDENCE
    first = next((ln for ln in lines if ln), "")
    if first and parse_letter_title(_MARKDOWN_HEADING.sub("", first.strip()), conv, reader(conv)):
        return 0.6
    # no header: a letter that opens with a dateline, an inside address or a salutation
    g = Grammar(conv, reader(conv), InlineContext(conventions=conv))
    top = list(islice((s for ln in lines if (s := ln.strip())), 3))
    if split_dateline(top, g) or any(is_salutation(ln, g) or opener_rules.first(Line(ln, g)) for ln in top):
        return 0.4
    # nor a salutation: a letter that ends in a valediction ("Vale, frater optime. … Tuus Ioannes Calvinus.")
    bottom = [ln.strip() for ln in clean_lines(text[-2000:]) if ln.strip()][-4:]
    if any(conv.starts_with("valedictions", ln) for ln in bottom):
        return 0.3
    return 0.0


def read(text: str, conversion: Conversion, name: str = "<text>") -> Record:
    conv = conversion.conventions
    dates = reader(conv)
    lines = clean_lines(text)
    rec = Record(source_name=name, layout=NAME, source_bibl_id="src")
    repeated: list[str] = []
    fields, k = _header_lines(lines, conv, repeated)
    title_info: LetterTitle | None = None
    if not fields:
        first_block = next((i for i, ln in enumerate(lines) if ln), None)
        if first_block is not None and (first_block + 1 >= len(lines) or not lines[first_block + 1]):
            heading = _MARKDOWN_HEADING.sub("", lines[first_block].strip())  # "# Letter from A to B"
            title_info = parse_letter_title(heading, conv, dates)
            if title_info:
                fields["title"] = heading
                k = first_block + 1
    elif fields.get("title"):
        title_info = parse_letter_title(fields["title"], conv, dates)
    body = split_blocks(lines[k:], True)
    rec.body_source = [b for b in body if b and not b.isspace()]
    # language: stated, else detected from the letter's own words
    stated = fields.get("language")
    rec.language = conversion.language or _language_code(stated, conv) or detect_language("\n".join(body), conv)
    rec.language_evidence = "stated" if (conversion.language or _language_code(stated, conv)) else \
        ("detected" if rec.language else None)
    # date: the header's, else the title's, else the dateline's
    century = _four_digit_year(fields.get("date"), title_info, body)
    ictx = InlineContext(register=conversion.register, conventions=conv)
    g = Grammar(conv, dates, ictx, century_of=century, deferred=conversion.deferred)
    parts = read_letter(body, g)
    _date(rec, fields.get("date"), title_info, parts, g)
    ictx.ref_date = rec.date
    if fields.get("title"):
        rec.title = fields["title"]
        rec.title_content = parse_inline(rec.title, InlineContext(conventions=conv))
    rec.divisions.append(parts.division)
    rec.footnotes = parts.footnotes
    rec.signatures = [squash(s) for s in parts.signatures]
    _parties(rec, fields, title_info, parts, conv)
    _type(rec, fields, title_info, parts, conv)
    parts.division.div_type = rec.doc_type or "document"
    _place(rec, fields, title_info, parts, g)
    _source(rec, fields)
    if not rec.title:
        rec.title = _encoder_title(rec)
        rec.title_by_encoder = True
    for w in [*repeated, *ictx.warnings]:
        rec.warn(w)
    _check_footnotes(rec)
    link_record(rec, conversion.register)
    return rec


def _language_code(value: str | None, conv: Conventions) -> str | None:
    if not value:
        return None
    low = value.strip().lower()
    if low in conv.names:
        return low
    for code, name in conv.names.items():
        if low == name.lower():
            return code
    english = {"english": "en", "german": "de", "french": "fr", "spanish": "es", "italian": "it", "latin": "la",
               "deutsch": "de", "französisch": "fr", "englisch": "en", "italienisch": "it", "spanisch": "es"}
    return english.get(low)


def _four_digit_year(header_date: str | None, title: LetterTitle | None, body: list[str]) -> int | None:
    for text in [header_date or "", title.date_text if title and title.date_text else "", *body[:2], *body[-3:]]:
        m = _FOUR_DIGIT_YEAR.search(text)
        if m:
            return int(m.group(1))
    return None


def _date(rec: Record, header: str | None, title: LetterTitle | None, parts: LetterParts, g: Grammar) -> None:
    if header:
        rec.date_text = header
        rec.date = g.dates.parse(header, century_of=g.century_of) or parse_date(header)
        if rec.date is None:
            rec.warn(f"date {header!r} not understood: no @when given")
        return
    if title and title.date:
        rec.date_text, rec.date = title.date_text, title.date
        return
    for line in parts.datelines:
        found = g.date_in(squash(line))
        if found:
            rec.date_text, rec.date = squash(line)[found[0]:found[1]], found[2]
            return


def _parties(rec: Record, fields: dict[str, str], title: LetterTitle | None, parts: LetterParts,
             conv: Conventions) -> None:
    if fields.get("sender"):
        rec.senders = split_parties(fields["sender"], conv)
    elif title and title.senders:
        rec.senders = title.senders
    elif parts.signatures:
        rec.senders = [Party(display_case(re.sub(r"\s*\[[^\]]*\]", "", s).strip(" .,")), "person")
                       for s in parts.signatures[:1]]
    if fields.get("recipient"):
        rec.recipients = split_parties(fields["recipient"], conv)
    elif title and title.recipients:
        rec.recipients = title.recipients
    else:
        rec.recipients = _addressee(parts, conv)


def _addressee(parts: LetterParts, conv: Conventions) -> list[Party]:
    """The inside address, else the salutation, as written: "Lieber Arthur" gives Arthur, never a surname."""
    for text in parts.addressees[:1]:
        lines = [ln.strip() for ln in re.sub(r"\[\d+\]", "", text).split("\n") if ln.strip()]
        if len(lines) > 1:  # an address block: the name is its first line, or the line after "Herrn" / "To"
            first = lines[0].lower().strip(",.")
            name = lines[1] if first in conv.title_to or first in conv.words_of("address-words") else lines[0]
            return split_parties(name, conv) if salutation_name(name, conv) else []
        words = squash(lines[0]).split() if lines else []
        if salutation_name(" ".join(words[1:]), conv):  # "À Madame de Fallais", as written; "A Monsieur": nobody
            return split_parties(" ".join(words[1:]), conv)
    for text in parts.salutes:
        name = salutation_name(squash(re.sub(r"\[[^\]]*\]", "", text)), conv)
        if name:
            return split_parties(name, conv)
    return []


def salutation_name(text: str, conv: Conventions) -> str | None:
    """The name a salutation addresses, as written, or None when it names nobody: the words left once the
    salutation's own words (``My dear``, ``Meine liebe``, ``Molto Reverendo Padre mio``) and words of address
    (``Freund``, ``Sir``) are set aside, from both ends."""
    vocabulary = conv.words_of("salutations", "address-words")
    words = text.strip(" ,!:.;").split()
    while words and (words[0].lower().strip(",!:.") in vocabulary or not words[0][:1].isupper()):
        words.pop(0)
    while words and (words[-1].lower().strip(",!:.") in vocabulary or not words[-1][:1].isupper()):
        words.pop()
    name = " ".join(words).strip(" ,!:.;")
    return name or None


def _type(rec: Record, fields: dict[str, str], title: LetterTitle | None, parts: LetterParts,
          conv: Conventions) -> None:
    if fields.get("type"):
        rec.type_field = fields["type"]
        rec.doc_type = conv.doc_type(fields["type"])
    if not rec.doc_type and title and title.doc_type:
        rec.doc_type = title.doc_type
    if not rec.doc_type:
        kinds = {b.kind for b in parts.division.blocks}
        # the parts of a letter (a dateline, a salutation, a signature), or a header naming its writer and
        # addressee: a letter
        if {"salute", "signed", "dateline"} & kinds or (rec.senders and rec.recipients):
            rec.doc_type = "letter"


def _place(rec: Record, fields: dict[str, str], title: LetterTitle | None, parts: LetterParts, g: Grammar) -> None:
    if fields.get("place"):
        rec.sender_place = fields["place"]
        return
    for line in parts.datelines:
        place = _dateline_place(squash(line), g)
        if place:
            rec.sender_place = place
            return
    if title and title.place:
        rec.sender_place = title.place
        rec.sender_place_evidence = "title"


def _dateline_place(line: str, g: Grammar) -> str | None:
    """``Berlin, den 18. März 1891`` → Berlin; ``di Venetia li 3 marzo 1617`` → Venetia."""
    found = g.date_in(line)
    if not found:
        return None
    before = line[: found[0]].strip(" ,.;")
    words = before.split()
    while words and words[-1].lower().strip(",.") in g.conv.day_prefixes:
        words.pop()
    while words and words[0].lower() in g.conv.place_prefixes | g.conv.day_prefixes:
        words.pop(0)
    place = " ".join(words).strip(" ,.;")
    if not place or len(place) < 3 or not re.match(r"(?:\d+\s+)?[A-ZÀ-Þ]", place) or len(words) > 5:
        return None
    return place


def _source(rec: Record, fields: dict[str, str]) -> None:
    rec.summary = fields.get("summary")
    if rec.summary:
        rec.summary_content = parse_inline(rec.summary, InlineContext())
    for key, resp in (("translator", "translated by"), ("contributor", "contributed by"), ("obtained", "obtained by")):
        if fields.get(key):
            rec.credits.append(Credit(resp, [n.strip() for n in re.split(r";|\band\b", fields[key]) if n.strip()]))
    if fields.get("source"):
        rec.citation_paragraph = fields["source"]
        rec.citation = fields["source"]
    if fields.get("funder"):
        rec.funders = split_funders(fields["funder"])
    if fields.get("record-id"):
        rec.record_id = fields["record-id"]
    if fields.get("rights"):
        rec.rights = [fields["rights"]]
        rec.rights_content = [parse_inline(fields["rights"], InlineContext())]


def _encoder_title(rec: Record) -> str:
    """A descriptive title from what the text states: "Letter from A to B, 1891-12-07"."""
    words = [(rec.doc_type or "document").capitalize()]
    if rec.senders:
        words.append("from " + "; ".join(p.name for p in rec.senders))
    if rec.recipients:
        words.append("to " + "; ".join(p.name for p in rec.recipients))
    title = " ".join(words)
    when = rec.date.when or rec.date.not_before if isinstance(rec.date, DateValue) else None
    return f"{title}, {when}" if when else title


def _check_footnotes(rec: Record) -> None:
    div = rec.divisions[0]
    calls = {n for b in div.blocks for n in footnote_calls(b)}
    for n in sorted(calls - set(rec.footnotes)):
        rec.warn(f"footnote call [{n}] has no note text: kept as an anchor")
