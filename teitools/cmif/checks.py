"""The rules of CMIF v1 (the TEI Correspondence SIG's documentation and Schematron), as checks on a CMIF file.

A problem is (line, message). These are the rules correspSearch applies when it harvests a file: the mandatory
header, one sent and one received action per letter naming a person or organisation, ISO dates of the three
precisions CMIF allows, http(s) URIs in ``@ref``, each ``@source`` pointing to a ``bibl``.
"""

from __future__ import annotations

import re

from lxml import etree

from teitools.xml import TEI, XML_NS

T = f"{{{TEI}}}"
XML_ID = f"{{{XML_NS}}}id"
ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
DATE_TIME = re.compile(r"^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
ACTION_CHILDREN = {"persName", "orgName", "placeName", "date"}
DATING = ("when", "from", "to", "notBefore", "notAfter")
LICENCE_URLS = ("https://creativecommons.org/licenses/by/4.0/", "http://creativecommons.org/licenses/by/4.0/")


def _local(el: etree._Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def cmif_problems(root: etree._Element) -> list[tuple[int | None, str]]:
    """What in the CMIF document ``root`` breaks a rule of CMIF v1; empty when it keeps them all."""
    problems: list[tuple[int | None, str]] = []

    def need(ok: bool, el: etree._Element | None, message: str) -> None:
        if not ok:
            problems.append((el.sourceline if el is not None else None, message))

    need(root.tag == f"{T}TEI", root, "the root is not a TEI element")
    file_desc = root.find(f"{T}teiHeader/{T}fileDesc")
    need(file_desc is not None, root, "no teiHeader/fileDesc")
    if file_desc is None:
        return problems
    need(bool(_text(file_desc.find(f"{T}titleStmt/{T}title"))), file_desc, "titleStmt/title is missing or empty")
    need(bool(_text(file_desc.find(f"{T}titleStmt/{T}editor"))), file_desc, "titleStmt/editor is missing or empty")
    pub = file_desc.find(f"{T}publicationStmt")
    need(pub is not None, file_desc, "no publicationStmt")
    if pub is not None:
        need(bool(_text(pub.find(f"{T}publisher"))), pub, "publicationStmt/publisher is missing or empty")
        idno = pub.find(f"{T}idno")
        need(idno is not None and (idno.get("type") or "").lower() == "url"
             and _text(idno).startswith(("http://", "https://")), pub,
             "publicationStmt/idno[@type='url'] must be the http(s) URL of this file")
        date = pub.find(f"{T}date")
        need(date is not None and bool(DATE_TIME.match(date.get("when") or "")), pub,
             "publicationStmt/date/@when must be an xsd:dateTime (the last update)")
        licence = pub.find(f"{T}availability/{T}licence")
        need(licence is not None and licence.get("target") in LICENCE_URLS, pub,
             "availability/licence/@target must be " + LICENCE_URLS[0])
    bibls = {b.get(XML_ID): b for b in file_desc.iterfind(f"{T}sourceDesc/{T}bibl")}
    need(bool(bibls), file_desc, "no sourceDesc/bibl")
    for xml_id, bibl in bibls.items():
        need(bool(xml_id), bibl, "sourceDesc/bibl has no xml:id")
        need(bibl.get("type") in ("print", "online", "hybrid"), bibl, "bibl/@type must be print, online or hybrid")
    descs = list(root.iter(f"{T}correspDesc"))
    need(bool(descs), root, "no correspDesc")
    for desc in descs:
        source = desc.get("source") or ""
        need(source.startswith("#") and source[1:] in bibls, desc,
             f"correspDesc/@source {source!r} does not point to a sourceDesc/bibl")
        for kind in ("sent", "received"):
            count = sum(1 for a in desc.iterfind(f"{T}correspAction") if a.get("type") == kind)
            need(count == 1, desc, f"{count} correspAction of type {kind!r} (one is needed)")
        for action in desc.iterfind(f"{T}correspAction"):
            need(action.get("type") in ("sent", "received"), action,
                 f"correspAction/@type {action.get('type')!r} is not sent or received")
            need(not (action.text or "").strip() and all(not (c.tail or "").strip() for c in action), action,
                 "correspAction holds text of its own")
            for child in action:
                local = _local(child)
                need(local in ACTION_CHILDREN, child, f"{local} is not allowed in correspAction")
                for uri in (child.get("ref") or "").split():
                    need(uri.startswith(("http://", "https://")), child, f"@ref {uri!r} is not an http(s) URI")
                if local in ("persName", "orgName", "placeName"):
                    need(bool(_text(child)), child, f"{local} is empty")
                if local == "date":
                    given = [(a, child.get(a)) for a in DATING if child.get(a) is not None]
                    need(bool(given), child, "date has none of @when, @from, @to, @notBefore, @notAfter")
                    for name, value in given:
                        need(bool(ISO_DATE.match(value)), child, f"date/@{name} {value!r} is not YYYY, YYYY-MM or "
                             "YYYY-MM-DD")
            need(any(_local(c) in ("persName", "orgName") for c in action), action,
                 "correspAction names no persName or orgName (CMIF writes 'Unknown')")
    return problems
