"""Rule checks of the Schematron kind, in Python: each has an id, a severity and a message that says what to do.

``check_rules`` runs the built-in TEI rules (catalogued in ``ruleset``) on one
tree; a user's ISO Schematron is run by ``schematron.Schematron``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from teitools.validation.findings import FileReport
from teitools.validation.ruleset import RULES
from teitools.xinclude import origin
from teitools.xml import LOCAL_NAMES, POINTER_ATTRS, TEI, XML_NS, text_of

XML_ID = f"{{{XML_NS}}}id"
DATE_ATTRS = ("when", "notBefore", "notAfter", "from", "to")
NAME_TAGS = ("persName", "placeName", "orgName", "name")

# teidata.temporal.w3c: xsd:date, gYear, gYearMonth, gMonthDay, gMonth, gDay, dateTime, time
_DATE = re.compile(
    r"^(?:-?\d{4,}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?"
    r"(?:T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?)?"
    r"|--(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|---(?:0[1-9]|[12]\d|3[01])"
    r"|(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?)(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)?$")


def _days(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]


def _real(value: str) -> bool:
    m = re.match(r"^(-?\d{4,})-(\d\d)-(\d\d)", value)
    if not m:
        return True
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year <= 0:
        return 1 <= day <= 31
    return day <= _days(year, month)


def _sortable(value: str) -> str | None:
    m = re.match(r"^(\d{4})(?:-(\d\d))?(?:-(\d\d))?", value)
    return "-".join(g for g in m.groups() if g) if m else None


@dataclass
class Walk:
    """What a rule check sees of the document being checked: its ids, and how to report."""

    ids: dict[str, etree._Element]
    duplicates: list[tuple[etree._Element, etree._Element]]  # (element, the first with its id)
    add: Callable[[str, etree._Element | None, str], None]


# a check per rule: (rule id, what it looks at: "document", "attributes" or the local names of the elements)
ElementCheck = Callable[[etree._Element, str, dict[str, str], Walk], None]
CHECKS: dict[str, tuple[str | frozenset[str], Callable[..., None]]] = {}


def check(rule_id: str, on: str | tuple[str, ...]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register the check of ``rule_id``, whose id, severity and description stand in ``ruleset.RULES`` (the one
    table): ``on`` is "document" (called with the root), "attributes" (every TEI element carrying an attribute a
    rule reads) or the local names of the TEI elements it looks at."""
    if rule_id not in RULES:
        raise KeyError(f"rule {rule_id!r} is not in the rules table")

    def register(fn: Callable[..., None]) -> Callable[..., None]:
        CHECKS[rule_id] = (on if isinstance(on, str) else frozenset(on), fn)
        return fn

    return register


@check("tei-namespace", "document")
def _tei_namespace(root: etree._Element, walk: Walk) -> None:
    if root.tag not in (f"{{{TEI}}}TEI", f"{{{TEI}}}teiCorpus"):
        walk.add("tei-namespace", root, f"the root element is <{root.tag}>; a TEI document's root is <TEI> in the "
                                        f"namespace {TEI}")


@check("id-unique", "document")
def _id_unique(root: etree._Element, walk: Walk) -> None:
    for el, first in walk.duplicates:
        walk.add("id-unique", el, f'xml:id "{el.get(XML_ID)}" is used again (first on line {first.sourceline}); '
                                  f"give each element its own id")


@check("pointer-resolves", "attributes")
def _pointer_resolves(el: etree._Element, local: str, present: dict[str, str], walk: Walk) -> None:
    for attr in POINTER_ATTRS:
        value = present.get(attr)
        if not value:
            continue
        for token in value.split():
            if token.startswith("#") and token[1:] not in walk.ids:
                walk.add("pointer-resolves", el, f'@{attr}="{token}" on <{local}> points to no xml:id in this '
                                                 f"file; add the target or fix the pointer")


@check("date-valid", "attributes")
def _date_valid(el: etree._Element, local: str, present: dict[str, str], walk: Walk) -> None:
    for attr, value in _date_values(local, present).items():
        if not _DATE.match(value.strip()):
            walk.add("date-valid", el, f'@{attr}="{value}" on <{local}> is not a W3C date (YYYY, YYYY-MM, '
                                       f"YYYY-MM-DD or a dateTime)")


@check("date-real", "attributes")
def _date_real(el: etree._Element, local: str, present: dict[str, str], walk: Walk) -> None:
    for attr, value in _date_values(local, present).items():
        if _DATE.match(value.strip()) and not _real(value.strip()):
            walk.add("date-real", el, f'@{attr}="{value}" on <{local}> names a day the month does not have')


