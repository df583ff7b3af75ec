"""Record metadata → ``teiHeader`` (encoding.md §3, §4, §9)."""

from __future__ import annotations

import copy
import datetime as _dt
import re
from functools import lru_cache

from lxml import etree

from teitools.encode.body import HAND_ID, InlineWriter
from teitools.readers.citation import ARCHIVES
from teitools.readers.names import slug
from teitools.readers.titles import DIV_TYPES
from teitools.record import ArchiveRef, Party, Record
from teitools.xml import tei, tei_child, xml_attr

CORRESP_TYPES = {"letter", "telegram", "cable"}
UNTITLED = "Untitled document"
LANGUAGE_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "la": "Latin"}

CORRECTION = ("The text of the translation is not corrected. Readings flagged by the editors with [sic] are "
              "kept and marked with sic; a correction is given only where the record prints one.")
NORMALIZATION = ("Spelling, capitalisation and punctuation are kept as published. Names are not normalised in the "
                 "text; regular forms are in the entity lists in standOff, linked by @ref. Dates are normalised to "
                 "ISO 8601 in @when only as far as the text states them; dates flagged [sic] are not normalised.")
BRACKETS = ("Square brackets in the published text mark interventions of the translator or of the Digital Archive "
            "editors (the record does not distinguish the two). They are not kept as characters but converted to "
            "markup from which a rendering restores them: added words are supplied, alternative names are "
            "note type=\"altName\" or \"identification\", flagged readings are sic, omissions and illegible "
            "passages are gap, handwriting is add or a handwritten annotation, stamps are stamp, footnote texts "
            "are moved to their call marks.")
# a transcription (or a text of unknown origin) is the editors' own text, not a translation the archive published
TRANSCRIPTION_CORRECTION = ("The transcription is not corrected. Readings its editors flagged ([sic], [sic!], [!]) "
                            "are kept and marked with sic; a correction is given only where the editors give one.")
