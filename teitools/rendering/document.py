"""The view of one TEI document (``view.View``): title, header panel, text in both views, notes, register."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from teitools.rendering.body import (
    LANG_TAG,
    XML_ID,
    XML_LANG,
    BodyBuilder,
    PageState,
    T,
    _local,
    _safe_href,
    called_notes,
    facsimiles,
    source_signs,
    with_text,
)
from teitools.rendering.letters import letters_table, lists_letters
from teitools.rendering.view import Entry, Field, Licence, Node, View, plain, shows_text
from teitools.xinclude import origin
from teitools.xml import POINTER_ATTRS, child_at, children_at, text_of

REGISTER_ITEMS = {"person": "People", "personGrp": "People", "place": "Places", "org": "Organisations",
                  "event": "Events", "bibl": "Works and letters", "item": "Other"}


class NotTEI(ValueError):
    """The document is XML but not TEI."""


@dataclass
class Summary:
    """What an index of many documents shows of one."""

    title: str
    date: str | None
    date_sort: str
    senders: list[str]
    recipients: list[str]


def _text(el: etree._Element | None) -> str:
    if el is None or not isinstance(el.tag, str):
        return ""
    if not len(el):  # a leaf, as most names and idnos are: its text, without making an iterator
        return " ".join(el.text.split()) if el.text else ""
    return " ".join(text_of(el).split())


def _first(elements: Iterable[etree._Element], attribute: str, value: str) -> etree._Element | None:
    """The first of ``elements`` whose ``attribute`` is ``value``: a path predicate without ElementPath, which
    runs in Python and cost a fifth of a letter's page."""
    return next((el for el in elements if el.get(attribute) == value), None)


NOT_OWN_LEVELS = {"s", "m", "j", "u"}  # series, monograph, journal, unpublished: the document is a part of these


def main_title(root: etree._Element) -> etree._Element | None:
    """The document's own title: typed main, else of level a (an analytic title: the letter itself), else the
    first that is neither a series, monograph or journal title nor a typed variant (a date, a short form), else
    the first."""
    stmt = child_at(root, f"{T}teiHeader", f"{T}fileDesc", f"{T}titleStmt")
    if stmt is None:
        return None
    titles = list(stmt.iterchildren(f"{T}title"))
    for test in (lambda t: t.get("type") == "main", lambda t: t.get("level") == "a",
                 lambda t: t.get("level") not in NOT_OWN_LEVELS and not t.get("type")):
        found = next((t for t in titles if test(t)), None)
        if found is not None:
            return found
    return titles[0] if titles else None


def root_of(tree: etree._ElementTree | etree._Element) -> etree._Element:
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if _local(root) not in ("TEI", "teiCorpus") or not root.tag.startswith(T):
        raise NotTEI(f"root element is <{root.tag}>, not TEI in the TEI namespace")
    return root


def is_teitools_conversion(root: etree._Element) -> bool:
    stmt = child_at(root, f"{T}teiHeader", f"{T}fileDesc", f"{T}titleStmt")
    resp = _first(stmt.iterchildren(f"{T}respStmt"), XML_ID, "encoder") if stmt is not None else None
    return resp is not None and _text(child_at(resp, f"{T}name")).startswith("teitools")


def register_entries(root: etree._Element) -> dict[str, Entry]:
    """Entries of the lists of people, places … with an xml:id, grouped by kind in the order of REGISTER_ITEMS."""
    return sorted_entries(entry(el, xml_id) for el, xml_id in register_items(root))


def sorted_entries(found: Iterable[Entry]) -> dict[str, Entry]:
    """Entries by id, grouped by kind in the order of REGISTER_ITEMS (document order within a kind)."""
    return {e.xml_id: e for e in sorted(found, key=lambda e: _KIND_ORDER[e.kind])}


def entry(el: etree._Element, xml_id: str) -> Entry:
    """The register entry of a person, place … of a list."""
    names = [c for c in el if _local(c) in ("persName", "placeName", "orgName", "name", "title", "label",
                                            "eventName", "head")]
    reg = next((n for n in names if n.get("type") in ("reg", "main", "full")), names[0] if names else None)
    label = _text(reg) or _text(el)[:80] or xml_id
    details = []
    for c in el:
        local = _local(c)
        if c is reg or local in ("idno", "ptr", "link"):
            continue
        # the parts of a detail (birth date and place, each "mentions" note) stay words apart
        t = " ".join(" ".join(c.itertext()).split()) if len(c) else _text(c)
        if t:
            details.append(t)
    links = [t for t in map(_text, el.iter(f"{T}idno")) if t.startswith(("http://", "https://")) and _safe_href(t)]
    return Entry(xml_id, _local(el), label, details, links)


