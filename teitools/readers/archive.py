"""A Digital Archive record cut into ``Parts`` → ``Record``: the fields read with the archive's grammars."""

from __future__ import annotations

import re

from teitools.readers import names
from teitools.readers.body import read_body
from teitools.readers.brackets import InlineContext, parse_inline
from teitools.readers.citation import parse_citation
from teitools.readers.context import Conversion
from teitools.readers.dates import parse_date
from teitools.readers.entities import link_record
from teitools.readers.text import squash
from teitools.readers.titles import (
    DIV_TYPES,
    FOREIGN_TYPE_WORDS,
    TYPE_WORDS,
    flag_misspellings,
    parse_title,
    place_of_org,
)
from teitools.readers.wilson import LANG_CODES, Parts
from teitools.record import Block, Date, Division, LineBreak, Name, Party, Record, footnote_calls

PUBLISHER = ["History and Public Policy Program", "Wilson Center"]


def assemble(parts: Parts, conversion: Conversion, *, name: str = "<text>", archive: bool = True) -> Record:
    """The record of a Digital Archive page; with ``archive`` false, of a text of unknown origin read the same
    way, which claims no publisher, series, record number or language."""
    register = conversion.register
    rec = Record(source_name=name, layout=parts.layout, publisher=list(PUBLISHER),
                 series_title="Wilson Center Digital Archive", source_bibl_id="src-wcda", source_idno_type="WCDA",
                 language="en") if archive else Record(source_name=name, layout=parts.layout, source_bibl_id="src")
    rec.dropped.extend(parts.dropped)
    for w in parts.warnings:
        rec.warn(w)
    rec.date_text = parts.date_text
    rec.date = parse_date(parts.date_text) if parts.date_text else None
    if parts.date_text and rec.date is None:
        rec.warn(f"date {parts.date_text!r} not understood: no @when given")
    ictx = InlineContext(ref_date=rec.date, register=register)
    title_info = parse_title(parts.title, register) if parts.title else None
    if parts.title:
        rec.title = parts.title
        rec.title_content = flag_misspellings(parse_inline(parts.title, ictx))
    rec.funders = list(parts.funders)
    if parts.labels.get("donors") and not rec.funders:
        rec.funders = [parts.labels["donors"]]
    rec.summary = parts.summary
    rec.summary_content = parse_inline(parts.summary, InlineContext(ref_date=rec.date)) if parts.summary else []
    rec.rights = parts.rights
    rec.rights_content = [parse_inline(para, InlineContext()) for para in parts.rights]
    _read_labels(rec, parts.labels)
    if parts.citation:
        _read_citation(rec, parts.citation)
    if title_info:
        rec.doc_type, rec.subject = title_info.doc_type, title_info.subject
        rec.senders, rec.recipients = title_info.senders, title_info.recipients
        rec.participants = title_info.participants
    if not rec.doc_type and rec.type_field:
        rec.doc_type = TYPE_WORDS.get(rec.type_field.lower())
    ictx.persons = [p.name for p in rec.senders + rec.recipients]
    conversation = rec.doc_type == "conversation-record"
    div, signatures, footnotes = read_body(parts.body, ictx, conversation=conversation, deferred=conversion.deferred)
    if not rec.doc_type:
        rec.doc_type = _type_from_body(div)
    div.div_type = DIV_TYPES.get(rec.doc_type or "", "document")
    rec.divisions.append(div)
    for lang, blocks in parts.transcriptions:
        code = LANG_CODES.get(lang, lang[:2])
        tdiv = Division("original", [Block("p", [squash(b)], b) for b in blocks], lang=code)
        rec.divisions.append(tdiv)
        rec.original_language = rec.original_language or lang.capitalize()
    rec.footnotes = footnotes
    rec.signatures = signatures
    rec.body_source = [b for b in parts.body if b.strip()] + [b for _, blocks in parts.transcriptions for b in blocks]
    for w in ictx.warnings:
        rec.warn(w)
    _merge_signers(rec, signatures)
    _pseudonyms_from_summary(rec, register)
    if not rec.recipients:
        rec.recipients = _addressees(div, register)
    _places(rec, div)
    _check_footnotes(rec, div)
    link_record(rec, register)
    return rec


def _read_labels(rec: Record, labels: dict[str, str]) -> None:
    if re.fullmatch(r"\d+", labels.get("record id", "")):
        rec.record_id = labels["record id"]
    up = labels.get("original uploaded date")
    if up and re.fullmatch(r"\d{4}-\d\d-\d\d", up):
        rec.uploaded_date = up
    rec.type_field = labels.get("type")
    rec.classification_field = labels.get("original classification")
    rec.authors_field = labels.get("author(s)")
    lang = labels.get("original language") or labels.get("language")
    if lang:
        rec.original_language = lang


def _read_citation(rec: Record, paragraph: str) -> None:
    c = parse_citation(paragraph)
    rec.citation_paragraph = paragraph
    rec.citation = c.citation
    rec.credits = c.credits
    rec.publications = c.publications
    rec.archive_refs = c.refs
    rec.archives = c.archives
    rec.url = rec.url or c.url
    rec.record_id = rec.record_id or c.record_id
    rec.original_language = rec.original_language or c.original_language