@check("date-order", "attributes")
def _date_order(el: etree._Element, local: str, present: dict[str, str], walk: Walk) -> None:
    values = _date_values(local, present)
    for a, b in (("notBefore", "notAfter"), ("from", "to")):
        if a in values and b in values:
            x, y = _sortable(values[a]), _sortable(values[b])
            if x and y and x[: min(len(x), len(y))] > y[: min(len(x), len(y))]:
                walk.add("date-order", el, f"@{a}={values[a]} is after @{b}={values[b]} on <{local}>")


@check("corresp-sent", ("correspDesc",))
def _corresp_sent(el: etree._Element, local: str, present: dict[str, str], walk: Walk) -> None:
    t = f"{{{TEI}}}"
    if el.find(f"{t}correspAction[@type='sent']") is None and el.find(f"{t}correspAction") is not None:
        walk.add("corresp-sent", el, "correspDesc has no correspAction[@type='sent']; say who sent the letter "
                                     "(persName Unknown if unknown)")


@check("corresp-name", ("correspAction",))
def _corresp_name(el: etree._Element, local: str, present: dict[str, str], walk: Walk) -> None:
    for name in el:
        if isinstance(name.tag, str) and LOCAL_NAMES[name.tag] in NAME_TAGS and not text_of(name).strip():
            walk.add("corresp-name", name, f"<{LOCAL_NAMES[name.tag]}> in correspAction is empty; give the name as "
                                           f"text (with @ref for an identifier)")


@check("empty-p", ("p",))
def _empty_p(el: etree._Element, local: str, present: dict[str, str], walk: Walk) -> None:
    if not text_of(el).strip() and not len(el):
        walk.add("empty-p", el, "empty <p>: remove it or give it its text")


@check("empty-name", NAME_TAGS)
def _empty_name(el: etree._Element, local: str, present: dict[str, str], walk: Walk) -> None:
    if not text_of(el).strip() and not el.get("ref") and not el.get("key") and not len(el):
        walk.add("empty-name", el, f"empty <{local}> without @ref: give the name or remove the element")


def check_rules(tree: etree._ElementTree, report: FileReport, strict: bool = False,
                active: frozenset[str] | None = None) -> None:
    """The built-in rules (``active``: their ids; all by default) in one walk of the document; their errors count
    against validity only when ``strict`` (else they are warnings)."""
    root = tree.getroot()
    t = f"{{{TEI}}}"
    chosen = [(rule_id, CHECKS[rule_id]) for rule_id in CHECKS if active is None or rule_id in active]
    document = [fn for _, (on, fn) in chosen if on == "document"]
    with_attributes = [fn for _, (on, fn) in chosen if on == "attributes"]
    by_name: dict[str, list[ElementCheck]] = {}
    for _, (on, fn) in chosen:
        if isinstance(on, frozenset):
            for name in on:
                by_name.setdefault(name, []).append(fn)

    def add(rule: str, el: etree._Element | None, message: str) -> None:
        severity = RULES[rule].severity if strict else "warning"
        report.add(el.sourceline if el is not None else None, None, severity, rule, message, origin(el))

    walk = Walk({}, [], add)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        xml_id = el.get(XML_ID)
        if xml_id is not None:
            if xml_id in walk.ids:
                walk.duplicates.append((el, walk.ids[xml_id]))
            else:
                walk.ids[xml_id] = el
    for fn in document:
        fn(root, walk)
    if not with_attributes and not by_name:
        return
    for el in root.iter(etree.Element):
        tag = el.tag
        if not tag.startswith(t):
            continue
        local = LOCAL_NAMES[tag]
        present: dict[str, str] = {}
        if with_attributes and tag != f"{t}egXML" and el.attrib:
            # the attributes an element has, looked at once: most have none of the 26 the rules read
            present = {k: v for k, v in el.items() if k in _RULE_ATTRS}
            if present:
                for fn in with_attributes:
                    fn(el, local, present, walk)
        for fn in by_name.get(local, ()):
            fn(el, local, present, walk)


_RULE_ATTRS = frozenset(POINTER_ATTRS) | frozenset(DATE_ATTRS)


# elements whose @from/@to are pointers or page numbers, not dates
RANGE_NOT_DATE = {"span", "app", "locus", "biblScope", "citedRange", "spanGrp", "alt", "link", "when", "locusGrp",
                  "rdgGrp", "interpGrp", "join", "precision", "certainty", "respons", "damageSpan", "delSpan",
                  "addSpan", "lacunaStart", "lacunaEnd", "witStart", "witEnd", "ptr", "ref", "metamark"}


def _date_values(local: str, present: dict[str, str]) -> dict[str, str]:
    attrs = ("when", "notBefore", "notAfter") if local in RANGE_NOT_DATE else DATE_ATTRS
    return {a: present[a] for a in attrs if a in present}