TRANSCRIPTION_BRACKETS = ("Square brackets in the transcription mark its editors' interventions. They are not kept as "
                          "characters but converted to markup of their kind by the conventions of their language: "
                          "added words are supplied, omissions, illegible and damaged passages gap, deletions del, "
                          "additions add, page marks pb, the editors' notes note, footnote texts are moved to their "
                          "call marks. The signs each was written with are recorded in tagsDecl, so that a rendering "
                          "restores them.")


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = tei_child(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _party_el(parent: etree._Element, party: Party, w: InlineWriter, tag: str | None = None) -> None:
    """A party by its regular name (correspDesc) or, with ``tag``, as the header's author."""
    ref = f"#{party.ref}" if party.ref else None
    if party.ref:
        w.used.add(party.ref)
    regular = next((e.reg for e in w.rec.entities if e.xml_id == party.ref), party.name)
    _el(parent, tag or ("orgName" if party.kind == "org" else "persName"), regular, ref=ref)


def encode_header(header: etree._Element, rec: Record, w: InlineWriter, *, today: _dt.date, hands: bool) -> None:
    """Fill ``header`` (an empty teiHeader already in its document: a subtree moved in from outside is walked
    again by lxml)."""
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    title = _el(title_stmt, "title", type="main")
    if rec.title_content:
        w.write(title, rec.title_content)
    else:
        title.text = rec.title or UNTITLED
    if rec.title_by_encoder or not rec.title:
        title.set("resp", "#encoder")  # not the source's: built from the parties and the date the text states
    senders = [p for p in rec.senders if not p.relay]
    for p in senders:
        _party_el(title_stmt, p, w, tag="author")
    for f in rec.funders:
        _el(title_stmt, "funder", f)
    translators, contributors = rec.translators, [c for c in rec.credits if "translat" not in c.resp]
    if translators:
        rs = _el(title_stmt, "respStmt")
        rs.set(xml_attr("id"), "translator")
        _el(rs, "resp", "translated by")
        for n in translators:
            _el(rs, "persName", n)
    if contributors:
        rs = _el(title_stmt, "respStmt")
        rs.set(xml_attr("id"), "contributor")
        for c in contributors:
            _el(rs, "resp", c.resp)
            for n in c.names:
                _el(rs, "persName" if not _is_org(n) else "orgName", n)
    rs = _el(title_stmt, "respStmt")
    rs.set(xml_attr("id"), "encoder")
    _el(rs, "resp", "TEI encoding")
    _el(rs, "name", "teitools")
    _publication(file_desc, rec, w)
    _source_desc(file_desc, rec, w)
    _encoding_desc(header, rec, w)
    _profile_desc(header, rec, w, hands)
    rev = _el(header, "revisionDesc")
    dropped = "; ".join(rec.dropped) if rec.dropped else "nothing"
    change = _el(rev, "change", f"Converted from plain text ({rec.layout} layout) by teitools. Dropped: {dropped}.",
                 when=today.isoformat(), who="#encoder")
    if rec.warnings:
        change.text += " Warnings: " + "; ".join(rec.warnings) + "."


def _is_org(name: str) -> bool:
    return bool(re.search(r"\b(?:Institute|Center|Centre|Archive|Project|University|Foundation|Program)\b", name))


def _publication(file_desc: etree._Element, rec: Record, w: InlineWriter) -> None:
    pub = _el(file_desc, "publicationStmt")
    if not rec.publisher:
        # no publisher is known, so no availability either (TEI wants an agency before it): rights as prose
        _el(pub, "p", "Converted from a plain-text transcription by teitools; no publication is stated.")
        for para in rec.rights:
            _el(pub, "p", f"Rights as stated in the transcription: {para}")
        return
    publisher = _el(pub, "publisher")
    for k, org in enumerate(rec.publisher):
        _el(publisher, "orgName", org).tail = ", " if k < len(rec.publisher) - 1 else None
    avail = _el(pub, "availability", status="unknown")
    lic = _el(avail, "licence")
    if rec.rights_content:
        for para in rec.rights_content:
            w.write(_el(lic, "p"), para)
    else:
        _el(lic, "p", "The record as converted does not include a rights statement.")


def _source_desc(file_desc: etree._Element, rec: Record, w: InlineWriter) -> None:
    sd = _el(file_desc, "sourceDesc")
    bibl = _el(sd, "bibl", type="online" if rec.publisher else None)
    bibl.set(xml_attr("id"), rec.source_bibl_id or "src")
    t = _el(bibl, "title", level="a")
    if rec.title_content:
        w.write(t, rec.title_content)
    else:
        t.text = rec.title or UNTITLED
    if rec.title_by_encoder or not rec.title:
        t.set("resp", "#encoder")
    if rec.date_text:
        _el(bibl, "date", rec.date_text, type="document", **(rec.date.attributes() if rec.date else {}))
    for c in rec.credits:
        rs = _el(bibl, "respStmt")
        _el(rs, "resp", c.resp)
        for n in c.names:
            _el(rs, "orgName" if _is_org(n) else "persName", n)
    if rec.series_title:
        _el(bibl, "title", rec.series_title, level="m")
    if rec.publisher:
        _el(bibl, "publisher", ", ".join(rec.publisher))
    if rec.uploaded_date:
        _el(bibl, "date", rec.uploaded_date, type="uploaded", when=rec.uploaded_date)
    if rec.record_id:
        _el(bibl, "idno", rec.record_id, type=rec.source_idno_type)
    if rec.url:
        _el(bibl, "idno", rec.url, type="URL")
    if rec.citation_paragraph:
        _el(bibl, "note", rec.citation_paragraph, type="sourceCitation")
    if rec.classification_field:
        _el(bibl, "note", rec.classification_field, type="classification")
    if rec.authors_field:
        _el(bibl, "note", rec.authors_field, type="authors")
    for pub in rec.publications:
        _el(bibl, "note", pub, type="publication")
    ms_refs = [r for r in rec.archive_refs if r.archive or r.text]
    ids = []
    for r in ms_refs:
        base = f"ms-{slug(r.archive or 'source')}"
        ms_id, n = base, 2
        while ms_id in ids:
            ms_id, n = f"{base}-{n}", n + 1
        ids.append(ms_id)
    for ms_id in ids:
        _el(bibl, "relatedItem", type="original", target=f"#{ms_id}")
    for r, ms_id in zip(ms_refs, ids, strict=True):
        _ms_desc(sd, r, ms_id, rec, w)


def _ms_desc(sd: etree._Element, ref: ArchiveRef, ms_id: str, rec: Record, w: InlineWriter) -> None:
    ms = _el(sd, "msDesc")
    ms.set(xml_attr("id"), ms_id)
    ident = _el(ms, "msIdentifier")
    known = ARCHIVES.get(ref.archive or "")
    if known:
        name, settlement, code, country = known
        _el(ident, "country", country, key=code)
        _el(ident, "settlement", settlement)
        _el(ident, "repository", f"{name} ({ref.archive})")
    else:
        _el(ident, "repository", ref.archive or "unknown")
    if ref.parts:
        shelf = _el(ident, "idno", type="shelfmark")
        _nested_idnos(shelf, ref)
    elif ref.shelfmark or not ref.archive:
        _el(ident, "idno", ref.shelfmark if ref.archive else ref.text, type="shelfmark")
    contents = _el(ms, "msContents")
    item = _el(contents, "msItem")
    if ref.leaves:
        _el(item, "locus", ref.leaves, **{"from": ref.leaf_from, "to": ref.leaf_to or ref.leaf_from})
    for p in [p for p in rec.senders if not p.relay]:
        _party_el(item, p, w, tag="author")
    _el(item, "title", _desc_title(rec), type="desc")
    if not rec.original_language:
        _el(item, "note", "The source record does not state the language or the physical form (original, copy or "
                          "translation) of the archival document.")


def _nested_idnos(shelf: etree._Element, ref: ArchiveRef) -> None:
    """``f. 558 op. 11 d. 323`` with each value in a typed ``idno``; the printed form stays the string value."""
    text = ref.shelfmark
    pos = 0
    last = None
    for label, kind, value in ref.parts:
        i = text.find(value, text.find(label, pos) + len(label) if text.find(label, pos) >= 0 else pos)
        if i < 0:
            continue
        chunk = text[pos:i]
        if last is None:
            shelf.text = (shelf.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
        last = _el(shelf, "idno", value, type=kind)
        pos = i + len(value)
    if last is None:
        shelf.text = text
    else:
        last.tail = (last.tail or "") + text[pos:] if text[pos:] else last.tail


def _display_date(rec: Record) -> str | None:
    when = rec.date.when if rec.date else None
    if when and len(when) == 10:
        y, m, d = (int(x) for x in when.split("-"))
        return f"{d} {_dt.date(y, m, d).strftime('%B')} {y}"
    return rec.date_text


def _desc_title(rec: Record) -> str:
    kind = (rec.doc_type or "document").replace("-", " ").capitalize()
    recips = [p.name for p in rec.recipients if not p.relay] or [p.name for p in rec.recipients]
    text = kind
    if recips:
        text += " to " + (", ".join(recips[:-1]) + " and " + recips[-1] if len(recips) > 1 else recips[0])
    if _display_date(rec):
        text += f", {_display_date(rec)}"
    return text


@lru_cache(maxsize=2)
def _encoding_desc_template(archive: bool) -> etree._Element:
    """The fixed prose of encodingDesc (an archive's published record, or a transcription), built once and
    copied into every document."""
    ed = etree.Element(tei("encodingDesc"))
    _el(_el(ed, "projectDesc"), "p", "Converted from a plain-text record by teitools, following the teitools "
                                      "encoding conventions.")
    decl = _el(ed, "editorialDecl")
    _el(_el(decl, "correction"), "p", CORRECTION if archive else TRANSCRIPTION_CORRECTION)
    _el(_el(decl, "normalization"), "p", NORMALIZATION)
    _el(_el(decl, "interpretation"), "p", BRACKETS if archive else TRANSCRIPTION_BRACKETS)
    return ed


def css_content(text: str) -> str:
    """A CSS ``content`` declaration giving ``text`` literally."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\' or ord(ch) < 32 else ch for ch in text)
    return f'content: "{escaped}";'


def _encoding_desc(header: etree._Element, rec: Record, w: InlineWriter) -> None:
    ed = copy.deepcopy(_encoding_desc_template(bool(rec.publisher)))
    if w.renditions:
        tags = _el(ed, "tagsDecl")
        for (scope, sign), ident in w.renditions.items():
            r = _el(tags, "rendition", css_content(sign), scheme="css", scope=scope)
            r.set(xml_attr("id"), ident)
    header.append(ed)
    if rec.sender_place and rec.sender_place_evidence == "org":
        interp = ed.find(f"{tei('editorialDecl')}/{tei('interpretation')}")
        _el(interp, "p", f"The place of sending ({rec.sender_place}) is the country of the sending institution "
                         "named in the title; no city is stated.")


def _profile_desc(header: etree._Element, rec: Record, w: InlineWriter, hands: bool) -> None:
    pd = _el(header, "profileDesc")
    if rec.summary_content:
        w.write(_el(_el(pd, "abstract"), "p"), rec.summary_content)
    senders = [p for p in rec.senders if not p.relay]
    # a letter whose writer and addressee the text does not name still has a place and a date of sending
    if (rec.doc_type in CORRESP_TYPES or DIV_TYPES.get(rec.doc_type or "") == "memorandum") and \
            (senders or rec.recipients or rec.sender_place or (rec.date and rec.date.attributes())):
        _corresp_desc(pd, rec, w)
    lu = _el(pd, "langUsage")
    if not rec.publisher:  # a transcription: the language stated or detected, or none
        if rec.language:
            how = " (detected by teitools)" if rec.language_evidence == "detected" else ""
            _el(lu, "language", f"{LANGUAGE_NAMES.get(rec.language, rec.language)}{how}", ident=rec.language)
        else:
            _el(lu, "language", "Undetermined", ident="und")
    elif rec.original_language and rec.original_language.lower() not in ("english", "en"):
        _el(lu, "language", "English (translation)", ident="en")
        from teitools.readers.wilson import LANG_CODES

        code = LANG_CODES.get(rec.original_language.lower())
        if code and any(d.lang == code for d in rec.divisions):
            _el(lu, "language", f"{rec.original_language} (original)", ident=code)
    else:
        _el(lu, "language", "English", ident="en")
    if hands:
        hn = _el(pd, "handNotes")
        note = _el(hn, "handNote", "Handwriting on the document; writer not identified.")
        note.set(xml_attr("id"), HAND_ID)


def _corresp_desc(pd: etree._Element, rec: Record, w: InlineWriter) -> None:
    cd = _el(pd, "correspDesc", source=f"#{rec.source_bibl_id or 'src'}", ref=rec.url)
    sent = _el(cd, "correspAction", type="sent")
    for p in [p for p in rec.senders if not p.relay]:
        _party_el(sent, p, w)
    if rec.sender_place:
        attrs = {"evidence": "internal", "cert": "medium"} if rec.sender_place_evidence == "org" else {}
        _el(sent, "placeName", rec.sender_place, **attrs)
    if rec.date and rec.date.attributes():
        _el(sent, "date", **{k: v for k, v in rec.date.attributes().items() if k != "evidence"})
    if not len(sent):
        _el(sent, "persName", "Unknown")
    if rec.recipients:
        received = _el(cd, "correspAction", type="received")
        for p in rec.recipients:
            _party_el(received, p, w)
        if rec.recipient_place:
            _el(received, "placeName", rec.recipient_place)