def _type_from_body(div: Division) -> str | None:
    """A document with no type word in its title may name its type itself ("V e r m e r k", "Minutes Nº 64")."""
    for b in div.blocks[:4]:
        text = names.unspace(b.source.strip()).lower()
        if text in FOREIGN_TYPE_WORDS:
            return FOREIGN_TYPE_WORDS[text]
        m = re.search(r"\b(minutes|protocol)\s+(?:n[ºo°]|no\.?|№)\s*\d+", b.source, re.IGNORECASE)
        if m:
            return "minutes"
    return None


def _merge_signers(rec: Record, signatures: list[str]) -> None:
    """Signatures complete or replace the title's senders (never relays or recipients)."""
    relays = [p for p in rec.recipients if p.relay]
    signers = []
    for s in signatures:
        bracket = re.search(r"\[(?P<real>[^\]]+)\]", s)
        bare = names.unspace(re.sub(r"\s*\[.*\]", "", s).strip(" ."))
        if any(names.same_person(r.name, bare) for r in relays + rec.recipients):
            continue
        real = bracket.group("real") if bracket else None
        signers.append((bare, real))
    persons = [p for p in rec.senders if p.kind == "person"]
    if persons:
        for p in persons:
            for bare, real in signers:
                if names.same_person(p.name, bare) and len(names.tokens(bare)) >= len(names.tokens(p.name)):
                    p.name = names.display_case(bare)  # the document's own form (native name order)
                if real and p.pseudonym and names.same_person(p.pseudonym, bare):
                    p.name = real
        return
    added = []
    for bare, real in signers:
        if real:
            added.append(Party(real, "person", pseudonym=bare))
        else:
            added.append(Party(names.display_case(bare), "person"))
    rec.senders = added + rec.senders


def _pseudonyms_from_summary(rec: Record, register: names.Register) -> None:
    """``Terebin (Andrei Orlov)`` in the archive's summary resolves a pseudonym the curated table knows."""
    for p in rec.senders + rec.recipients:
        if p.pseudonym or not rec.summary:
            continue
        m = re.search(re.escape(p.name) + r"\s*[(\[](?P<real>[^)\]]+)[)\]]", rec.summary)
        real = register.real_name_of(p.name)
        if m and real and names.same_person(real, m.group("real")):
            p.pseudonym, p.name = p.name, m.group("real").strip()


def _addressees(div: Division, register: names.Register) -> list[Party]:
    """Recipients from the opener's addressee or salutation when the title names none."""
    for b in div.blocks:
        if b.kind not in ("addressee", "salute"):
            if b.kind in ("p", "speech", "signed"):
                break
            continue
        text = re.sub(r"^[“\"]?(?:to|dear|esteemed)\s+", "", squash(b.source), flags=re.IGNORECASE).strip(" :!,.”\"")
        text = re.sub(r"\[[^\]]*\]", lambda m: m.group(0)[1:-1], text)
        parties = parse_title(f"Letter to {text}", register).recipients
        if parties:
            return parties
    return []


def _places(rec: Record, div: Division) -> None:
    """Place of sending: a dateline or routing line, the title's parentheses, an embassy's country."""
    rec.recipient_place = next((p.place for p in rec.recipients if p.place), None)
    for b in div.blocks:
        if b.kind != "dateline":
            continue
        text = "".join(x if isinstance(x, str) else x.text if isinstance(x, (Name, Date)) else " "
                       for x in b.content if not isinstance(x, LineBreak))
        m = re.match(r"^\s*(?:from:?\s+|sent from\s+)?(?P<p>[A-ZÀ-Þ][A-Za-zÀ-ÿ'’ -]{1,30}?)\s*(?:,|-{1,2}|\s+No\.|$)",
                     text, re.IGNORECASE)
        if re.match(r"^\s*[A-Z][A-Z .]+\s*-{1,2}", text):
            continue  # "BEIJING--": the destination of a telegram, not where it was sent from
        if m and not re.match(r"^(?:to|received|deciphered|no)\b", m.group("p"), re.IGNORECASE) and \
                parse_date(m.group("p")) is None and not m.group("p").lower().startswith("den"):
            place = names.display_case(m.group("p").strip())
            if rec.doc_type in ("conversation-record", "minutes"):
                rec.place = place
            else:
                rec.sender_place = place
            return
    for b in div.blocks[:3]:
        m = re.search(r"\bSent from (?P<p>[A-Z][a-z]+)", b.source)
        if m:
            rec.sender_place = m.group("p")
            return
    for p in rec.senders:
        if p.place:
            rec.sender_place = p.place
            rec.sender_place_evidence = "title"
            break
        if p.kind == "org" and place_of_org(p.name):
            rec.sender_place = place_of_org(p.name)
            rec.sender_place_evidence = "org"
            break


def _check_footnotes(rec: Record, div: Division) -> None:
    calls = {n for b in div.blocks for n in footnote_calls(b)}
    for n in sorted(calls - set(rec.footnotes)):
        rec.warn(f"footnote call [{n}] has no note text: kept as an anchor")
    for n in sorted(set(rec.footnotes) - calls):
        rec.warn(f"footnote [{n}] has no call mark in the text: kept after the text")