_KIND_ORDER = {kind: k for k, kind in enumerate(REGISTER_ITEMS)}
_REGISTER_TAGS = tuple(f"{T}{kind}" for kind in REGISTER_ITEMS)


def register_items(root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """The people, places … that have an xml:id and stand in a list: one walk over the document, not one a kind.
    Of a register an include brought in (an edition's shared list of hundreds), only the entries the document
    points to."""
    named = _pointed_to(root) if root.getroottree().docinfo.URL else None  # set where includes were resolved
    for el in root.iter(*_REGISTER_TAGS):
        xml_id = el.get(XML_ID)
        if xml_id:
            parent = el.getparent()
            if parent is not None and _local(parent).startswith("list") and \
                    (named is None or xml_id in named or origin(el) is None):
                yield el, xml_id


def _pointed_to(root: etree._Element) -> set[str]:
    """The ids the document's own elements point to with ``#id``."""
    found: set[str] = set()
    for el in root.iter(etree.Element):
        if origin(el) is not None:
            continue
        for name in POINTER_ATTRS:
            value = el.get(name)
            if value and "#" in value:
                found.update(token[1:] for token in value.split() if token.startswith("#"))
    return found


def summary(root: etree._Element) -> Summary:
    header = child_at(root, f"{T}teiHeader")
    title_el = main_title(root)
    title = _text(_reading_copy(title_el)) if title_el is not None else ""
    senders, recipients, date = [], [], None
    if header is not None:
        for action in header.iter(f"{T}correspAction"):
            people = [_text(n) for n in action if _local(n) in ("persName", "orgName", "name")]
            if action.get("type") == "sent":
                senders.extend(people)
                d = child_at(action, f"{T}date")
                if d is not None and date is None:
                    date = d.get("when") or d.get("from") or d.get("notBefore") or _text(d) or None
            elif action.get("type") == "received":
                recipients.extend(people)
        if date is None:
            for d in header.iter(f"{T}date"):
                if d.get("when") and _local(d.getparent()) in ("bibl", "correspAction", "creation", "docDate"):
                    date = d.get("when")
                    break
    sort_key = date if date and re.match(r"^-?\d{4}", date) else "9999"
    return Summary(title or "(untitled)", date, sort_key, senders, recipients)


def _reading_copy(el: etree._Element) -> etree._Element:
    """A copy of a title with choice resolved to the reading (corr/reg/expan)."""
    if next(el.iter(f"{T}choice"), None) is None:
        return el
    copy = etree.fromstring(etree.tostring(el))
    for choice in list(copy.iter(f"{T}choice")):
        keep = next((c for c in choice if _local(c) in ("corr", "reg", "expan")), None)
        for c in list(choice):
            if c is not keep:
                tail = c.tail
                choice.remove(c)
                if tail and len(choice):
                    choice[-1].tail = (choice[-1].tail or "") + tail
    return copy


# ISO 639-2 codes that have a two-letter form, which BCP 47 (HTML's lang) requires
_TWO_LETTER = {"deu": "de", "ger": "de", "eng": "en", "fra": "fr", "fre": "fr", "ita": "it", "spa": "es",
               "lat": "la", "nld": "nl", "dut": "nl", "por": "pt", "rus": "ru", "pol": "pl", "ces": "cs", "cze": "cs",
               "hun": "hu", "swe": "sv", "dan": "da", "nor": "no", "ell": "el", "gre": "el", "heb": "he",
               "ara": "ar", "zho": "zh", "chi": "zh", "jpn": "ja", "kor": "ko", "tur": "tr", "ukr": "uk"}


def bcp47(tag: str) -> str:
    head, sep, rest = tag.partition("-")
    return _TWO_LETTER.get(head.lower(), head) + sep + rest


def document_lang(root: etree._Element) -> str:
    """The text's language: text/@xml:lang, TEI/@xml:lang, else the first language of langUsage."""
    text = child_at(root, f"{T}text")
    lang = (text.get(XML_LANG) if text is not None else None) or root.get(XML_LANG)
    if not lang:
        usage = child_at(root, f"{T}teiHeader", f"{T}profileDesc", f"{T}langUsage", f"{T}language")
        lang = usage.get("ident") if usage is not None else None
    lang = bcp47(lang.strip()) if lang else "und"
    return lang if LANG_TAG.fullmatch(lang) else "und"


@dataclass
class Index:
    """What rendering any part of a document needs to know of the whole of it."""

    entries: dict[str, Entry]  # the register, by id (``register_entries``)
    called: dict[str, etree._Element]  # the notes a ref or ptr points to, by id (``called_notes``)
    ids: Callable[[], dict[str, etree._Element]]  # elements by xml:id (for the parties that only point to theirs)


def index_of(root: etree._Element) -> Index:
    found: dict[str, etree._Element] = {}

    def ids() -> dict[str, etree._Element]:  # made only for a party without a name of its own
        if not found:
            found.update(by_id(root))
        return found

    return Index(register_entries(root), called_notes(root), ids)


def build_view(tree: etree._ElementTree | etree._Element, info: Summary | None = None) -> View:
    """The view of a document, for every writer; ``info`` is its summary when the caller has it already."""
    root = root_of(tree)
    index = index_of(root)
    doc, r = start_view(root, index, info)
    text = child_at(root, f"{T}text")
    if text is not None:
        r.container(text, doc.body)
    for group in children_at(root, f"{T}TEI"):  # teiCorpus
        t = child_at(group, f"{T}text")
        if t is not None:
            r.container(t, doc.body)
    if doc.listing:
        doc.body.append(letters_table(root))
    finish_view(doc, r, index)
    return doc


def start_view(root: etree._Element, index: Index, info: Summary | None = None) -> tuple[View, BodyBuilder]:
    """A document's view with its title and header panel and an empty body, and the builder of the body (its
    notes are numbered after those of the header panel)."""
    state = PageState(bracket_mode=is_teitools_conversion(root), register_ids=set(index.entries),
                      signs=source_signs(root), called_notes=index.called, register_lists=bool(index.entries),
                      facsimiles=facsimiles(root))
    r = BodyBuilder(state)
    title_el = main_title(root)
    title: list = []
    if title_el is not None:
        r.children(title_el, title)
    info = info or summary(root)
    if not shows_text(title):
        title = with_text(title, info.title)
    listing = lists_letters(root)  # a header that lists letters: they are the page's table, not its metadata
    fields = _fields(root, r, listing, index.ids)
    return View(title, info.title, document_lang(root), fields, [], state.notes, state.apparatus, {},
                state.contents, listing, state.bracket_mode), r


def finish_view(doc: View, r: BodyBuilder, index: Index) -> None:
    """The register, once the whole text is made: each entry with the names in the text that point to it."""
    by_kind: dict[str, list[Entry]] = {}
    for e in index.entries.values():
        e.backrefs = r.s.backrefs.get(e.xml_id, [])
        by_kind.setdefault(REGISTER_ITEMS[e.kind], []).append(e)
    for items in by_kind.values():
        items.sort(key=lambda x: x.label.lower())
    doc.register = by_kind


def date_text(d: etree._Element) -> str:
    """A date as its text says it, else from its attributes: a day, a range, or bounds; uncertainty shown."""
    text = _text(d)
    if not text:
        when = d.get("when") or d.get("when-iso")
        start, end = d.get("from") or d.get("from-iso"), d.get("to") or d.get("to-iso")
        lo, hi = d.get("notBefore") or d.get("notBefore-iso"), d.get("notAfter") or d.get("notAfter-iso")
        if when:
            text = when
        elif start or end:
            text = f"{start or '?'} – {end or '?'}"
        elif lo and hi:
            text = f"between {lo} and {hi}"
        elif lo:
            text = f"not before {lo}"
        elif hi:
            text = f"not after {hi}"
    if text and d.get("cert") in ("low", "medium", "unknown") and not text.endswith("?"):
        text += " (uncertain)"
    return text


def by_id(root: etree._Element) -> dict[str, etree._Element]:
    return {el.get(XML_ID): el for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}


def _party_name(el: etree._Element, ids: Callable[[], dict[str, etree._Element]]) -> str:
    """A name as written, or, when the element only points (``persName ref="#BS"``), the name it points to."""
    text = _text(el)
    if text:
        return text
    for ref in (el.get("ref") or el.get("key") or "").split():
        target = ids().get(ref.removeprefix("#")) if ref.startswith("#") or ":" not in ref else None
        if target is not None:
            names = [c for c in target.iter() if isinstance(c.tag, str) and _local(c) in
                     ("persName", "orgName", "name", "placeName")]
            reg = next((n for n in names if n.get("type") in ("reg", "main", "full", "pref")), None)
            return _text(reg if reg is not None else names[0]) if names else _text(target)
    return ""


def _fields(root: etree._Element, r: BodyBuilder, listing: bool, ids: Callable[[], dict[str, etree._Element]]
            ) -> list[Field]:
    """The header panel's rows, none empty."""
    out: list[Field] = []
    header = child_at(root, f"{T}teiHeader")
    if header is None:
        return out

    def row(label: str, value: str | list | Licence | None) -> None:
        if value is None or (isinstance(value, str) and not value.strip()) or \
                (isinstance(value, list) and not shows_text(value)):
            return  # no empty rows
        out.append(Field(label, value))

    def blocks(el: etree._Element | None) -> list | None:
        if el is None:
            return None
        content: list = []
        r.children_blockwise(el, content)
        return [Node("section", _local(el), content)]

    for action in [] if listing else header.iter(f"{T}correspAction"):
        kind = action.get("type") or "action"
        people = [n for n in (_party_name(c, ids) for c in action if _local(c) in ("persName", "orgName", "name"))
                  if n]
        places = [n for n in (_party_name(c, ids) for c in action if _local(c) in ("placeName", "settlement")) if n]
        dates = [t for t in (date_text(d) for d in action if _local(d) == "date") if t]
        parts = ", ".join(people)
        if places:
            parts += f" ({', '.join(places)})" if parts else ", ".join(places)
        if dates:
            parts += f", {dates[0]}" if parts else dates[0]
        row({"sent": "From", "received": "To"}.get(kind, kind.capitalize()), parts)
    for desc in [] if listing else header.iter(f"{T}correspDesc"):
        for note in children_at(desc, f"{T}note"):
            row("Summary", blocks(note))
        for ref in desc.iterfind(f"{T}correspContext/{T}ref"):
            sub = (ref.get("subtype") or ref.get("type") or "").lower()
            label = "Previous letter" if "prev" in sub else "Next letter" if "next" in sub else None
            if label:
                within = ref.get("type") or ""
                row(label + (" (correspondence)" if "Correspondence" in within else ""), _text(ref))
    file_desc = child_at(header, f"{T}fileDesc")
    if file_desc is not None:
        for bibl in file_desc.iter(f"{T}bibl"):
            d = _first(bibl.iterchildren(f"{T}date"), "type", "document")
            if d is not None:
                row("Date", date_text(d))
                break
        cite = _first(file_desc.iter(f"{T}note"), "type", "sourceCitation")
        row("Source", _text(cite) if cite is not None else _text(child_at(file_desc, f"{T}sourceDesc", f"{T}bibl")))
        for ident in file_desc.iter(f"{T}msIdentifier"):
            row("Archive", ", ".join(t for t in (_text(c) for c in ident) if t))
        for phys in file_desc.iter(f"{T}physDesc"):
            row("Physical description", "; ".join(t for t in (_physical(phys), " ".join(
                " ".join(phys.itertext()).split())) if t))
        editors = [_text(n) for e in children_at(file_desc, f"{T}titleStmt", f"{T}editor")
                   for n in ([c for c in e if _local(c) in ("name", "persName")] or [e])]
        row("Editors" if len(editors) > 1 else "Editor", "; ".join(e for e in editors if e))
        for resp in children_at(file_desc, f"{T}titleStmt", f"{T}respStmt"):
            if resp.get(XML_ID) == "encoder":
                continue
            what = _text(child_at(resp, f"{T}resp"))
            who = ", ".join(_text(n) for n in resp if _local(n) in ("persName", "name", "orgName"))
            row(what[:1].upper() + what[1:] if what else "Responsibility", who)
        for funder in children_at(file_desc, f"{T}titleStmt", f"{T}funder"):
            row("Funder", _text(funder))
        avail = child_at(file_desc, f"{T}publicationStmt", f"{T}availability")
        if avail is not None:
            row("Licence", _licence(avail, r))
    abstract = child_at(header, f"{T}profileDesc", f"{T}abstract")
    row("Summary", blocks(abstract))
    return out


def _physical(phys: etree._Element) -> str:
    """A physical description of measures only (``measure unit="blatt" quantity="1"``): their values."""
    return ", ".join(f"{m.get('quantity')} {m.get('unit')}" for m in phys.iter(f"{T}measure")
                     if m.get("quantity") and m.get("unit"))


def _licence(avail: etree._Element, r: BodyBuilder) -> Licence | None:
    """The licence: its URL stands for it, its full text is shown collapsed where a format can (it must not fill
    the screen)."""
    licence = child_at(avail, f"{T}licence")
    url = (licence.get("target") if licence is not None else None) or ""
    href = _safe_href(url) if url else None
    content: list = []
    r.children_blockwise(licence if licence is not None else avail, content)
    if not shows_text(content):
        return Licence(href, url, [], url) if href else None
    words = " ".join(plain(content).split())
    head = url if href else words[:60] + ("…" if len(words) > 60 else "")
    return Licence(href, url, content, head)
